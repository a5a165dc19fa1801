import { csrByName } from '../../isa/index.ts';
import { PERIPH, PERIPH_BASE } from '../../platform/memory-map.ts';
import type { CoreRetirement } from '../protocol.ts';

/**
 * Cycles from a cycle-counter read to the retirement of the reading instruction, on the RTL: an `mcycle` /
 * `cycle` CSR read and a load of the peripheral cycle counter both return the count of the cycle before
 * the one they retire in (the harness's cycle numbers; measured on the generated cores, every read of the
 * cluster tests and random programs obeys it: docs/cluster.md, "Lockstep checks").
 */
export const COUNTER_READ_LAG = 1;

const PERIPH_CYCLES = (PERIPH_BASE + PERIPH.cycles) >>> 0;
const LOW = new Set(['mcycle', 'cycle'].map((n) => csrByName(n)!.address));
const HIGH = new Set(['mcycleh', 'cycleh'].map((n) => csrByName(n)!.address));
/** CSR writes after which the core's CSR counter no longer equals the harness's cycle count. */
const MOVES_COUNTER = new Set(['mcycle', 'mcycleh', 'mcountinhibit'].map((n) => csrByName(n)?.address).filter((a): a is number => a !== undefined));

interface LastRead {
  value: number;
  order: number;
}

/**
 * Plausibility of the cycle counters the cores read (the golden model has no clock and takes the RTL's
 * values, so without this a stuck or wrong counter goes unseen): per core and counter (the CSR low word,
 * the peripheral counter), each read is at least the previous read plus the instructions the core retired
 * in between (so never smaller), and equals the harness's cycle count minus COUNTER_READ_LAG where the
 * harness knows it: always for the peripheral counter; for the CSR counter until the core writes
 * mcycle/mcycleh/mcountinhibit (then the bound alone, from the next read on).
 */
export class ClusterCounterCheck {
  private readonly csr: Array<LastRead | undefined>;
  private readonly periph: Array<LastRead | undefined>;
  private readonly csrExact: boolean[];
  reads = 0;

  constructor(cores: number) {
    this.csr = new Array(cores).fill(undefined);
    this.periph = new Array(cores).fill(undefined);
    this.csrExact = new Array(cores).fill(true);
  }

  /** Every record with CSR writes: a write that moves the CSR counter ends its exact check for that core. */
  observeWrites(core: number, r: CoreRetirement): void {
    for (let i = 0; i < r.csrCount; i++) {
      if (MOVES_COUNTER.has(r.csr[i]!.addr)) {
        this.csrExact[core] = false;
        this.csr[core] = undefined;
      }
    }
  }

  /** A retired cycle-counter read (readsCycleCount): undefined when plausible, else what is wrong. */
  check(core: number, r: CoreRetirement): string | undefined {
    const periph = r.memCount === 1 && (r.mem[0]!.addr >>> 0) === PERIPH_CYCLES;
    const csr = periph ? -1 : r.insn >>> 20;
    const now = r.cycle - COUNTER_READ_LAG;
    const v = r.rdValue >>> 0;
    this.reads++;
    if (!periph && HIGH.has(csr)) {
      const want = Math.floor(now / 2 ** 32) >>> 0;
      return this.csrExact[core] && v !== want ? `the cycle counter's high word read ${v}, the harness's cycle ${r.cycle} says ${want}` : undefined;
    }
    if (!periph && !LOW.has(csr)) return undefined;
    const name = periph ? 'the peripheral cycle counter' : 'mcycle';
    const table = periph ? this.periph : this.csr;
    const last = table[core];
    table[core] = { value: v, order: r.order };
    if ((periph || this.csrExact[core]) && v !== now >>> 0) {
      return `${name} read ${v} in the instruction retired in cycle ${r.cycle}: the counter must show ${now >>> 0} (the cycle before the retirement)`;
    }
    if (last) {
      const step = (v - last.value) | 0, retired = r.order - last.order;
      if (step < retired) return `${name} read ${v}, ${step} more than the read ${retired} instructions earlier (${last.value}): it must advance by at least the instructions in between`;
    }
    return undefined;
  }
}

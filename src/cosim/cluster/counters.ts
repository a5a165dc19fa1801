import { csrByName } from '../../isa/index.ts';
import { PERIPH, PERIPH_BASE } from '../../platform/memory-map.ts';
import { COUNTER_READ_LAG, CycleCounterCheck } from '../counter-check.ts';
import type { CoreRetirement } from '../protocol.ts';

const PERIPH_CYCLES = (PERIPH_BASE + PERIPH.cycles) >>> 0;
const LOW = new Set(['mcycle', 'cycle'].map((n) => csrByName(n)!.address));
const HIGH = new Set(['mcycleh', 'cycleh'].map((n) => csrByName(n)!.address));

/**
 * Plausibility of the cycle counters the cores read (the golden model has no clock and takes the RTL's
 * values, so without this a stuck or wrong counter goes unseen): core lockstep's check
 * (src/cosim/counter-check.ts) per core and counter (the CSR counter, the peripheral counter), with a
 * one-cycle window: the cluster harness knows the cycle of every retirement, so a read must show exactly
 * the retirement's cycle minus COUNTER_READ_LAG. That holds always for the peripheral counter, and for the
 * CSR counter until the core writes mcycle/mcycleh/mcountinhibit; from there on only the bound (at least
 * the instructions retired in between, never backwards) holds, counted from the next read.
 */
export class ClusterCounterCheck {
  private readonly csr: CycleCounterCheck[];
  private readonly periph: CycleCounterCheck[];
  reads = 0;

  constructor(cores: number) {
    this.csr = Array.from({ length: cores }, () => new CycleCounterCheck('mcycle'));
    this.periph = Array.from({ length: cores }, () => new CycleCounterCheck('the peripheral cycle counter'));
  }

  /** Every record with CSR writes: a write that moves the CSR counter starts a new baseline for that core. */
  observeWrites(core: number, r: CoreRetirement): void {
    for (let i = 0; i < r.csrCount; i++) this.csr[core]!.csrWrite(r.csr[i]!.addr, r.csr[i]!.value);
  }

  /** A retired cycle-counter read (readsCycleCount): undefined when plausible, else what is wrong. */
  check(core: number, r: CoreRetirement): string | undefined {
    this.reads++;
    const periph = r.memCount === 1 && (r.mem[0]!.addr >>> 0) === PERIPH_CYCLES;
    const csr = r.insn >>> 20;
    const high = !periph && HIGH.has(csr);
    if (!periph && !high && !LOW.has(csr)) return undefined;
    const now = r.cycle - COUNTER_READ_LAG;
    const check = (periph ? this.periph : this.csr)[core]!;
    return check.read({ value: r.rdValue, high, order: r.order, window: { from: now, to: now }, cycle: r.cycle });
  }
}

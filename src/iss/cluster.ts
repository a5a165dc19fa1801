import type { Config } from '../isa/index.ts';
import type { ElfImage } from '../elf/read.ts';
import { WAIT_NAMES, type WaitKind } from './cluster/event-unit.ts';
import { ClusterPeripherals } from './cluster/periph.ts';
import type { DmaCompletion } from './cluster/dma.ts';
import { Hart } from './hart.ts';
import { loadElf } from './loader.ts';
import { Memory, type HaltReason } from './memory.ts';
import type { MemorySizes } from '../platform/memory-map.ts';
import type { RetireCallback } from './retire.ts';

/** Largest cluster: event-unit core masks are 32-bit words. */
export const MAX_CLUSTER_CORES = 32;

export interface ClusterOptions {
  /** When the DMA's done event comes (src/iss/cluster/dma.ts); default `immediate`. */
  dmaCompletion?: DmaCompletion;
}

export interface ClusterRunResult {
  /** A halt reason (`deadlock`: every hart asleep), or `limit` when the harts used their instruction budgets. */
  reason: HaltReason | 'limit';
  /** tohost / EOC value, faulting address, or for a deadlock the mask of the sleeping harts. */
  value: number;
  /** Retired (and trapping) instructions per hart since reset. */
  instructions: number[];
  /** Harts asleep at the end (waiting in the event unit). */
  sleeping: number[];
  seconds: number;
}

/** What one `step` of a hart did. */
export type StepOutcome = 'retired' | 'asleep' | 'halted';

/**
 * N harts sharing one memory map (TCDM, peripherals, L2) with the cluster peripherals of docs/cluster.md:
 * core count, cycle counter, EOC, core id, event unit, DMA. Instruction-accurate, not cycle-accurate: the
 * harts run round-robin in quanta of instructions, deterministically for a given quantum. A hart whose
 * load hits a wait register that cannot answer yet sleeps (nothing retires, its pc stays at the load) and
 * is skipped until the event arrives; when every hart sleeps the run halts with `deadlock`.
 */
export class Cluster {
  readonly mem: Memory;
  readonly harts: Hart[];
  readonly periph: ClusterPeripherals;

  constructor(config: Config, cores: number, sizes: Partial<MemorySizes> = {}, opts: ClusterOptions = {}) {
    if (!Number.isInteger(cores) || cores < 1 || cores > MAX_CLUSTER_CORES) {
      throw new RangeError(`core count must be an integer 1..${MAX_CLUSTER_CORES}, got ${cores}`);
    }
    this.mem = new Memory(sizes);
    this.mem.coreCount = cores;
    this.periph = new ClusterPeripherals(this.mem, cores, opts.dmaCompletion);
    this.mem.device = this.periph;
    this.harts = Array.from({ length: cores }, (_, i) => new Hart({ config, mem: this.mem, hartId: i }));
    // No clock exists: the counter is the longest instruction count, monotonic and close to the cycles
    // of a parallel section. Lockstep takes the RTL's value instead.
    this.mem.cycles = () => {
      let n = 0;
      for (const h of this.harts) n = Math.max(n, h.n);
      return n;
    };
  }

  /** Loads the program; every hart starts at its entry point (software reads mhartid to split work). */
  load(image: ElfImage, fileName = '<elf>'): number {
    const entry = loadElf(this.mem, image, fileName);
    for (const h of this.harts) h.pc = entry;
    return entry;
  }

  /** Is hart `i` waiting in the event unit with nothing to wake it yet? */
  asleep(i: number): boolean {
    return this.periph.eu.asleep(i);
  }

  /**
   * Runs until the simulation halts (tohost, EOC, bus error, trap loop), every hart sleeps with no DMA
   * transfer pending (`deadlock`), or every hart that can run has retired `maxInstr` more instructions. Each turn gives one runnable hart
   * `quantum` instructions; with `onRetire` the records of all harts are streamed (field `hart`).
   */
  run(maxInstr = 1e9, quantum = 1000, onRetire?: RetireCallback): ClusterRunResult {
    const t0 = performance.now();
    const m = this.mem;
    const limits = this.harts.map((h) => h.n + maxInstr);
    while (!m.halted) {
      let ran = false;
      for (let i = 0; i < this.harts.length && !m.halted; i++) {
        const left = limits[i]! - this.harts[i]!.n;
        if (left <= 0 || this.asleep(i)) continue;
        this.runHart(i, Math.min(quantum, left), onRetire);
        ran = true;
      }
      if (!ran) {
        const allAsleep = this.harts.every((_, i) => this.asleep(i));
        // A deferred DMA transfer still to finish is time passing, not a deadlock: it completes now.
        if (allAsleep && this.periph.dma.complete()) continue;
        if (allAsleep) m.halt('deadlock', this.sleepMask());
        break;
      }
    }
    return {
      reason: m.halted ? m.haltReason! : 'limit',
      value: m.haltValue,
      instructions: this.harts.map((h) => h.n),
      sleeping: this.harts.map((_, i) => i).filter((i) => this.asleep(i)),
      seconds: (performance.now() - t0) / 1000,
    };
  }

  /** One instruction of hart `i` (lockstep): it retires (reported to `onRetire`), sleeps, or cannot run. */
  step(i: number, onRetire?: RetireCallback): StepOutcome {
    const h = this.harts[i]!;
    const n = h.n;
    const slept = this.runHart(i, 1, onRetire);
    if (h.n !== n) return 'retired';
    return slept ? 'asleep' : 'halted';
  }

  /** Why each sleeping hart sleeps, one line each (deadlock and lockstep reports). */
  describeSleepers(): string[] {
    const eu = this.periph.eu;
    return this.harts.flatMap((h, i) =>
      this.asleep(i)
        ? [`hart ${i} at pc 0x${(h.pc >>> 0).toString(16)} sleeps on ${WAIT_NAMES[eu.waiting[i] as WaitKind]} ` +
            `(event mask 0x${eu.mask[i]!.toString(16)}, pending 0x${eu.buffer[i]!.toString(16)}, ` +
            `barrier mask 0x${(eu.barrierMask >>> 0).toString(16)}, arrived 0x${eu.arrived.toString(16)})`]
        : [],
    );
  }

  private sleepMask(): number {
    let mask = 0;
    for (let i = 0; i < this.harts.length; i++) if (this.asleep(i)) mask |= 1 << i;
    return mask;
  }

  /** Runs hart `i` for up to `n` instructions; true when it went to sleep. */
  private runHart(i: number, n: number, onRetire?: RetireCallback): boolean {
    const m = this.mem;
    m.core = i;
    this.harts[i]!.run(n, onRetire);
    if (!m.sleeping) return false;
    m.resume();
    return true;
  }
}

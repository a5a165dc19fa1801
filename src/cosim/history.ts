import type { Retirement } from '../iss/retire.ts';

/** One agreed retirement as a mismatch report lists it. */
export interface HistoryEntry {
  /** Core (hart) index: 0 in single-core lockstep. */
  core: number;
  /** The RTL cycle it retired in. */
  cycle: number;
  order: number;
  pc: number;
  insn: number;
}

/**
 * The last agreed retirements of a lockstep run (one core or all cores of a cluster), overwritten in place:
 * no allocation per retirement. Shared by the core and the cluster lockstep.
 */
export class RetirementHistory {
  private readonly core: Uint8Array;
  private readonly cycle: Float64Array;
  private readonly order: Float64Array;
  private readonly pc: Int32Array;
  private readonly insn: Uint32Array;
  private n = 0;

  constructor(private readonly size: number) {
    this.core = new Uint8Array(size);
    this.cycle = new Float64Array(size);
    this.order = new Float64Array(size);
    this.pc = new Int32Array(size);
    this.insn = new Uint32Array(size);
  }

  push(core: number, cycle: number, r: Retirement): void {
    if (this.size === 0) return;
    const i = this.n++ % this.size;
    this.core[i] = core;
    this.cycle[i] = cycle;
    this.order[i] = r.order;
    this.pc[i] = r.pc;
    this.insn[i] = r.insn;
  }

  /** The kept retirements, oldest first. */
  entries(): HistoryEntry[] {
    const count = Math.min(this.n, this.size);
    return Array.from({ length: count }, (_, k) => {
      const i = (this.n - count + k) % this.size;
      return { core: this.core[i]!, cycle: this.cycle[i]!, order: this.order[i]!, pc: this.pc[i]!, insn: this.insn[i]! };
    });
  }
}

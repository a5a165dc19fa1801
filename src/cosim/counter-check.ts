import { CYCLE_COUNTER_WRITES, MCOUNTINHIBIT } from './compare.ts';

/**
 * Plausibility of cycle-counter reads. Lockstep cannot compare a cycle count with the golden model (it
 * counts one cycle per instruction), so it takes the RTL's value; this check keeps that value honest. Per
 * hart and counter, every read must be:
 * - monotonic: not below the previous read (32-bit words, so modulo 2^32, a step below 2^31);
 * - at least the retirements in between: each instruction takes a cycle of its own in the stage that reads
 *   the counter, so the count grows by at least the number of instructions retired since the last read;
 * - inside the harness's own window when the harness knows it: [from, to] are the cycles the read can
 *   have happened in, by the harness's cycle count (core lockstep: from the cycle the previous instruction
 *   retired in to the cycle before the reading instruction retires).
 * A write of the counter (or of its inhibit bit) starts a new baseline and ends the window check: after it
 * the count no longer equals the harness's. Core lockstep uses one check per counter (mcycle, the
 * peripheral cycle counter); cluster lockstep one per core and counter, with a one-cycle window
 * (src/cosim/cluster/counters.ts).
 */
export interface CycleRead {
  /** The value read: the low word, or the high word with `high`. */
  value: number;
  high?: boolean;
  /** Instructions this hart retired before the reading one (its retirement `order`). */
  order: number;
  /** Harness cycles the read happened within, inclusive, when the harness knows them. */
  window?: { from: number; to: number };
  /** The harness cycle the reading instruction retired in, for the message. */
  cycle?: number;
}

/**
 * Cycles from a cycle-counter read to the retirement of the reading instruction, on the RTL: an `mcycle` /
 * `cycle` CSR read and a load of the peripheral cycle counter both return the count of the cycle before
 * the one they retire in (the harness's cycle numbers; measured on the generated cores, every read of the
 * cluster tests and random programs obeys it: docs/cluster.md, "Lockstep checks").
 */
export const COUNTER_READ_LAG = 1;

const TWO32 = 2 ** 32;

export class CycleCounterCheck {
  private lastValue = 0;
  private lastOrder = -1;
  private lastHigh = -1;
  /** The count still equals the harness's cycle count (no write, no inhibit since the start). */
  private tracksHarness = true;
  private inhibited = false;

  /** `what` names the counter in the messages (e.g. 'mcycle', 'core 3 peripheral cycle counter'). */
  constructor(private readonly what = 'the cycle counter') {}

  /** Checks one read; undefined when plausible, otherwise the sentence that says what is wrong. */
  read(r: CycleRead): string | undefined {
    const v = r.value >>> 0;
    const w = r.window;
    const where = r.cycle === undefined ? '' : ` in the instruction retired in cycle ${r.cycle}`;
    if (r.high) {
      if (w && this.tracksHarness) {
        const lo = Math.floor(w.from / TWO32), hi = Math.floor(w.to / TWO32);
        if (v < lo || v > hi) return `${this.what} high word read ${v}${where}: the counter must show ${span(lo, hi)} (the harness's cycle count)`;
      }
      if (this.lastHigh >= 0 && !this.inhibited && v < this.lastHigh) return `${this.what} high word went back from ${this.lastHigh} to ${v}`;
      this.lastHigh = v;
      return undefined;
    }
    if (w && this.tracksHarness) {
      const from = w.from % TWO32;
      if (((v - from) >>> 0) > w.to - w.from) return `${this.what} read ${v}${where}: the counter must show ${span(w.from, w.to)} (the harness's cycle count)`;
    }
    if (this.lastOrder >= 0 && !this.inhibited) {
      const step = (v - this.lastValue) >>> 0;
      const retired = r.order - this.lastOrder;
      if (step >= 2 ** 31) return `${this.what} went back: ${v} after ${this.lastValue}`;
      if (step < retired) return `${this.what} advanced by ${step} over ${retired} retired instructions (read ${this.lastValue} at retirement ${this.lastOrder}, then ${v} at retirement ${r.order}): fewer cycles than instructions`;
    }
    this.lastValue = v;
    this.lastOrder = r.order;
    return undefined;
  }

  /** A CSR write retired: one of mcycle, mcycleh, mcountinhibit makes the count part from the harness's. */
  csrWrite(addr: number, value: number): void {
    if (CYCLE_COUNTER_WRITES.has(addr)) this.written(addr === MCOUNTINHIBIT ? (value & 1) === 1 : undefined);
  }

  /** The counter was written, or counting was inhibited (true) or resumed (false): a new baseline. */
  written(inhibited = this.inhibited): void {
    this.tracksHarness = false;
    this.inhibited = inhibited;
    this.lastOrder = -1;
    this.lastHigh = -1;
  }
}

const span = (from: number, to: number): string => (from === to ? `${from}` : `${from}..${to}`);

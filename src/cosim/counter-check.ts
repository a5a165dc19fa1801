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
 * the count no longer equals the harness's. The cluster's peripheral cycle counter uses the same check.
 */
export interface CycleRead {
  /** The value read: the low word, or the high word with `high`. */
  value: number;
  high?: boolean;
  /** Instructions this hart retired before the reading one (its retirement `order`). */
  order: number;
  /** Harness cycles the read happened within, inclusive, when the harness knows them. */
  window?: { from: number; to: number };
}

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
    if (r.high) {
      if (this.lastHigh >= 0 && !this.inhibited && v < this.lastHigh) return `${this.what} high word went back from ${this.lastHigh} to ${v}`;
      if (w && this.tracksHarness) {
        const lo = Math.floor(w.from / TWO32), hi = Math.floor(w.to / TWO32);
        if (v < lo || v > hi) return `${this.what} high word read ${v}, the harness's cycle count puts it in ${lo}..${hi}`;
      }
      this.lastHigh = v;
      return undefined;
    }
    if (this.lastOrder >= 0 && !this.inhibited) {
      const step = (v - this.lastValue) >>> 0;
      const retired = r.order - this.lastOrder;
      if (step >= 2 ** 31) return `${this.what} went back: ${v} after ${this.lastValue}`;
      if (step < retired) return `${this.what} advanced by ${step} over ${retired} retired instructions (read ${this.lastValue} at retirement ${this.lastOrder}, then ${v} at retirement ${r.order}): fewer cycles than instructions`;
    }
    if (w && this.tracksHarness) {
      const from = w.from % TWO32, span = w.to - w.from;
      if (((v - from) >>> 0) > span) return `${this.what} read ${v}, but by the harness's cycle count it was read in cycle ${w.from === w.to ? w.from : `${w.from}..${w.to}`}`;
    }
    this.lastValue = v;
    this.lastOrder = r.order;
    return undefined;
  }

  /** The counter was written, or counting was inhibited (true) or resumed (false): a new baseline. */
  written(inhibited = this.inhibited): void {
    this.tracksHarness = false;
    this.inhibited = inhibited;
    this.lastOrder = -1;
    this.lastHigh = -1;
  }
}

/**
 * A 64-bit performance counter derived from the hart's retired-instruction count `n`, so that counting
 * costs nothing per instruction. The golden model has no pipeline: mcycle advances like minstret.
 */
export class Counter {
  private offset = 0;
  private frozen: number | undefined;

  value(n: number): number {
    return this.frozen ?? n + this.offset;
  }

  /** Sets the 64-bit value as seen by the instruction after the writing one (which retires as the n-th). */
  set(n: number, v: number): void {
    if (this.frozen !== undefined) this.frozen = v;
    else this.offset = v - (n + 1);
  }

  setLow(n: number, lo: number): void {
    const cur = this.value(n + 1);
    this.set(n, Math.floor(cur / 2 ** 32) * 2 ** 32 + (lo >>> 0));
  }

  setHigh(n: number, hi: number): void {
    const cur = this.value(n + 1);
    this.set(n, (hi >>> 0) * 2 ** 32 + (cur % 2 ** 32));
  }

  inhibit(n: number, on: boolean): void {
    if (on && this.frozen === undefined) this.frozen = this.value(n + 1);
    else if (!on && this.frozen !== undefined) {
      this.offset = this.frozen - (n + 1);
      this.frozen = undefined;
    }
  }

  static low(v: number): number {
    return (v % 2 ** 32) | 0;
  }

  static high(v: number): number {
    return Math.floor(v / 2 ** 32) | 0;
  }
}

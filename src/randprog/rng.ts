/** A small seeded generator (xorshift128+ on 32-bit halves is overkill here: mulberry32 is enough). */
export class Rng {
  private s: number;

  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }

  /** Uniform 32-bit unsigned integer. */
  u32(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + (this.u32() % (hi - lo + 1));
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.u32() % xs.length];
  }

  chance(p: number): boolean {
    return this.u32() / 2 ** 32 < p;
  }

  /** A 32-bit value biased toward the edge cases of integer arithmetic. */
  interesting(): number {
    switch (this.int(0, 7)) {
      case 0: return this.pick([0, 1, -1, 0x7fffffff, -0x80000000, 2, -2, 0xffff, 0x8000]);
      case 1: return this.int(-16, 16);
      case 2: return (this.u32() >>> this.int(0, 31)) | 0;
      default: return this.u32() | 0;
    }
  }
}

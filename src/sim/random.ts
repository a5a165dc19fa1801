/**
 * A small seeded PRNG (SplitMix32-style mixing of a Weyl sequence) for reproducible stimulus: the same
 * seed gives the same vectors on every machine, so a failing vector can be replayed from its seed.
 */
export class Random {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform 32-bit unsigned integer. */
  u32(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  }

  /** Uniform integer in [0, n), n <= 2^32. */
  below(n: number): number {
    return Math.floor((this.u32() / 2 ** 32) * n);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.u32() / 2 ** 32 < p;
  }

  /** A uniform `width`-bit value as a number (width <= 32). */
  bits(width: number): number {
    return width >= 32 ? this.u32() : this.u32() >>> (32 - width);
  }

  /** A uniform `width`-bit value as a bigint, any width. */
  bigBits(width: number): bigint {
    let v = 0n;
    for (let done = 0; done < width; done += 32) v = (v << 32n) | BigInt(this.u32());
    return v & ((1n << BigInt(width)) - 1n);
  }
}

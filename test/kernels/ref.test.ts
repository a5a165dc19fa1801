import { describe, expect, it } from 'vitest';
import { makeLayer, checkShape } from '../../src/kernels/layer.ts';
import { matmul, matvec } from '../../src/kernels/ref/linear.ts';
import { pack, unpack } from '../../src/kernels/ref/pack.ts';
import { requantOne, requantize } from '../../src/kernels/ref/requant.ts';
import { UserError } from '../../src/util/errors.ts';

describe('packing (lane 0 least significant)', () => {
  it('places element i at bit (i * bits) mod 32 of word floor(i * bits / 32)', () => {
    expect([...pack([1, 2, 3, 4, 5], 8)]).toEqual([0x04030201, 0x05]);
    expect([...pack([1, -1, 7, -8, 0, 0, 0, 3], 4)]).toEqual([0x3000_87f1]);
    expect([...pack([1, -1, -2, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1], 2)]).toEqual([0xd555_552d]);
  });
  it('round-trips every width and signedness', () => {
    for (const bits of [8, 4, 2]) {
      for (const signed of [false, true]) {
        const lo = signed ? -(1 << (bits - 1)) : 0;
        const vals = Array.from({ length: 48 }, (_, i) => lo + ((i * 7) % (1 << bits)));
        expect([...unpack(pack(vals, bits), bits, vals.length, signed)]).toEqual(vals);
      }
    }
  });
});

describe('linear references', () => {
  it('matvec and matmul on a hand-checked case', () => {
    const x = Int32Array.from([1, 2, 3, 4, 5, 6]);
    const w = Int32Array.from([1, 0, -1, 2, 2, 2]);
    expect([...matvec(x, w, 2, 3)]).toEqual([-2, 12]);
    expect([...matmul(x, w, 2, 2, 3)]).toEqual([-2, 12, -2, 30]);
  });
  it('accumulates with 32-bit wrap-around', () => {
    const big = Int32Array.from([0x40000000, 0x40000000]);
    expect([...matvec(big, Int32Array.from([2, 0]), 1, 2)]).toEqual([-0x80000000]);
  });
});

describe('requantization', () => {
  it('scales, shifts arithmetically and clips to the output range', () => {
    expect(requantOne(100, 3, 4, 2, 8)).toBe(76); // (300 + 4) >> 2
    expect(requantOne(-100, 3, 0, 2, 8)).toBe(0); // negative clips to 0
    expect(requantOne(1000, 1, 0, 0, 4)).toBe(15);
    expect(requantOne(5, 1, 0, 0, 2)).toBe(3);
    expect(requantOne(-7, 1, 16, 1, 8)).toBe(4); // (-7 + 16) >> 1 = 4
    expect(requantOne(0x40000000, 4, 0, 0, 8)).toBe(0); // the product wraps to 0
  });
  it('uses each channel its own kappa and lambda', () => {
    const rq = { kappa: Int32Array.from([1, 2]), lambda: Int32Array.from([0, 1]), shift: 0, outBits: 8 };
    expect([...requantize(Int32Array.from([3, 3, 4, 4]), 2, rq)]).toEqual([3, 7, 4, 9]);
  });
});

describe('layers', () => {
  it('outputs of a generated layer cover the output range (some clipped, most not)', () => {
    for (const outBits of [8, 4, 2] as const) {
      const l = makeLayer({ a: 4, w: 2, outBits, n: 32, k: 128, pixels: 2 }, 7);
      const max = (1 << outBits) - 1;
      const inside = l.out.filter((v) => v > 0 && v < max).length;
      expect(new Set(l.out).size).toBeGreaterThan(Math.min(max, 8) / 2);
      if (outBits > 2) expect(inside).toBeGreaterThan(l.out.length / 2);
    }
  });
  it('is deterministic per seed', () => {
    const s = { a: 8, w: 4, outBits: 8, n: 8, k: 32, pixels: 1 } as const;
    expect(makeLayer(s, 3).out).toEqual(makeLayer(s, 3).out);
    expect(makeLayer(s, 3).weights).not.toEqual(makeLayer(s, 4).weights);
  });
  it('rejects shapes the kernels cannot run, naming the problem', () => {
    const ok = { a: 8, w: 8, outBits: 8, n: 8, k: 32, pixels: 1 } as const;
    expect(() => checkShape({ ...ok, n: 6 })).toThrow(/n = 6 must be a positive multiple of 4/);
    expect(() => checkShape({ ...ok, k: 48 })).toThrow(/k = 48 must be a positive multiple of 32/);
    expect(() => checkShape({ ...ok, pixels: 0 })).toThrow(/pixels = 0/);
    expect(() => checkShape({ ...ok, a: 3 as 8 })).toThrow(UserError);
    expect(() => checkShape({ ...ok, n: 4, outBits: 4 })).toThrow(/multiple of 32/);
  });
});

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

describe('convolution references', () => {
  it('conv2d equals im2col + matmul (HWC, zero padding, stride)', async () => {
    const { conv2d, outputSize } = await import('../../src/kernels/ref/conv.ts');
    const g = { height: 5, width: 4, cin: 3, cout: 2, kh: 3, kw: 3, stride: 2, pad: 1 };
    const x = Int32Array.from({ length: 5 * 4 * 3 }, (_, i) => (i * 7) % 11 - 3);
    const w = Int32Array.from({ length: 2 * 27 }, (_, i) => (i * 5) % 7 - 3);
    const { oh, ow } = outputSize(g);
    expect([oh, ow]).toEqual([3, 2]);
    const cols = new Int32Array(oh * ow * 27);
    for (let p = 0; p < oh * ow; p++) {
      const oy = Math.floor(p / ow), ox = p % ow;
      let i = p * 27;
      for (let ky = 0; ky < 3; ky++) for (let kx = 0; kx < 3; kx++) for (let c = 0; c < 3; c++) {
        const iy = oy * 2 - 1 + ky, ix = ox * 2 - 1 + kx;
        cols[i++] = iy < 0 || iy >= 5 || ix < 0 || ix >= 4 ? 0 : x[(iy * 4 + ix) * 3 + c];
      }
    }
    expect([...conv2d(x, w, g)]).toEqual([...matmul(cols, w, oh * ow, 2, 27)]);
  });
  it('depthwise on a hand-checked case', async () => {
    const { depthwise } = await import('../../src/kernels/ref/conv.ts');
    // 2x2 input, 2 channels, 2x2 kernel, no padding: one output pixel per channel.
    const x = Int32Array.from([1, 10, 2, 20, 3, 30, 4, 40]);
    const w = Int32Array.from([1, 0, 1, 0, 1, 0, 1, -1]);
    expect([...depthwise(x, w, { height: 2, width: 2, cin: 2, cout: 2, kh: 2, kw: 2, stride: 1, pad: 0 })]).toEqual([10, -40]);
  });
  it('rejects convolutions the kernels cannot run', async () => {
    const { makeConvLayer } = await import('../../src/kernels/layer.ts');
    const g = { a: 8, w: 8, outBits: 8, height: 4, width: 4, cin: 32, cout: 8, kh: 3, kw: 3, stride: 1, pad: 1 } as const;
    expect(() => makeConvLayer({ ...g, cin: 6 }, 1)).toThrow(/cin \* a = 48 must be a multiple of 32/);
    expect(() => makeConvLayer({ ...g, stride: 0 }, 1)).toThrow(/stride = 0/);
    expect(() => makeConvLayer({ ...g, a: 2, cin: 16 }, 1)).toThrow(/kh \* kw \* cin = 144/);
    expect(() => makeConvLayer({ ...g, kh: 7, pad: 0 }, 1)).toThrow(/larger than the padded input/);
  });
});

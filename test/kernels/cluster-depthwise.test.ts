import { describe, expect, it } from 'vitest';
import { makeClusterLayer, runClusterOnGolden, type ClusterLayer } from '../../src/kernels/cluster/index.ts';
import { depthwisePlan, depthwiseWeightWords, depthwiseWidths, type DepthwiseLanes } from '../../src/kernels/cluster/depthwise-plan.ts';
import { BITS, BUILDS, FORMAT_PAIRS, type Bits, type Build } from '../../src/kernels/formats.ts';
import { UserError } from '../../src/util/errors.ts';

/**
 * Depthwise convolution on the golden cluster model (sw/cluster/depthwise.c): every pair and build bit-exact
 * against the TypeScript reference (ref/conv.ts `depthwise`), on odd sizes, strides 1 and 2, several
 * kernel sizes and paddings, 1..4 cores, tensors in the TCDM and in L2 with DMA tiles; with the default
 * 'fastest' lanes (the 8-bit stream in every build) and with each build's 'native' lanes (the narrower
 * streams, kept as an option: depthwise-plan.ts).
 */
type Shape = { height: number; width: number; channels: number; kh: number; kw: number; stride: number; pad: number };
const OUTS: Bits[] = [8, 4, 2];
/** The output format of a pair: rotating over the pairs as cluster-golden.test.ts does, so that both files
 *  share their compiled objects (build × formats). */
const outOf = (a: Bits, w: Bits): Bits => OUTS[FORMAT_PAIRS.findIndex((p) => p.a === a && p.w === w) % 3];

function layer(s: Shape, a: Bits, w: Bits, outBits: Bits, maxCores: number, seed: number, dma = false, tile?: number, lanes?: DepthwiseLanes): ClusterLayer {
  return makeClusterLayer({ kind: 'depthwise', ...s, a, w, outBits }, { maxCores, dma, tile, lanes }, seed);
}
/** The builds whose native lanes differ from the 8-bit stream for a pair (the narrower-lane C paths). */
const nativeBuilds = (a: Bits, w: Bits): Build[] =>
  BUILDS.filter((b) => { const n = depthwiseWidths(b, a, w, 'native'); return n.pa !== 8 || n.d !== 8; });

async function expectExact(c: ClusterLayer, build: Build, cores: number) {
  const r = await runClusterOnGolden(c, build, cores);
  const l = c.layer;
  expect({ build, a: l.a, w: l.w, out: l.outBits, cores, status: r.status, wrong: r.wrong, first: r.firstWrong }).toEqual({
    build, a: l.a, w: l.w, out: l.outBits, cores, status: 1, wrong: 0, first: -1,
  });
  return r;
}

describe('depthwise on the golden cluster model', () => {
  it('every pair x build on one core, odd sizes (5x7), output formats rotating', { timeout: 240_000 }, async () => {
    const s = { height: 5, width: 7, channels: 32, kh: 3, kw: 3, stride: 1, pad: 1 };
    let i = 0;
    for (const { a, w } of FORMAT_PAIRS) {
      const c = layer(s, a, w, OUTS[i++ % 3], 1, 100 + i);
      expect(c.macs).toBe(5 * 7 * 32 * 9);
      for (const build of BUILDS) await expectExact(c, build, 1);
      const n = layer(s, a, w, OUTS[(i - 1) % 3], 1, 100 + i, false, undefined, 'native');
      for (const build of nativeBuilds(a, w)) await expectExact(n, build, 1);
    }
  });

  it('stride 2 on 3 cores: every pair x build (the pass path, not the 3-wide stride-1 one)', { timeout: 240_000 }, async () => {
    const s = { height: 7, width: 9, channels: 32, kh: 3, kw: 3, stride: 2, pad: 1 };
    let i = 0;
    for (const { a, w } of FORMAT_PAIRS) {
      const c = layer(s, a, w, OUTS[i++ % 3], 3, 200 + i);
      for (const build of BUILDS) await expectExact(c, build, 3);
      const n = layer(s, a, w, OUTS[(i - 1) % 3], 3, 200 + i, false, undefined, 'native');
      for (const build of nativeBuilds(a, w)) await expectExact(n, build, 3);
    }
  });

  it('other windows and paddings: 1x1, 2x4 pad 0, 4x2 pad 2 stride 2, 4x4 pad 3, 3x3 pad 3', { timeout: 240_000 }, async () => {
    const shapes: Shape[] = [
      { height: 3, width: 5, channels: 64, kh: 1, kw: 1, stride: 1, pad: 0 },
      { height: 6, width: 5, channels: 32, kh: 2, kw: 4, stride: 1, pad: 0 },
      { height: 5, width: 6, channels: 32, kh: 4, kw: 2, stride: 2, pad: 2 },
      { height: 4, width: 4, channels: 32, kh: 4, kw: 4, stride: 1, pad: 3 },
      { height: 4, width: 5, channels: 32, kh: 3, kw: 3, stride: 1, pad: 3 },
    ];
    let i = 0;
    for (const s of shapes) {
      for (const { a, w } of [{ a: 2 as Bits, w: 8 as Bits }, { a: 8 as Bits, w: 2 as Bits }, { a: 4 as Bits, w: 4 as Bits }]) {
        // Lanes alternate, so that the narrower streams see every window too.
        const c = layer(s, a, w, outOf(a, w), 2, 300 + i, false, undefined, i % 2 ? 'native' : 'fastest');
        await expectExact(c, BUILDS[i % 3], 2);
        i++;
      }
    }
  });

  it('DMA from L2 with several tiles, 4 cores, every pair (builds rotate); 1 core too', { timeout: 240_000 }, async () => {
    const s = { height: 6, width: 5, channels: 32, kh: 3, kw: 3, stride: 1, pad: 1 };
    let i = 0;
    for (const { a, w } of FORMAT_PAIRS) {
      const c = layer(s, a, w, OUTS[i % 3], 4, 400 + i, true, 2);
      expect(c.dma).toBe(true);
      await expectExact(c, BUILDS[i % 3], 4);
      const native = nativeBuilds(a, w);
      if (native.length) await expectExact(layer(s, a, w, OUTS[i % 3], 4, 400 + i, true, 2, 'native'), native[i % native.length], 4);
      if (i % 4 === 0) await expectExact(c, BUILDS[(i + 1) % 3], 1);
      i++;
    }
  });

  it('the work really splits: the busiest of 4 cores retires well under the one-core count', { timeout: 120_000 }, async () => {
    const c = layer({ height: 8, width: 8, channels: 32, kh: 3, kw: 3, stride: 1, pad: 1 }, 4, 2, outOf(4, 2), 4, 500, false, undefined, 'native');
    const one = await expectExact(c, 'flexv', 1);
    const four = await expectExact(c, 'flexv', 4);
    expect(four.maxInstr).toBeLessThan(one.maxInstr / 3);
    expect(four.perfInstr.every((n) => n > one.maxInstr / 8)).toBe(true);
  });

  it("the default lanes are never slower than the baseline's code; the native ones are, at sub-byte (3x3, stride 1)", { timeout: 120_000 }, async () => {
    const s = { height: 6, width: 16, channels: 32, kh: 3, kw: 3, stride: 1, pad: 1 };
    for (const [a, w] of [[2, 2], [4, 8], [2, 8]] as [Bits, Bits][]) {
      const fastest = layer(s, a, w, outOf(a, w), 1, 700 + a * w);
      const base = (await expectExact(fastest, 'baseline', 1)).maxInstr;
      for (const build of ['xpulpnn', 'flexv'] as Build[]) {
        const where = `a${a}w${w} ${build}`;
        // flexv sets its format and enters and leaves status-based mode: a few instructions, no more.
        expect((await expectExact(fastest, build, 1)).maxInstr, where).toBeLessThanOrEqual(base + 4);
        if (!nativeBuilds(a, w).includes(build)) continue;
        const native = await expectExact(layer(s, a, w, outOf(a, w), 1, 700 + a * w, false, undefined, 'native'), build, 1);
        expect(native.maxInstr, where).toBeGreaterThan(base);
      }
    }
  });

  it('a wrong expected output is caught by the on-core checksum (EOC 2) and by the host', { timeout: 60_000 }, async () => {
    const c = layer({ height: 4, width: 5, channels: 32, kh: 3, kw: 3, stride: 1, pad: 1 }, 2, 2, 2, 1, 600);
    c.layer.out[7] = (c.layer.out[7] + 1) % 4;
    const r = await runClusterOnGolden(c, 'xpulpnn', 1);
    expect({ status: r.status, wrong: r.wrong, first: r.firstWrong }).toEqual({ status: 2, wrong: 1, first: 7 });
  });
});

describe('depthwise shapes and plan', () => {
  const ok = { kind: 'depthwise', height: 4, width: 4, channels: 32, kh: 3, kw: 3, stride: 1, pad: 1, a: 8, w: 8, outBits: 8 } as const;
  const err = (patch: Record<string, number>) => {
    try {
      makeClusterLayer({ ...ok, ...patch } as typeof ok, { maxCores: 1 }, 1);
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      return (e as Error).message;
    }
    return 'no error';
  };

  it('bad shapes are refused with the field named', () => {
    expect(err({ channels: 34 })).toMatch(/channels \* a = 272 must be a multiple of 32/);
    expect(err({ channels: 8, a: 2, outBits: 8 })).toMatch(/channels \* a = 16/);
    expect(err({ channels: 24, outBits: 2 })).toMatch(/channels \* outBits = 48/);
    expect(err({ kh: 5 })).toMatch(/kh = 5: at most 4/);
    expect(err({ kw: 7 })).toMatch(/kw = 7: at most 4/);
    expect(err({ stride: 0 })).toMatch(/stride = 0 must be a positive integer/);
    expect(err({ pad: -1 })).toMatch(/pad = -1 must be a non-negative integer/);
    expect(err({ height: 1, pad: 0 })).toMatch(/larger than the padded input/);
    expect(err({ a: 3 })).toMatch(/activation format must be 8, 4 or 2 bits/);
  });

  it('the plan: lane widths per build, the phase constant in a pass, every output in one pass', () => {
    for (const build of BUILDS) {
      for (const a of BITS) {
        for (const w of BITS) {
          expect(depthwiseWidths(build, a, w), `${build} a${a}w${w} default`).toEqual({ pa: 8, d: 8 });
          expect(depthwiseWidths(build, a, w, 'fastest')).toEqual({ pa: 8, d: 8 });
          for (const stride of [1, 2, 3]) {
            for (const kw of [1, 2, 3, 4]) {
              const g = { height: 9, width: 13, cin: 32, cout: 32, kh: 3, kw, stride, pad: 1 };
              const p = depthwisePlan(build, a, w, g, 'native');
              const where = `${build} a${a}w${w} stride ${stride} kw ${kw}`;
              expect((p.step * stride) % p.groupCols, where).toBe(0);
              expect(p.passes.length, where).toBeLessThanOrEqual(8);
              for (let phi = 0; phi < p.groupCols; phi++) expect(p.dots[phi], where).toBe(Math.ceil((phi + kw) / p.groupCols));
              for (const q of p.passes) expect(p.dots.indexOf(q.dots), where).toBeGreaterThanOrEqual(0);
              expect(p.passes.reduce((n, q) => n + q.count, 0), where).toBe(Math.floor((13 + 2 - kw) / stride) + 1);
              if (build === 'baseline') expect([p.pa, p.d], where).toEqual([8, 8]);
              if (build === 'flexv') expect([p.pa, p.ra], where).toEqual([a, Math.max(a, w) / a]);
              if (build === 'xpulpnn') expect([p.pa, p.d], where).toEqual([Math.max(a, w), Math.max(a, w)]);
            }
          }
        }
      }
    }
  });

  it('a bad lane choice is refused with its name', async () => {
    expect(() => depthwiseWidths('flexv', 2, 2, 'narrow' as DepthwiseLanes)).toThrow(/depthwise lanes = 'narrow' must be one of fastest, native/);
    const c = makeClusterLayer({ ...ok, a: 2, w: 2, outBits: 2 }, { maxCores: 1, lanes: 'wide' as DepthwiseLanes }, 1);
    await expect(runClusterOnGolden(c, 'xpulpnn', 1)).rejects.toThrow(UserError);
  });

  it('weight words put each tap in the lane of its column and row, zero elsewhere', () => {
    const g = { height: 4, width: 4, cin: 2, cout: 2, kh: 3, kw: 3, stride: 1, pad: 1 };
    const weights = Int32Array.from({ length: 18 }, (_, i) => ((i * 7) % 4) - 2); // [ky][kx][c], 2-bit signed
    const p = depthwisePlan('xpulpnn', 2, 2, g, 'native'); // 2-bit lanes: 4 columns per word, phases 0..3
    const words = depthwiseWeightWords(p, weights, g);
    expect(p.groupCols).toBe(4);
    const lane = (word: number, l: number) => ((word >>> (2 * l)) & 3) << 30 >> 30;
    // channel 0, phase 1, first word: column slot t holds kx = t - 1, lane t * 4 + ky.
    const w0 = words[0 * p.channelWords + 1 * p.phaseWords];
    for (let t = 0; t < 4; t++) {
      for (let ky = 0; ky < 4; ky++) {
        const kx = t - 1;
        const want = kx >= 0 && kx < 3 && ky < 3 ? weights[(ky * 3 + kx) * 2] : 0;
        expect(lane(w0, t * 4 + ky), `t ${t} ky ${ky}`).toBe(want);
      }
    }
  });
});

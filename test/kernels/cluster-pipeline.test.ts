import { describe, expect, it } from 'vitest';
import { BITS, BUILDS, type Bits, type Build } from '../../src/kernels/index.ts';
import { makeClusterLayer, runClusterOnGolden, type KindShape } from '../../src/kernels/cluster/index.ts';
import { clusterWeightWords, interleaveWeightBlocks } from '../../src/kernels/cluster/weight-layout.ts';

/**
 * The convolution / pointwise pipeline of the cluster kernels (K): interleaved weight blocks, im2col
 * (interior rows copied in nested hardware loops, border windows one run of inside taps per kernel row), the
 * fused block + requantization from registers. Shapes chosen to reach every path: windows cut at all four
 * borders and by two rows at once (5 x 5, pad 2, stride 2), a column kernel whose whole-padding columns are
 * zero taps, a one-column input (windows cut left and right at once),
 * odd pixel counts (a last 4 x 1 block), shares of pixel pairs across 3 cores, DMA bands (iy0 > 0); fully
 * connected layers run the same pipeline on one pixel (channel shares, DMA weight tiles).
 */
describe('interleaved weight blocks', () => {
  it('puts word i of channel o at [o / 4][i][o % 4], padding kept', () => {
    const n = 8, row = 3, pad = 4;
    const plain = Uint32Array.from({ length: n * row + pad }, (_, i) => (i < n * row ? 1000 * Math.floor(i / row) + (i % row) : 7));
    const il = interleaveWeightBlocks(plain, n, row);
    expect(il.length).toBe(plain.length);
    for (let o = 0; o < n; o++) for (let i = 0; i < row; i++) expect(il[Math.floor(o / 4) * 4 * row + i * 4 + (o % 4)]).toBe(1000 * o + i);
    expect(Array.from(il.slice(n * row))).toEqual([7, 7, 7, 7]);
  });

  it('refuses channel counts that are not whole blocks', () => {
    expect(() => interleaveWeightBlocks(new Uint32Array(12), 6, 2)).toThrow(/multiple of 4/);
  });

  it('interleaves conv, pointwise and fc layers, not depthwise ones', () => {
    const words = Uint32Array.from({ length: 16 * 2 + 4 }, (_, i) => i);
    const fc = makeClusterLayer({ kind: 'fc', n: 16, k: 32, a: 2, w: 2, outBits: 2 }, { maxCores: 1 }, 1);
    expect(Array.from(clusterWeightWords(fc, words).slice(0, 8))).toEqual([0, 2, 4, 6, 1, 3, 5, 7]);
    const pw = makeClusterLayer({ kind: 'pointwise', height: 2, width: 2, cin: 32, cout: 16, a: 2, w: 2, outBits: 2 }, { maxCores: 1 }, 1);
    expect(Array.from(clusterWeightWords(pw, words).slice(0, 8))).toEqual([0, 2, 4, 6, 1, 3, 5, 7]);
    const dw = makeClusterLayer({ kind: 'depthwise', height: 4, width: 4, channels: 32, kh: 3, kw: 3, stride: 1, pad: 1, a: 2, w: 2, outBits: 2 }, { maxCores: 1 }, 1);
    expect(clusterWeightWords(dw, words)).toBe(words);
  });
});

const SHAPES: KindShape[] = [
  { kind: 'conv', height: 7, width: 6, cin: 32, cout: 16, kh: 5, kw: 5, stride: 2, pad: 2 },
  { kind: 'conv', height: 4, width: 5, cin: 32, cout: 16, kh: 3, kw: 1, stride: 1, pad: 1 },
  // One output column: every pixel pair spans two output rows, and every window is cut on both sides.
  { kind: 'conv', height: 5, width: 1, cin: 32, cout: 16, kh: 3, kw: 3, stride: 1, pad: 1 },
  { kind: 'pointwise', height: 3, width: 5, cin: 64, cout: 32 },
  { kind: 'fc', n: 48, k: 96 },
];
const OUTS: Bits[] = [2, 8, 4];

/** Every pair on flexv; on the other builds, one pair per code path (uniform, narrower weights, narrower activations). */
const CASES: Array<{ build: Build; a: Bits; w: Bits }> = [
  ...BITS.flatMap((a) => BITS.map((w) => ({ build: 'flexv' as Build, a, w }))),
  ...(['a4w4', 'a8w2', 'a2w8'] as const).map((p) => ({ build: 'xpulpnn' as Build, a: Number(p[1]) as Bits, w: Number(p[3]) as Bits })),
  ...(['a8w8', 'a2w4'] as const).map((p) => ({ build: 'baseline' as Build, a: Number(p[1]) as Bits, w: Number(p[3]) as Bits })),
];

describe('conv / pointwise pipeline on the golden cluster model, 3 cores', () => {
  it('covers every build', () => expect(new Set(CASES.map((c) => c.build))).toEqual(new Set(BUILDS)));
  CASES.forEach(({ build, a, w }, i) => {
    it(`${build} a${a} w${w}: bit-exact in the TCDM and through DMA bands`, async () => {
      for (const [j, shape] of SHAPES.entries()) {
        const outBits = OUTS[(i + j) % 3];
        for (const dma of [false, true]) {
          const tile = !dma ? undefined : shape.kind === 'fc' ? 16 : 1;
          const c = makeClusterLayer({ ...shape, a, w, outBits }, { maxCores: 3, dma, tile }, 300 + i);
          const r = await runClusterOnGolden(c, build, 3);
          expect({ shape: j, dma, outBits, status: r.status, wrong: r.wrong }).toEqual({ shape: j, dma, outBits, status: 1, wrong: 0 });
        }
      }
    });
  });
});

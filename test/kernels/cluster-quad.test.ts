import { describe, expect, it } from 'vitest';
import { FORMAT_PAIRS, type Bits } from '../../src/kernels/index.ts';
import { makeClusterLayer, runClusterOnGolden, type KindShape } from '../../src/kernels/cluster/index.ts';
import { clusterQuad, directQuads, paddedRowWords } from '../../src/kernels/cluster/block.ts';
import { clusterDataSource } from '../../src/kernels/cluster/c-data.ts';
import { REQUANT_SHIFT } from '../../src/kernels/layer.ts';

/**
 * The flexv build's 4 x 4 blocks (sw/kernels/fused-quad.h) on the golden cluster model: every pair whose
 * activations are at least as wide as the weights, on layers where the quads read the zero-padded input in
 * place (width 8), where some quads cross an output row and take im2col rows (width 6), strided, pointwise,
 * with DMA (im2col rows), and shares that leave pairs and single pixels over (3 cores).
 */
const DIRECT: KindShape = { kind: 'conv', height: 5, width: 8, cin: 32, cout: 16, kh: 3, kw: 3, stride: 1, pad: 1 };
const CROSSING: KindShape = { kind: 'conv', height: 4, width: 6, cin: 32, cout: 16, kh: 3, kw: 3, stride: 1, pad: 1 };
const STRIDED: KindShape = { kind: 'conv', height: 9, width: 9, cin: 32, cout: 16, kh: 3, kw: 3, stride: 2, pad: 1 };
const POINTWISE: KindShape = { kind: 'pointwise', height: 3, width: 6, cin: 32, cout: 16 };
const QUAD_PAIRS = FORMAT_PAIRS.filter(({ a, w }) => a >= w);

describe('flexv 4 x 4 blocks', () => {
  it('are used exactly for flexv with a >= w; the direct path for compute-only convolutions', () => {
    for (const { a, w } of FORMAT_PAIRS) {
      expect(clusterQuad('flexv', a, w)).toBe(a >= w);
      expect(clusterQuad('xpulpnn', a, w)).toBe(false);
      const c = makeClusterLayer({ ...DIRECT, a, w, outBits: a }, { maxCores: 2 }, 1);
      expect(directQuads(c, 'flexv')).toBe(a >= w);
      expect(clusterDataSource(c, 'flexv').includes('.xpad = xpad')).toBe(a >= w);
      expect(directQuads(makeClusterLayer({ ...DIRECT, a, w, outBits: a }, { maxCores: 2, dma: true }, 1), 'flexv')).toBe(false);
    }
    // An odd row pitch (the cores' streams on different banks).
    expect(paddedRowWords(makeClusterLayer({ ...DIRECT, cin: 64, a: 2, w: 2, outBits: 2 }, { maxCores: 8 }, 1)) % 2).toBe(1);
  });

  it('the data unit refuses a requantization shift other than the immediate the kernels are built with', () => {
    const c = makeClusterLayer({ ...DIRECT, a: 2, w: 2, outBits: 2 }, { maxCores: 2 }, 1);
    expect(() => clusterDataSource(c, 'flexv')).not.toThrow();
    c.layer.requant.shift = REQUANT_SHIFT - 1;
    expect(() => clusterDataSource(c, 'flexv')).toThrow(`requantization shift ${REQUANT_SHIFT - 1}, the cluster kernels are built for ${REQUANT_SHIFT}`);
  });

  const cases: Array<[string, number, boolean, KindShape]> = [
    ['direct conv', 3, false, DIRECT], ['direct conv', 8, false, DIRECT], ['conv with row-crossing quads', 2, false, CROSSING],
    ['strided conv', 3, false, STRIDED], ['pointwise', 3, false, POINTWISE], ['conv', 3, true, DIRECT],
  ];
  it.each(cases)('%s on %i cores (DMA: %s): every pair with a >= w bit-exact', { timeout: 300_000 }, async (_name, cores, dma, shape) => {
    for (const [i, { a, w }] of QUAD_PAIRS.entries()) {
      const outBits = ([8, 4, 2] as Bits[])[i % 3];
      const c = makeClusterLayer({ ...shape, a, w, outBits }, { maxCores: cores, dma, tile: 2 }, 500 + i);
      const r = await runClusterOnGolden(c, 'flexv', cores);
      expect({ a, w, status: r.status, wrong: r.wrong }).toEqual({ a, w, status: 1, wrong: 0 });
    }
  });

  it('the direct path retires fewer instructions than the pairs of the xpulpnn build at a2w2', async () => {
    const c = makeClusterLayer({ ...DIRECT, a: 2, w: 2, outBits: 2 }, { maxCores: 2 }, 7);
    const quad = await runClusterOnGolden(c, 'flexv', 2), pairs = await runClusterOnGolden(c, 'xpulpnn', 2);
    expect(quad.maxInstr).toBeLessThan(0.95 * pairs.maxInstr);
  });
});

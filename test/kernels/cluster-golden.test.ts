import { describe, expect, it } from 'vitest';
import { BUILDS, FORMAT_PAIRS, type Bits } from '../../src/kernels/index.ts';
import { makeClusterLayer, runClusterOnGolden, type KindShape } from '../../src/kernels/cluster/index.ts';

/**
 * Every cluster kernel (conv, pointwise, fc) x format pair x build, bit-exact on the golden cluster model on
 * small shapes. Output formats rotate over the pairs so 8-, 4- and 2-bit packing are all exercised.
 */
const SHAPES: KindShape[] = [
  // 5 x 3 output pixels: an odd count, so the last pixel runs in a 4 x 1 block.
  { kind: 'conv', height: 5, width: 3, cin: 32, cout: 16, kh: 3, kw: 3, stride: 1, pad: 1 },
  { kind: 'pointwise', height: 3, width: 3, cin: 32, cout: 16 },
  { kind: 'fc', n: 32, k: 64 },
];
const OUTS: Bits[] = [8, 4, 2];

describe('cluster kernels on the golden model, one core, tensors in the TCDM', () => {
  FORMAT_PAIRS.forEach(({ a, w }, i) => {
    const outBits = OUTS[i % 3];
    it.each(BUILDS)(`a${a} w${w} out${outBits} %s: conv, pointwise, fc bit-exact`, async (build) => {
      for (const shape of SHAPES) {
        const c = makeClusterLayer({ ...shape, a, w, outBits }, { maxCores: 1 }, 100 + i);
        const r = await runClusterOnGolden(c, build, 1);
        expect({ kind: shape.kind, status: r.status, wrong: r.wrong }).toEqual({ kind: shape.kind, status: 1, wrong: 0 });
        expect(r.perfInstr[0]).toBeGreaterThan(0);
      }
    });
  });
});

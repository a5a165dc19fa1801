import { describe, expect, it } from 'vitest';
import { BUILDS, FORMAT_PAIRS, type Bits } from '../../src/kernels/formats.ts';
import { makeConvLayer, makeLayer, type Layer } from '../../src/kernels/layer.ts';
import { runKernel, type KernelRun } from '../../src/kernels/run.ts';
import { hasTool } from '../../src/util/tools.ts';

/**
 * Every linear kernel x format pair x build, built with riscv64-unknown-elf-gcc and run on the golden
 * model, must produce the reference accumulators and requantized outputs bit for bit.
 */
const gcc = await hasTool('gcc');

const results: Array<{ a: Bits; w: Bits; build: string; run: KernelRun }> = [];

function expectSame(run: KernelRun, l: Layer) {
  const firstBad = (got: Int32Array, want: Int32Array) => got.findIndex((v, i) => v !== want[i]);
  expect(firstBad(run.acc, l.acc), 'first wrong accumulator').toBe(-1);
  expect(firstBad(run.out, l.out), 'first wrong output').toBe(-1);
}

describe.skipIf(!gcc)('linear kernels on the golden model', () => {
  for (const { a, w } of FORMAT_PAIRS) {
    describe(`a${a} x w${w}`, () => {
      // Matrix-vector with 8-bit outputs; matrix-matrix (4 x 2 blocks, then a lone pixel) with packed
      // sub-byte outputs.
      const mv = makeLayer({ a, w, outBits: 8, n: 8, k: 64, pixels: 1 }, 100 + a * 10 + w);
      const mm = makeLayer({ a, w, outBits: a === 2 ? 2 : 4, n: 16, k: 96, pixels: 3 }, 200 + a * 10 + w);
      // 3x3 HWC convolution, zero padding, 5 x 4 pixels (an odd pixel count per block pair).
      const conv = makeConvLayer({ a, w, outBits: 8, height: 5, width: 3, cin: 32, cout: 8, kh: 3, kw: 3, stride: 1, pad: 1 }, 300 + a * 10 + w);
      for (const build of BUILDS) {
        it(`${build}: bit-exact (matrix-vector, matrix-matrix, 3x3 convolution)`, async () => {
          const r1 = await runKernel(build, mv);
          expectSame(r1, mv);
          expectSame(await runKernel(build, mm), mm);
          expectSame(await runKernel(build, conv), conv);
          results.push({ a, w, build, run: r1 });
        });
      }
    });
  }

  it('strided convolution without padding and a pointwise (1x1) convolution', async () => {
    const strided = makeConvLayer({ a: 2, w: 4, outBits: 4, height: 7, width: 6, cin: 32, cout: 8, kh: 3, kw: 3, stride: 2, pad: 0 }, 11);
    const pointwise = makeConvLayer({ a: 8, w: 2, outBits: 8, height: 3, width: 3, cin: 32, cout: 16, kh: 1, kw: 1, stride: 1, pad: 0 }, 12);
    for (const build of BUILDS) {
      expectSame(await runKernel(build, strided), strided);
      expectSame(await runKernel(build, pointwise), pointwise);
    }
  });

  it('the last weight and the last activation of a row are consumed (a changed element changes the result)', async () => {
    const shape = { a: 4, w: 2, outBits: 8, n: 8, k: 64, pixels: 2 } as const;
    const base = makeLayer(shape, 5);
    const last = shape.k - 1;
    // Same seed, then one weight of channel 0 and one activation of pixel 1 moved (within their ranges).
    const x = base.x.slice(), weights = base.weights.slice();
    weights[last] = weights[last] === 1 ? -2 : 1;
    x[shape.k + last] = x[shape.k + last] === 15 ? 3 : 15;
    const { matmul } = await import('../../src/kernels/ref/linear.ts');
    const { requantize } = await import('../../src/kernels/ref/requant.ts');
    const acc = matmul(x, weights, shape.pixels, shape.n, shape.k);
    const changed: Layer = { ...base, x, weights, acc, out: requantize(acc, shape.n, base.requant) };
    expect(changed.acc).not.toEqual(base.acc);
    for (const build of BUILDS) {
      expectSame(await runKernel(build, base), base);
      expectSame(await runKernel(build, changed), changed);
    }
  });

  it('instructions per MAC: flexv needs fewer than baseline for every pair', () => {
    const by = (a: number, w: number, b: string) => results.find((r) => r.a === a && r.w === w && r.build === b)?.run;
    const lines = ['pair     baseline  xpulpnn   flexv   (kernel instructions per MAC, n 8 x k 64 matrix-vector)'];
    for (const { a, w } of FORMAT_PAIRS) {
      const [b, x, f] = BUILDS.map((build) => by(a, w, build));
      if (!b || !x || !f) continue;
      lines.push(`a${a} w${w}   ${b.instrPerMac.toFixed(3).padStart(8)} ${x.instrPerMac.toFixed(3).padStart(8)} ${f.instrPerMac.toFixed(3).padStart(8)}`);
      expect(f.instrPerMac).toBeLessThan(b.instrPerMac);
      expect(x.instrPerMac).toBeLessThanOrEqual(b.instrPerMac);
    }
    console.log(lines.join('\n'));
  });
});

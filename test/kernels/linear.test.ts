import { describe, expect, it } from 'vitest';
import { BUILDS, FORMAT_PAIRS, type Bits } from '../../src/kernels/formats.ts';
import { makeLayer, type Layer } from '../../src/kernels/layer.ts';
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
      for (const build of BUILDS) {
        it(`${build}: bit-exact`, async () => {
          const r1 = await runKernel(build, mv);
          expectSame(r1, mv);
          expectSame(await runKernel(build, mm), mm);
          results.push({ a, w, build, run: r1 });
        });
      }
    });
  }

  it('a wrong reference is caught (the comparison can fail)', async () => {
    const l = makeLayer({ a: 4, w: 2, outBits: 8, n: 8, k: 64, pixels: 1 }, 5);
    const run = await runKernel('flexv', l);
    const wrong = { ...l, acc: l.acc.slice() };
    wrong.acc[5] += 1;
    expect(run.acc).toEqual(l.acc);
    expect(run.acc).not.toEqual(wrong.acc);
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

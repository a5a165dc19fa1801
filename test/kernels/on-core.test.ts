import { describe, expect, it } from 'vitest';
import { CORE_CONFIGS } from '../../src/core/configs.ts';
import { BUILDS, CONFIG_OF_BUILD, FORMAT_PAIRS, makeLayer, runKernel, runKernelOnCore } from '../../src/kernels/index.ts';
import { profileMacLoadLoops } from '../../src/kernels/loop-profile.ts';

// Kernels on the generated core, in lockstep with the golden model: every format pair in every build whose
// core configuration exists, on a small layer of 3 pixels (a 4 x 2 block pair and a lone 4 x 1 pixel), so
// every Mac&Load schedule and every baseline expansion runs on the RTL. The bench runs the realistic shapes.
const builds = BUILDS.filter((b) => CONFIG_OF_BUILD[b] in CORE_CONFIGS);

describe.each(builds)('%s kernels on the RTL core', (build) => {
  it.each(FORMAT_PAIRS.map(({ a, w }) => [`a${a}w${w}`, a, w] as const))('%s is bit-exact in lockstep', async (_name, a, w) => {
    const layer = makeLayer({ a, w, outBits: 4, n: 8, k: 64, pixels: 3 }, 11 + a + w);
    const run = await runKernelOnCore(build, layer);
    expect(run.wrongAcc).toBe(0);
    expect(run.wrongOut).toBe(0);
    expect(run.compared).toBe(run.instructions);
    expect(run.kernelCycles).toBeGreaterThanOrEqual(run.kernelInstr);
    if (a === 4 && w === 2) {
      // The same ELF on the golden model retires the same kernel instructions (and counts one cycle each).
      const gold = await runKernel(build, layer);
      expect(run.kernelInstr).toBe(gold.kernelInstr);
      // One cycle per instruction there: the rdcycle window holds the kernel, both rdinstret reads and one rdcycle.
      expect(gold.kernelCycles).toBe(gold.kernelInstr + 2);
    }
  });
});

describe('kernels on the RTL with random bus stalls', () => {
  // Grants withheld and responses 1-3 cycles late: the NN-RF load lands while the next Mac&Load waits in
  // EX, and the forwarding must still give it the right word (and baseline's loads their data).
  it.each(builds.map((b) => [b] as const))('%s a2w4 stays bit-exact in lockstep', async (build) => {
    const layer = makeLayer({ a: 2, w: 4, outBits: 4, n: 8, k: 64, pixels: 3 }, 21);
    const run = await runKernelOnCore(build, layer, { stallSeed: 7 });
    expect(run.wrongAcc + run.wrongOut).toBe(0);
    expect(run.kernelCycles).toBeGreaterThan(1.2 * run.kernelInstr); // the stalls did happen
  });
});

describe.skipIf(!('flexv' in CORE_CONFIGS))('Mac&Load inner loops on the RTL', () => {
  // Issue 6's goal: one Mac&Load per cycle in a steady loop with one-cycle memory; the dot products per
  // cycle are then bounded by spec §4's reload rule: 16/17 for a 4 x 2 block with R = 2, 8/9 uniform.
  it('retire one Mac&Load per cycle (a8w4 flexv, a4w4 xpulpnn)', async () => {
    for (const [build, a, w, bound] of [['flexv', 8, 4, 16 / 17], ['xpulpnn', 4, 4, 8 / 9]] as const) {
      const layer = makeLayer({ a, w, outBits: 8, n: 8, k: 256, pixels: 2 }, 3);
      const run = await runKernelOnCore(build, layer);
      expect(run.wrongAcc + run.wrongOut).toBe(0);
      const p = await profileMacLoadLoops(CONFIG_OF_BUILD[build], run.elf);
      expect(p.runs, build).toBeGreaterThan(0);
      expect(p.bubbles, build).toBe(0);
      expect(p.macLoadsPerCycle, build).toBe(1);
      expect(p.dotProductsPerCycle, build).toBeCloseTo(bound, 2);
    }
  });
});

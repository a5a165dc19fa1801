import { describe, expect, it } from 'vitest';
import { CORE_CONFIGS } from '../../src/core/configs.ts';
import { BUILDS, CONFIG_OF_BUILD, makeLayer, runKernel, runKernelOnCore } from '../../src/kernels/index.ts';

// Kernels on the generated core, in lockstep with the golden model: one mixed sub-byte pair per build whose
// core configuration exists (small shapes; the bench runs the realistic ones).
const builds = BUILDS.filter((b) => CONFIG_OF_BUILD[b] in CORE_CONFIGS);

describe.each(builds)('%s kernel on the RTL core', (build) => {
  it('a4w2 matrix-vector-block is bit-exact, and the core retires what the golden model retires', async () => {
    const layer = makeLayer({ a: 4, w: 2, outBits: 4, n: 8, k: 64, pixels: 3 }, 11);
    const run = await runKernelOnCore(build, layer);
    expect(run.wrongAcc).toBe(0);
    expect(run.wrongOut).toBe(0);
    expect(run.compared).toBe(run.instructions);
    const gold = await runKernel(build, layer);
    expect(run.kernelInstr).toBe(gold.kernelInstr);
    expect(run.cycles).toBeGreaterThanOrEqual(run.instructions);
  });
});

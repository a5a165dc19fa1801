import { describe, expect, it } from 'vitest';
import { lockstep } from '../../src/cosim/lockstep.ts';
import { memoryDifference } from '../../src/cosim/rtl-memory.ts';
import { readElfFile } from '../../src/elf/read.ts';
import { buildKernel } from '../../src/kernels/build.ts';
import { layerDataSource } from '../../src/kernels/c-data.ts';
import { makeLayer } from '../../src/kernels/layer.ts';
import { kernelRunFromLockstep } from '../../src/kernels/on-core.ts';
import { readKernelOutputs } from '../../src/kernels/run.ts';
import { toolsReady } from '../core/helpers.ts';

/**
 * The single-core kernels' bit-exact check reads the RTL's memory (the harness's RAM at the end), not the
 * golden model's: one byte of the output changed in the RTL's copy alone fails the check and the end-state
 * comparison, while the golden model's memory still holds the right result.
 */
describe.skipIf(!toolsReady)('kernel results come from the RTL memory', { timeout: 300_000 }, () => {
  it('a byte wrong in the RTL memory alone fails the kernel check', async () => {
    const layer = makeLayer({ a: 4, w: 2, outBits: 4, n: 8, k: 64, pixels: 3 }, 17);
    const elf = await buildKernel({ build: 'baseline', a: layer.a, w: layer.w, outBits: layer.outBits }, layerDataSource(layer));
    const r = await lockstep('baseline', elf, { memory: true });
    const ok = await kernelRunFromLockstep('baseline', layer, elf, r);
    expect(ok.wrongAcc + ok.wrongOut).toBe(0);
    expect(r.memoryDifference).toBeUndefined();

    const image = await readElfFile(elf);
    const y = image.symbol('y_out')!.value;
    r.rtlMemory!.write(y, [r.rtlMemory!.read(y, 1) ^ 0x0f]);
    const bad = await kernelRunFromLockstep('baseline', layer, elf, r);
    expect(bad.wrongOut).toBeGreaterThan(0);
    // the golden model's memory still holds the right outputs: the check did not read it
    expect(readKernelOutputs(image, r.goldenMemory, layer, elf).out).toEqual(layer.out);
    expect(memoryDifference(r.rtlMemory!, r.goldenMemory)).toMatch(new RegExp(`1 byte of (L2|TCDM), the first at 0x${(y >>> 0).toString(16)}`));
  });
});

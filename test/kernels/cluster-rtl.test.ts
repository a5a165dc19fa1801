import { describe, expect, it } from 'vitest';
import { makeClusterLayer, runClusterOnRtl } from '../../src/kernels/cluster/index.ts';

/**
 * The cluster kernels on the generated RTL cluster (2 Flex-V cores, one Verilator model, built once and
 * cached): every retirement of both cores compared with the golden cluster model, the outputs read back
 * from the final L2 and compared with the TypeScript reference, the DMA moving real tiles.
 */
describe('cluster kernels on the RTL cluster, 2 flexv cores', () => {
  it('conv (TCDM: 4 x 2 and 4 x 4 blocks, direct and im2col; then DMA), pointwise, fc and depthwise (DMA), depthwise stride 2 and 8-bit (TCDM) in lockstep: bit-exact, cycles measured', { timeout: 600_000 }, async () => {
    const conv = { kind: 'conv', height: 4, width: 4, cin: 32, cout: 16, kh: 3, kw: 3, stride: 1, pad: 1 } as const;
    const runs = [
      makeClusterLayer({ ...conv, a: 2, w: 4, outBits: 2 }, { maxCores: 2 }, 11),
      // 4 x 4 blocks reading the padded input in place (width 8: every quad inside a row), and a width of 6
      // where some quads cross a row and take the im2col rows instead.
      makeClusterLayer({ ...conv, width: 8, a: 2, w: 2, outBits: 2 }, { maxCores: 2 }, 18),
      makeClusterLayer({ ...conv, width: 6, a: 4, w: 4, outBits: 4 }, { maxCores: 2 }, 19),
      makeClusterLayer({ ...conv, a: 8, w: 2, outBits: 4 }, { maxCores: 2, dma: true, tile: 2 }, 12),
      makeClusterLayer({ kind: 'pointwise', height: 3, width: 4, cin: 32, cout: 16, a: 4, w: 8, outBits: 8 }, { maxCores: 2, dma: true, tile: 1 }, 13),
      makeClusterLayer({ kind: 'fc', n: 64, k: 64, a: 2, w: 2, outBits: 2 }, { maxCores: 2, dma: true, tile: 32 }, 14),
      // Depthwise, the flexv build's native lanes (the default 'fastest' is the 8-bit stream, below): mixed dot
      // products in status-based mode with a flexv extension format (a2w8), DMA tiles; stride 2 (a4w4, 4-bit lanes) in the TCDM.
      makeClusterLayer({ kind: 'depthwise', height: 4, width: 5, channels: 32, kh: 3, kw: 3, stride: 1, pad: 1, a: 2, w: 8, outBits: 4 }, { maxCores: 2, dma: true, tile: 2, lanes: 'native' }, 15),
      makeClusterLayer({ kind: 'depthwise', height: 5, width: 5, channels: 32, kh: 3, kw: 3, stride: 2, pad: 1, a: 4, w: 4, outBits: 8 }, { maxCores: 2, lanes: 'native' }, 16),
      // ... and the default 8-bit lanes, stride 1: the slide fused into the output runs.
      makeClusterLayer({ kind: 'depthwise', height: 5, width: 6, channels: 32, kh: 3, kw: 3, stride: 1, pad: 1, a: 8, w: 2, outBits: 2 }, { maxCores: 2 }, 17),
    ];
    for (const c of runs) {
      const r = await runClusterOnRtl(c, 'flexv', 2, { lockstep: true });
      expect({ kind: c.kind, ok: r.ok, status: r.status, wrong: r.wrong }).toEqual({ kind: c.kind, ok: true, status: 1, wrong: 0 });
      expect(r.compared).toBeGreaterThan(r.perfInstr[0] + r.perfInstr[1]);
      // The timed region is a real cycle count: at least the busier core's instructions, and the RTL
      // spends at least one cycle per instruction.
      expect(r.kernelCycles).toBeGreaterThanOrEqual(Math.max(...r.perfInstr));
      expect(r.kernelCycles).toBeLessThan(r.end.cycles);
    }
  });
});

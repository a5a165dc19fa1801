// The RTL cluster running the parallel test programs with every retirement of every core compared with the
// golden cluster model (ClusterLockstep), for N = 1, 2, 4, 8 cores: one cached Verilator build per N.
import { beforeAll, describe, expect, it } from 'vitest';
import { clusterCosim, type ClusterCosimResult } from '../../src/cosim/cluster/cosim.ts';
import { formatClusterMismatch } from '../../src/cosim/cluster/lockstep.ts';
import { hasTool } from '../../src/util/tools.ts';
import { buildClusterProgram } from './programs.ts';

const tools = (await hasTool('verilator')) && (await hasTool('gcc'));
const PROGRAMS = ['smoke.S', 'matmul.c', 'dma-double-buffer.c', 'contention.c'] as const;
const BUILD_TIMEOUT = 1_500_000;

describe.skipIf(!tools)('multi-core lockstep on the parallel programs', () => {
  const elf: Record<string, string> = {};
  beforeAll(async () => {
    for (const p of PROGRAMS) elf[p] = await buildClusterProgram(p);
  }, 60_000);

  const passes = (r: ClusterCosimResult) => {
    if (r.mismatch) throw new Error(formatClusterMismatch('baseline', r.mismatch));
    expect(r.end.reason).toBe('eoc');
    expect(r.end.value).toBe(0);
    expect(r.summary.goldEnd).toMatchObject({ reason: 'eoc', value: 0, core: 0 });
    // every retirement of every core was compared
    expect(r.summary.compared).toEqual(r.end.instret);
    expect(r.summary.total).toBeGreaterThan(0);
  };

  it.each([1, 2, 4, 8])('%i cores', async (cores) => {
    const results: Record<string, ClusterCosimResult> = {};
    for (const p of PROGRAMS) results[p] = await clusterCosim({ cores, config: 'baseline' }, elf[p]!, { maxCycles: 400_000 });
    for (const p of PROGRAMS) passes(results[p]!);
    const smoke = results['smoke.S']!;
    expect(smoke.summary.barriers).toBe(1);
    // matmul: rows are shared out, so every core retires work; its data was preloaded into the TCDM
    const mm = results['matmul.c']!;
    expect(mm.end.instret.every((n) => n > 1000)).toBe(true);
    expect(mm.summary.barriers).toBe(2);
    // DMA double buffering: 8 chunks in, 8 out, the DMA competes for the banks through the interconnect
    const dma = results['dma-double-buffer.c']!;
    expect(dma.summary.dmaTransfers).toBe(16);
    expect(dma.end.dma.requests).toBe(16 * 64);
    // contention: all cores on bank 0; with more than one core they conflict, and the stalls show it
    const hot = results['contention.c']!;
    if (cores === 1) expect(hot.end.tcdmConflicts).toEqual([0]);
    else {
      for (let c = 0; c < cores; c++) {
        expect(hot.end.tcdmConflicts[c]).toBeGreaterThan(0);
        expect(hot.end.stallCycles[c]).toBeGreaterThanOrEqual(hot.end.tcdmStalls[c]!);
      }
    }
  }, BUILD_TIMEOUT);
});

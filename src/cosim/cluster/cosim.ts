import type { ClusterOptions } from '../../cluster/cluster-params.ts';
import { coreConfig } from '../../core/configs.ts';
import { readElfFile } from '../../elf/read.ts';
import { buildClusterSim, type ClusterSim } from './build.ts';
import { ClusterLockstep, type ClusterLockstepSummary, type ClusterMismatch } from './lockstep.ts';
import { decodeClusterRecord, newClusterRetirement } from './protocol.ts';
import { runCluster, type ClusterPlant, type ClusterRunEnd } from './run.ts';
import { DMA_DONE_CORE } from './protocol.ts';

export interface ClusterCosimOptions {
  maxCycles?: number;
  l2Latency?: number;
  /** On a mismatch, write an FST of the cycles around it here (rebuilds the model with tracing). */
  fst?: string;
  /** Cycles before and after the mismatch in the FST window (default 200). */
  fstWindow?: number;
  /** Per-core activity changes for the timeline (see timeline.ts). */
  timeline?: string;
  /** Keep the final L2 (`end.l2`). */
  keepL2?: boolean;
  /** Test-only bugs planted by the harness (test/cosim-cluster). */
  plant?: ClusterPlant;
  /** Run this built model instead of building one from `options` (a mutant of a schema: src/mutate/cluster). */
  sim?: ClusterSim;
}

export interface ClusterCosimResult {
  sim: ClusterSim;
  /** The RTL run's end; reason 'stopped' when lockstep stopped it at a mismatch. */
  end: ClusterRunEnd;
  summary: ClusterLockstepSummary;
  mismatch?: ClusterMismatch;
  /** Where the FST around the mismatch was written. */
  fst?: string;
  /** Wall seconds of the lockstep run (simulation, transfer and comparison). */
  seconds: number;
}

/**
 * Runs a program on the RTL cluster with every retirement of every core compared against the golden
 * cluster model (`ClusterLockstep`, src/cosim/cluster/lockstep.ts), in the stream's order: records of one
 * cycle are pushed, then the cycle is ended before the next cycle's first record. Stops at the first mismatch.
 */
export async function clusterCosim(options: ClusterOptions, elfPath: string, opts: ClusterCosimOptions = {}): Promise<ClusterCosimResult> {
  const sim = opts.sim ?? (await buildClusterSim(options));
  const p = sim.params;
  const elf = await readElfFile(elfPath);
  const lock = new ClusterLockstep({ config: coreConfig(p.config).isa, cores: p.cores, image: elf, fileName: elfPath, sizes: { tcdm: p.tcdmBytes, l2: p.l2Bytes } });
  const rec = newClusterRetirement();
  let mismatch: ClusterMismatch | undefined;
  const t0 = performance.now();
  const end = await runCluster(sim.exe, elf, elfPath, p, {
    maxCycles: opts.maxCycles,
    l2Latency: opts.l2Latency,
    timeline: opts.timeline,
    keepL2: opts.keepL2,
    dmaCheck: true,
    plant: opts.plant,
    onChunk: (buf, count) => {
      let off = 0;
      for (let i = 0; i < count && !mismatch; i++) {
        off = decodeClusterRecord(buf, off, rec);
        mismatch = rec.core === DMA_DONE_CORE ? lock.dmaDone(rec.dma!) : lock.push(rec.core, rec);
      }
      return mismatch === undefined;
    },
  });
  const summary = lock.finish();
  mismatch ??= summary.mismatch;
  const seconds = (performance.now() - t0) / 1000;
  const result: ClusterCosimResult = { sim, end, summary, mismatch, seconds };
  if (mismatch && opts.fst) {
    const w = opts.fstWindow ?? 200;
    const traced = await buildClusterSim(options, { trace: true });
    await runCluster(traced.exe, elf, elfPath, p, {
      maxCycles: mismatch.cycle + w + 1,
      l2Latency: opts.l2Latency,
      fst: { path: opts.fst, from: Math.max(0, mismatch.cycle - w), to: mismatch.cycle + w },
    });
    result.fst = opts.fst;
  }
  return result;
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { programStatus } from '../../cli/commands/sim-status.ts';
import type { ClusterOptions, ClusterParams } from '../../cluster/cluster-params.ts';
import { coreConfig } from '../../core/configs.ts';
import { readElfFile } from '../../elf/read.ts';
import { UserError } from '../../util/errors.ts';
import { buildClusterSim } from './build.ts';
import { clusterCosim } from './cosim.ts';
import { formatClusterMismatch } from './lockstep.ts';
import { readL2Word, runCluster, type ClusterRunEnd } from './run.ts';
import { writeTimeline } from './timeline.ts';

export interface ClusterProgramOptions extends ClusterOptions {
  /** Path of the RV32 ELF (SPMD: every core starts at its entry). */
  elf: string;
  /** Compare every retirement with the golden cluster model. */
  lockstep: boolean;
  maxCycles?: number;
  /** L2 response latency in cycles (default 1). */
  l2Latency?: number;
  /** Write a Chrome/Perfetto trace of per-core activity here. */
  timeline?: string;
}

export interface ClusterCoreFigures {
  instructions: number;
  /** Cycles with a data request refused (TCDM conflict, L2 port busy). */
  stallCycles: number;
  /** Cycles asleep in the event unit (barrier, event wait). */
  sleepCycles: number;
  tcdmAccesses: number;
  /** TCDM accesses refused at least once. */
  conflicts: number;
}

export interface ClusterProgramResult {
  params: ClusterParams;
  cycles: number;
  perCore: ClusterCoreFigures[];
  /** TCDM conflicts of all cores and the DMA. */
  conflicts: number;
  /** The program's end: EOC or tohost value, pass/fail as `flexv sim` judges it. */
  status: { reason: ClusterRunEnd['reason']; value: number; passed: boolean; message: string; exitCode: number };
  /** Retirements compared with the golden model (0 without lockstep). */
  retirementsCompared: number;
  end: ClusterRunEnd;
  /** A word of the final L2 (results the program left there). */
  readL2(addr: number): number;
  /** Whether this call built the Verilator model, and the build and elaborate+emit seconds. */
  build: { built: boolean; buildSeconds: number; emitSeconds: number };
  /** Seconds of the run (simulation, plus record transfer and comparison in lockstep). */
  seconds: number;
}

/**
 * Builds (cached) the cluster and runs an ELF on it, free or in lockstep with the golden cluster model.
 * A lockstep mismatch, a golden model that ended differently, a bad parameter or a failed build throw a
 * UserError with the readable report; a program that fails (EOC / tohost status) does not: see `status`.
 */
export async function runClusterProgram(o: ClusterProgramOptions): Promise<ClusterProgramResult> {
  const sim = await buildClusterSim(o);
  const p = sim.params;
  const activity = o.timeline ? await mkdtemp(join(tmpdir(), 'flexv-timeline-')) : undefined;
  const activityFile = activity ? join(activity, 'activity.txt') : undefined;
  try {
    let end: ClusterRunEnd;
    let compared = 0;
    let seconds: number;
    if (o.lockstep) {
      const r = await clusterCosim(o, o.elf, { maxCycles: o.maxCycles, l2Latency: o.l2Latency, keepL2: true, timeline: activityFile });
      if (r.mismatch) throw new UserError(`${formatClusterMismatch(coreConfig(p.config).isa, r.mismatch)}\n${r.summary.total} retirements compared, 1 mismatch`, o.elf);
      const g = r.summary.goldEnd;
      if (g && (g.reason !== r.end.reason || g.value >>> 0 !== r.end.value >>> 0)) {
        throw new UserError(`the golden model ended with ${g.reason} = ${g.value}, the RTL cluster with ${r.end.reason} = ${r.end.value}`, o.elf);
      }
      end = r.end;
      compared = r.summary.total;
      seconds = r.seconds;
    } else {
      const elf = await readElfFile(o.elf);
      const t0 = performance.now();
      end = await runCluster(sim.exe, elf, o.elf, p, { maxCycles: o.maxCycles, l2Latency: o.l2Latency, keepL2: true, timeline: activityFile });
      seconds = (performance.now() - t0) / 1000;
    }
    if (o.timeline && activityFile) await writeTimeline(activityFile, p.cores, o.timeline);
    const st = programStatus(end.reason, end.value, end.instret.reduce((a, b) => a + b, 0));
    return {
      params: p,
      cycles: end.cycles,
      perCore: end.instret.map((n, i) => ({
        instructions: n, stallCycles: end.stallCycles[i]!, sleepCycles: end.sleepCycles[i]!, tcdmAccesses: end.tcdmRequests[i]!, conflicts: end.tcdmConflicts[i]!,
      })),
      conflicts: end.tcdmConflicts.reduce((a, b) => a + b, 0) + end.dma.conflicts,
      status: { reason: end.reason, value: end.value, passed: st.exitCode === 0, message: st.message, exitCode: st.exitCode },
      retirementsCompared: compared,
      end,
      readL2: (addr) => readL2Word(end, addr),
      build: { built: sim.built, buildSeconds: sim.buildSeconds, emitSeconds: sim.emitSeconds },
      seconds,
    };
  } finally {
    if (activity) await rm(activity, { recursive: true, force: true });
  }
}

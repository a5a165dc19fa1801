import { resolve } from 'node:path';
import { resolveClusterParams } from '../cluster/cluster-params.ts';
import { buildClusterSim } from '../cosim/cluster/build.ts';
import { runClusterProgram } from '../cosim/cluster/program.ts';
import { catalogEntry, prepareClusterKernel } from '../kernels/cluster/index.ts';
import { checkBuild, type Bits } from '../kernels/formats.ts';
import { synthTarget } from '../synth/run.ts';
import { DEFAULT_SDC } from '../synth/sdc.ts';
import type { ProgressSink } from '../synth/progress.ts';
import { UserError } from '../util/errors.ts';
import type { AreaResult, PerfResult, PointRunner, SweepPoint } from './types.ts';

export interface ClusterRunnerOptions {
  /** Root of the synthesis runs (one directory per point). */
  synthRoot: string;
  /** Compare every retirement with the golden cluster model (default true). */
  lockstep?: boolean;
  onSynthProgress?: ProgressSink;
}

/** The sweep's cycle limit per run: far above any catalog kernel, low enough to stop a hung program. */
const MAX_CYCLES = 50_000_000;

/**
 * The real point runner: the cluster kernels (src/kernels/cluster: ELF, MAC count, output check against
 * the TS reference), the cluster generator and its Verilator harness run free or in lockstep with the
 * golden cluster model (src/cosim/cluster/program.ts), and the synthesis flow (src/synth) for the area.
 */
export function clusterPointRunner(opts: ClusterRunnerOptions): PointRunner & { validate(p: SweepPoint): void } {
  const lockstep = opts.lockstep ?? true;
  return {
    validate(p) {
      resolveClusterParams({ cores: p.cores, banking: p.banking, config: p.config });
      catalogEntry(p.kernel.name);
      checkBuild(p.config);
    },
    async perf(p, stage): Promise<PerfResult> {
      stage('kernel');
      const kernel = await prepareClusterKernel(p.kernel.name, { cores: p.cores, build: checkBuild(p.config), a: p.kernel.a as Bits, w: p.kernel.w as Bits });
      stage('build');
      const options = { cores: p.cores, banking: p.banking, config: p.config };
      await buildClusterSim(options); // cached by content; the run below finds it built
      stage('run');
      const run = await runClusterProgram({ ...options, elf: kernel.elf, lockstep, maxCycles: MAX_CYCLES });
      stage('check');
      const check = await kernel.check(run.end);
      if (!check.ok) throw new UserError(check.message, kernel.elf);
      return {
        cycles: check.kernelCycles,
        totalCycles: run.cycles,
        macs: kernel.macs,
        conflicts: run.conflicts,
        retirementsCompared: run.retirementsCompared,
      };
    },
    async area(p, stage): Promise<AreaResult> {
      stage('synth');
      const report = await synthTarget({
        target: 'cluster',
        request: { params: {}, config: p.config, cores: p.cores, banking: p.banking, sdc: DEFAULT_SDC },
        buildRoot: resolve(opts.synthRoot),
        ...(opts.onSynthProgress ? { onProgress: opts.onSynthProgress } : {}),
      });
      return { nand2: report.total.nand2, nand2WithMacros: report.total.nand2WithMacros, macroBits: report.total.macroBits, flops: report.total.flops };
    },
  };
}

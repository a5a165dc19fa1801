import type { Command } from 'commander';
import { relative } from 'node:path';
import { DEFAULT_SWEEP_KERNEL, parseFormat, parseIntList, sweepPoints } from '../../sweep/grid.ts';
import { runSweep } from '../../sweep/engine.ts';
import { sweepProgress } from '../../sweep/progress.ts';
import type { SweepEvent } from '../../sweep/types.ts';
import { progressPrinter } from '../../synth/progress.ts';
import { formatSweepTable } from '../../sweep/table.ts';
import { writeSweepFiles } from '../../sweep/output.ts';
import { UserError } from '../../util/errors.ts';

interface SweepFlags {
  cores: string;
  banking: string;
  config: string;
  kernel?: string;
  format?: string;
  out: string;
  area: boolean;
  run: boolean;
  lockstep: boolean;
  quiet?: boolean;
}

/** `flexv sweep`: cluster size (and banking) -> kernel throughput in lockstep and area, as CSV, SVG and a table. */
export function registerSweep(program: Command): void {
  program
    .command('sweep')
    .description('sweep the cluster size: per point generate, Verilator-build, run a kernel in lockstep, synthesize; CSV + SVG + table')
    .option('--cores <list>', 'cluster sizes, comma-separated', '1,2,4,8')
    .option('--banking <list>', 'TCDM banking factors (banks per core), comma-separated powers of two', '2')
    .option('--config <name>', 'core configuration of every core: baseline | xpulpnn | flexv', 'flexv')
    .option('--kernel <name>', `cluster kernel to run (default ${DEFAULT_SWEEP_KERNEL.name})`)
    .option('--format <aXwY>', `activation/weight bits of the kernel (default a${DEFAULT_SWEEP_KERNEL.a}w${DEFAULT_SWEEP_KERNEL.w})`)
    .option('--out <dir>', 'where sweep.csv, sweep.svg and sweep.json go', 'build/sweep')
    .option('--no-area', 'skip the synthesis of each point (no area columns)')
    .option('--no-run', 'skip the kernel run of each point (area only)')
    .option('--no-lockstep', 'run the kernel free-running instead of comparing every retirement with the golden model')
    .option('-q, --quiet', 'no progress output')
    .action(async (flags: SweepFlags) => {
      if (!flags.area && !flags.run) throw new UserError('--no-area and --no-run together leave nothing to measure');
      const format = flags.format ? parseFormat(flags.format) : { a: DEFAULT_SWEEP_KERNEL.a, w: DEFAULT_SWEEP_KERNEL.w };
      const kernel = { name: flags.kernel ?? DEFAULT_SWEEP_KERNEL.name, ...format };
      const points = sweepPoints(parseIntList(flags.cores, '--cores'), parseIntList(flags.banking, '--banking'), flags.config, kernel);
      // Loaded here, not at start-up: it pulls in the cluster, the simulator and the kernels.
      const { clusterPointRunner } = await import('../../sweep/cluster-runner.ts');
      // Yosys runs for minutes per point: its pass is shown as `flexv synth` shows it, and cleared before
      // the sweep's next line.
      const synthProgress = flags.quiet ? undefined : progressPrinter(process.stderr, 30_000);
      const runner = clusterPointRunner({
        synthRoot: `${flags.out}/synth`,
        lockstep: flags.lockstep,
        ...(synthProgress ? { onSynthProgress: synthProgress.sink } : {}),
      });
      const sweepLines = sweepProgress(process.stderr);
      // Refuse bad points (cores out of range, unknown config or kernel) before hours of work start.
      for (const p of points) runner.validate(p);
      const results = await runSweep(points, runner, {
        area: flags.area,
        perf: flags.run,
        ...(synthProgress
          ? {
              onEvent: (e: SweepEvent) => {
                synthProgress.done();
                sweepLines(e);
              },
            }
          : {}),
      });
      const files = await writeSweepFiles(flags.out, results);
      const rel = (f: string) => relative(process.cwd(), f);
      console.log(formatSweepTable(results, new Map([...files.failures].map(([r, f]) => [r, rel(f)]))));
      console.log(`\nwrote ${[files.csv, files.svg, files.json].filter((f): f is string => !!f).map(rel).join(', ')}`);
      if (results.some((r) => r.failures.length)) process.exitCode = 1;
    });
}

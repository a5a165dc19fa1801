import type { Command } from 'commander';
import { clusterOptionsFromFlags } from '../../cluster/cluster-params.ts';
import { buildCoreSim } from '../../cosim/build.ts';
import { buildClusterSim } from '../../cosim/cluster/build.ts';
import { formatClusterRun } from '../../cosim/cluster/report.ts';
import { runCluster } from '../../cosim/cluster/run.ts';
import { runCore } from '../../cosim/run.ts';
import { readElfFile } from '../../elf/read.ts';
import { UserError } from '../../util/errors.ts';
import { programStatus } from './sim-status.ts';

interface SimFlags {
  config: string;
  maxCycles: string;
  target: string;
  cores?: string;
  banking?: string;
}

/**
 * `flexv sim --config baseline prog.elf`: runs a program free on the generated core under Verilator;
 * `flexv sim --target cluster --cores 8 prog.elf`: on the cluster (per-core instructions, stalls, conflicts).
 */
export function registerSim(program: Command): void {
  program
    .command('sim')
    .description('run an ELF program on the generated core or cluster (Verilator): cycles, instructions, exit status')
    .argument('<elf>', 'RV32 executable')
    .option('--config <config>', 'core configuration', 'baseline')
    .option('--max-cycles <n>', 'stop after this many cycles', '100000000')
    .option('--target <target>', 'core | cluster', 'core')
    .option('--cores <n>', 'cluster: number of cores (1..31)')
    .option('--banking <f>', 'cluster: TCDM banks per core, a power of two (default 2)')
    .action(async (elfPath: string, opts: SimFlags) => {
      const maxCycles = Number(opts.maxCycles);
      if (!Number.isInteger(maxCycles) || maxCycles <= 0) throw new UserError(`--max-cycles must be a positive integer, got '${opts.maxCycles}'`);
      if (opts.target === 'cluster') return simCluster(elfPath, opts, maxCycles);
      if (opts.target !== 'core') throw new UserError(`unknown target '${opts.target}' (targets: core, cluster)`, '--target');
      if (opts.cores !== undefined || opts.banking !== undefined) throw new UserError('--cores and --banking apply to --target cluster', '--cores');
      const sim = await buildCoreSim(opts.config);
      if (sim.built) console.error(`built the ${opts.config} core model in ${sim.buildSeconds.toFixed(1)} s`);
      const elf = await readElfFile(elfPath);
      const end = await runCore(sim.exe, elf, elfPath, { maxCycles });
      const cpi = end.instret ? end.cycles / end.instret : 0;
      console.log(`cycles ${end.cycles}, instructions ${end.instret}, CPI ${cpi.toFixed(3)}, ${(end.cycles / Math.max(end.seconds, 1e-9) / 1e6).toFixed(2)} M cycles/s` +
        ` (${(end.cycles / Math.max(end.cpuSeconds, 1e-9) / 1e6).toFixed(2)} M per CPU second)`);
      const st = programStatus(end.reason, end.value, end.instret);
      console.error(st.message);
      process.exitCode = st.exitCode;
    });
}

async function simCluster(elfPath: string, opts: SimFlags, maxCycles: number): Promise<void> {
  const options = clusterOptionsFromFlags({ cores: opts.cores, banking: opts.banking, config: opts.config });
  const elf = await readElfFile(elfPath);
  const sim = await buildClusterSim(options);
  if (sim.built) console.error(`built the ${sim.params.cores}-core ${sim.params.config} cluster model in ${sim.buildSeconds.toFixed(1)} s`);
  const end = await runCluster(sim.exe, elf, elfPath, sim.params, { maxCycles });
  console.log(formatClusterRun(end));
  const st = programStatus(end.reason, end.value, end.instret.reduce((a, b) => a + b, 0));
  console.error(st.message);
  process.exitCode = st.exitCode;
}

import type { Command } from 'commander';
import { CLUSTER_DEFAULTS } from '../../cluster/cluster-params.ts';
import { UserError } from '../../util/errors.ts';

interface ConformanceFlags {
  config: string;
  kernels?: string;
  json?: string;
  rtl: boolean;
  cluster: boolean;
  clusterRtl: boolean;
  golden: boolean;
  cores: string;
  seed: string;
  every: string;
  jobs: string;
}

const positive = (text: string, flag: string, max: number) => {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < 1 || n > max) throw new UserError(`${flag} must be an integer in 1..${max}, got '${text}'`, flag);
  return n;
};

/** `flexv conformance`: the PULP-NN-mixed kernels, compiled unmodified, on the golden model, RTL and cluster. */
export function registerConformance(program: Command): void {
  program
    .command('conformance')
    .description('build every PULP-NN-mixed kernel targeting a configuration (unmodified, with flexv drivers), run it against a TypeScript reference; table of kernel, config, cores, pass/explained/fail, MAC/cycle')
    .option('--config <name>', 'core configuration(s), comma-separated, or all: baseline (XpulpV2 kernels), xpulpnn (+ XpulpNN), flexv (+ XpulpNN-mixed)', 'all')
    .option('--kernels <glob>', 'kernel names (shell glob, comma-separated; also family/name), e.g. "pulp_nn_conv_u8_*"')
    .option('--json <file>', 'write every result as JSON')
    .option('--no-golden', 'skip the one-core golden model runs')
    .option('--rtl', 'also run each kernel on the generated core in lockstep with the golden model (one core)', false)
    .option('--no-cluster', 'skip the golden cluster model runs of the parallel kernels')
    .option('--cluster-rtl', 'also run the parallel kernels on the RTL cluster in lockstep', false)
    .option('--cores <n>', 'cluster size for the cluster runs', String(CLUSTER_DEFAULTS.cores))
    .option('--every <n>', 'stratified sample: every n-th kernel of each family/kind/tile group', '1')
    .option('--jobs <n>', 'worker processes; given (even 1), the run is a resumable conformance campaign under build/conformance/runs', '1')
    .option('--seed <n>', 'seed of the inputs', '1')
    .action(async (flags: ConformanceFlags, cmd: Command) => {
      const cores = Number(flags.cores);
      if (!Number.isInteger(cores) || cores < 2 || cores > 16 || (cores & (cores - 1)) !== 0) {
        throw new UserError(`--cores must be a power of two in 2..16 (the kernels split work by shifts), got '${flags.cores}'`, '--cores');
      }
      const seed = Number(flags.seed);
      if (!Number.isInteger(seed)) throw new UserError(`--seed must be an integer, got '${flags.seed}'`, '--seed');
      const every = positive(flags.every, '--every', 10_000);
      const jobs = positive(flags.jobs, '--jobs', 64);
      const { runSuite, formatRow, formatSummary, TABLE_HEADER, writeJson } = await import('../../conformance/suite.ts');
      const targets: Array<'golden' | 'rtl' | 'cluster-golden' | 'cluster-rtl'> = [];
      if (flags.golden) targets.push('golden');
      if (flags.rtl) targets.push('rtl');
      if (flags.cluster) targets.push('cluster-golden');
      if (flags.clusterRtl) targets.push('cluster-rtl');
      if (!targets.length) throw new UserError('no target left (--no-golden and --no-cluster without --rtl or --cluster-rtl)', '--no-golden');
      const t0 = performance.now();
      let results;
      // An explicit --jobs (even 1) asks for the resumable campaign; without it one process runs in order.
      if (jobs > 1 || cmd.getOptionValueSource('jobs') === 'cli') {
        const { runSuiteParallel } = await import('../../conformance/parallel.ts');
        ({ results } = await runSuiteParallel({ config: flags.config, kernels: flags.kernels, targets, every, clusterCores: cores, seed, jobs }));
        console.log(TABLE_HEADER);
        for (const r of results) console.log(formatRow(r));
      } else {
        console.log(TABLE_HEADER);
        ({ results } = await runSuite({
          config: flags.config, kernels: flags.kernels, targets, every, clusterCores: cores, seed, onResult: (r) => console.log(formatRow(r)),
        }));
        if (!results.length) throw new UserError(`no kernel matches '${flags.kernels}' for --config ${flags.config}`, '--kernels');
      }
      console.log(formatSummary(results));
      console.log(`wall time ${((performance.now() - t0) / 1000).toFixed(0)} s (${jobs} job${jobs > 1 ? 's' : ''})`);
      if (flags.json) await writeJson(flags.json, results);
      if (results.some((r) => r.status === 'fail')) process.exitCode = 1;
    });
}

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
  cores: string;
  seed: string;
}

/** `flexv conformance`: the PULP-NN-mixed kernels, compiled unmodified, on the golden model, RTL and cluster. */
export function registerConformance(program: Command): void {
  program
    .command('conformance')
    .description('build every PULP-NN-mixed kernel targeting a configuration (unmodified, with flexv drivers), run it against a TypeScript reference; table of kernel, config, cores, pass/fail, MAC/cycle')
    .option('--config <name>', 'core configuration: baseline (XpulpV2 kernels), xpulpnn (+ XpulpNN), flexv (+ XpulpNN-mixed)', 'baseline')
    .option('--kernels <glob>', 'kernel names (shell glob, comma-separated; also family/name), e.g. "pulp_nn_conv_u8_*"')
    .option('--json <file>', 'write every result as JSON')
    .option('--rtl', 'also run each kernel on the generated core in lockstep with the golden model (one core)', false)
    .option('--no-cluster', 'skip the golden cluster model runs of the parallel kernels')
    .option('--cluster-rtl', 'also run the parallel kernels on the RTL cluster in lockstep', false)
    .option('--cores <n>', 'cluster size for the cluster runs', String(CLUSTER_DEFAULTS.cores))
    .option('--seed <n>', 'seed of the inputs', '1')
    .action(async (flags: ConformanceFlags) => {
      const cores = Number(flags.cores);
      if (!Number.isInteger(cores) || cores < 2 || cores > 16 || (cores & (cores - 1)) !== 0) {
        throw new UserError(`--cores must be a power of two in 2..16 (the kernels split work by shifts), got '${flags.cores}'`, '--cores');
      }
      const seed = Number(flags.seed);
      if (!Number.isInteger(seed)) throw new UserError(`--seed must be an integer, got '${flags.seed}'`, '--seed');
      const { runSuite, formatRow, formatSummary, TABLE_HEADER, writeJson } = await import('../../conformance/suite.ts');
      const targets: Array<'golden' | 'rtl' | 'cluster-golden' | 'cluster-rtl'> = ['golden'];
      if (flags.rtl) targets.push('rtl');
      if (flags.cluster) targets.push('cluster-golden');
      if (flags.clusterRtl) targets.push('cluster-rtl');
      console.log(TABLE_HEADER);
      const { results, kernels } = await runSuite({
        config: flags.config, kernels: flags.kernels, targets, clusterCores: cores, seed, onResult: (r) => console.log(formatRow(r)),
      });
      if (!kernels.length) throw new UserError(`no kernel matches '${flags.kernels}' for --config ${flags.config}`, '--kernels');
      console.log(formatSummary(results, kernels));
      if (flags.json) await writeJson(flags.json, results);
      if (results.some((r) => r.status === 'fail')) process.exitCode = 1;
    });
}

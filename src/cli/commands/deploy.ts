import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { isConfig } from '../../isa/index.ts';
import { MAX_CLUSTER_CORES } from '../../iss/cluster.ts';
import { CLUSTER_DEFAULTS } from '../../cluster/cluster-params.ts';
import { UserError } from '../../util/errors.ts';

interface DeployFlags {
  config: string;
  cores: string;
  tcdm?: string;
  l2?: string;
  bits: string;
  run: string;
  lockstep?: boolean;
  out?: string;
  json?: string;
  reference?: string;
}

const int = (v: string, flag: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new UserError(`${flag} must be a positive integer, got '${v}'`, flag);
  return n;
};

/** `flexv deploy model.onnx`: import, lower, generate, build and run a quantized network on the cluster. */
export function registerDeploy(program: Command): void {
  program
    .command('deploy')
    .description('deploy an integer ONNX network (Deeploy RequantShift or NEMO patterns) on the cluster and check every layer')
    .argument('<model>', 'ONNX model (.onnx)')
    .option('--config <config>', 'core build: baseline | xpulpnn | flexv', 'xpulpnn')
    .option('--cores <n>', `cluster cores (1..${MAX_CLUSTER_CORES})`, String(CLUSTER_DEFAULTS.cores))
    .option('--tcdm <bytes>', 'TCDM size in bytes (default 262144)')
    .option('--l2 <bytes>', 'L2 size in bytes (default 4194304)')
    .option('--bits <policy>', "precision policy: 'selector:a<A>w<W>,...' (A, W: 8, 4, 2; selectors *, conv, conv3, #5, an ONNX node) or a .json file", '*:a8w8')
    .option('--run <where>', 'golden | rtl | none', 'golden')
    .option('--lockstep', 'with --run rtl: compare every retirement with the golden model')
    .option('--out <dir>', 'write the generated C sources here')
    .option('--json <file>', 'write the report as JSON')
    .option('--reference <dir>', 'reference activations (Deeploy .npz or DORY .txt) instead of the model folder')
    .action(async (model: string, f: DeployFlags) => {
      if (!isConfig(f.config)) throw new UserError(`unknown configuration '${f.config}' (baseline, xpulpnn, flexv)`, '--config');
      const cores = int(f.cores, '--cores');
      if (cores > MAX_CLUSTER_CORES) throw new UserError(`--cores must be 1..${MAX_CLUSTER_CORES}, got ${cores}`, '--cores');
      if (!['golden', 'rtl', 'none'].includes(f.run)) throw new UserError(`--run must be golden, rtl or none, got '${f.run}'`, '--run');
      if (f.lockstep && f.run !== 'rtl') throw new UserError('--lockstep needs --run rtl', '--lockstep');
      const { deploy } = await import('../../deploy/flow.ts');
      const { formatReport } = await import('../../deploy/report.ts');
      const report = await deploy({
        model, config: f.config, cores, run: f.run as 'golden' | 'rtl' | 'none', lockstep: f.lockstep, out: f.out, reference: f.reference, bits: f.bits,
        tcdm: f.tcdm === undefined ? undefined : int(f.tcdm, '--tcdm'),
        l2: f.l2 === undefined ? undefined : int(f.l2, '--l2'),
      });
      console.log(formatReport(report));
      if (f.json) await writeFile(f.json, JSON.stringify(report, null, 2) + '\n');
      if (report.bit_exact === false || report.import_check?.bit_exact === false) process.exitCode = 1;
    });
}

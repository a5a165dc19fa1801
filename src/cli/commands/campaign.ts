import type { Command } from 'commander';
import { relative } from 'node:path';
import { campaignKinds, PENDING_KINDS } from '../../campaign/kind.ts';
import { workerLoop } from '../../campaign/local.ts';
import { mergeCampaign } from '../../campaign/merge.ts';
import { planOf, writePlan } from '../../campaign/plan.ts';
import { runCampaign } from '../../campaign/run.ts';
import { runShard } from '../../campaign/shard.ts';
import { intFlag } from '../../campaign/kinds/flags.ts';
import { UserError } from '../../util/errors.ts';

interface PlanFlags {
  shards: string;
  seed: string;
  out: string;
  force?: boolean;
  [flag: string]: string | boolean | undefined;
}

interface RunFlags {
  backend: string;
  workers?: string;
  retryFailed?: boolean;
  dryRun?: boolean;
  poll: string;
  maxArrayIndex: string;
  sbatchArg?: string[];
}

/**
 * `flexv campaign plan <kind> ... --shards N --seed S --out DIR`, `flexv campaign run DIR [--backend local|slurm]`,
 * `flexv campaign merge DIR [--json out.json]` (docs/campaigns.md). `shard` and `worker` are what the Slurm
 * tasks and the local pool run.
 */
export function registerCampaign(program: Command): void {
  const campaign = program.command('campaign').description('sharded, resumable lockstep / sweep / kernel campaigns on local workers or Slurm (docs/campaigns.md)');

  const plan = campaign.command('plan').description('write DIR/campaign.json: the work split into deterministic shards');
  for (const kind of campaignKinds()) {
    const cmd = plan.command(kind.name).description(kind.description);
    for (const f of kind.flags) cmd.option(f.flags, f.description, f.default);
    cmd
      .option('--shards <n>', 'shards (Slurm array tasks / local work units)', '1')
      .option('--seed <n>', 'campaign seed: every shard derives its seeds from it and its index', '1')
      .requiredOption('--out <dir>', 'campaign directory (shared disk for Slurm)')
      .option('--force', 'replace a different campaign in --out and delete its results')
      .action((flags: PlanFlags) => {
        const shards = intFlag(flags.shards, '--shards', 1, 10_000_000);
        const seed = intFlag(flags.seed, '--seed', 0, 0xffffffff);
        const command = `flexv campaign plan ${kind.name} ${process.argv.slice(process.argv.indexOf(kind.name) + 1).join(' ')}`.trim();
        const c = planOf(kind.name, flags, { shards, seed, command });
        return writePlan(c, { out: flags.out, ...(flags.force ? { force: true } : {}) }).then((r) => {
          console.log(`${r.unchanged ? 'unchanged' : 'wrote'} ${relative(process.cwd(), r.path) || r.path}: ${kind.name} campaign, ${c.items} items in ${c.shards} shards, seed ${c.seed}`);
          if (kind.name === 'lockstep') console.log(`about ${(c.params.perProgram as number) * c.items} retirements (${c.params.perProgram} per program on the golden model)`);
          console.log(`next: flexv campaign run ${flags.out}`);
        });
      });
  }
  for (const [name, why] of Object.entries(PENDING_KINDS)) {
    plan
      .command(name)
      .description(`(not available yet) ${why.split(';')[0]}`)
      .allowUnknownOption()
      .allowExcessArguments()
      .action(() => {
        throw new UserError(`campaign kind '${name}' is not available yet: ${why}`);
      });
  }

  campaign
    .command('run')
    .description('run the shards without a result: local worker pool or a Slurm job array, with progress')
    .argument('<dir>', 'campaign directory')
    .option('--backend <backend>', 'local | slurm', 'local')
    .option('--workers <k>', 'local: worker processes (default: all CPUs)')
    .option('--retry-failed', 'run the failed shards again too')
    .option('--dry-run', 'slurm: print the job script and the sbatch commands, submit nothing')
    .option('--poll <s>', 'slurm: seconds between looks at squeue and the result files', '2')
    .option('--max-array-index <n>', "slurm: the cluster's MaxArraySize - 1 (larger campaigns go as several arrays)", '999')
    .option('--sbatch-arg <arg...>', 'slurm: extra sbatch arguments, e.g. --sbatch-arg=--partition=long')
    .action(async (dir: string, flags: RunFlags) => {
      if (flags.backend !== 'local' && flags.backend !== 'slurm') throw new UserError(`unknown backend '${flags.backend}' (local, slurm)`, '--backend');
      if (flags.backend === 'local' && flags.dryRun) throw new UserError('--dry-run applies to --backend slurm', '--dry-run');
      if (flags.backend === 'slurm' && flags.workers !== undefined) throw new UserError('--workers applies to --backend local (Slurm decides where tasks run)', '--workers');
      const s = await runCampaign(dir, {
        backend: flags.backend,
        ...(flags.workers !== undefined ? { workers: intFlag(flags.workers, '--workers', 1, 4096) } : {}),
        retryFailed: flags.retryFailed ?? false,
        dryRun: flags.dryRun ?? false,
        poll: intFlag(flags.poll, '--poll', 1, 3600),
        maxArrayIndex: intFlag(flags.maxArrayIndex, '--max-array-index', 0, 100_000_000),
        sbatchArgs: flags.sbatchArg ?? [],
      });
      if (flags.dryRun) return;
      console.log(`${s.done} shards with a result, ${s.ran.length} scheduled in this run, ${s.skipped} skipped, ${s.missing} without a result (${s.seconds.toFixed(1)} s)`);
      const backend = flags.backend === 'slurm' ? ' --backend slurm' : '';
      for (const f of s.failed.slice(0, 20)) console.log(`failed shard ${f.shard}: ${f.message} (log: ${f.log})`);
      if (s.failed.length) console.log(`rerun them with: flexv campaign run ${dir} --retry-failed${backend}`);
      if (s.missing > s.failed.length) console.log(`${s.missing - s.failed.length} shards were not finished (stopped?): flexv campaign run ${dir}${backend} finishes them`);
      if (!s.missing) console.log(`next: flexv campaign merge ${dir}`);
      if (s.missing) process.exitCode = 1;
    });

  campaign
    .command('merge')
    .description('totals, per-shard table and the first failure with its reproducer (streams the shard files)')
    .argument('<dir>', 'campaign directory')
    .option('--json <file>', 'write the merged result as JSON (retirements/points/runs, mismatches, shards, perShard, ...)')
    .action(async (dir: string, flags: { json?: string }) => {
      const t = await mergeCampaign(dir, { ...(flags.json ? { json: flags.json } : {}), print: (l) => console.log(l) });
      if (flags.json) console.log(`merged result: ${flags.json}`);
      if (t.mismatches > 0 || t.shardsDone < t.shards) process.exitCode = 1;
    });

  campaign
    .command('shard', { hidden: true })
    .description('run one shard in this process (what a Slurm array task runs)')
    .argument('<dir>', 'campaign directory')
    .requiredOption('--index <i>', 'shard index')
    .option('--backend <name>', 'recorded in the timing file', 'slurm')
    .action(async (dir: string, flags: { index: string; backend: string }) => {
      const r = await runShard(dir, intFlag(flags.index, '--index', 0, 100_000_000), { backend: flags.backend });
      if (r.status === 'failed') {
        console.error(`shard ${flags.index} failed: ${r.message} (log: ${r.log})`);
        process.exitCode = 1;
      }
    });

  campaign
    .command('worker', { hidden: true })
    .description('a local pool worker: runs the shards its parent sends over IPC')
    .argument('<dir>', 'campaign directory')
    .action((dir: string) => {
      if (!process.send) throw new UserError('flexv campaign worker is started by flexv campaign run (it needs an IPC channel)');
      workerLoop(dir);
      return new Promise<void>(() => {});
    });
}

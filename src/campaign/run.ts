import { cpus } from 'node:os';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PROJECT_ROOT } from '../sim/verilator.ts';
import { UserError } from '../util/errors.ts';
import { runLocalPool } from './local.ts';
import { Progress } from './progress.ts';
import { kindOf } from './shard.ts';
import { plannedSubmissions, queueState, recordLostShards, slurmScript, submit, writeSlurmScript } from './slurm.ts';
import { campaignPaths, readCampaign } from './spec.ts';
import { readFailure, shardStates, shardsToRun } from './status.ts';
import type { ShardResult } from './kind.ts';

export interface RunOptions {
  backend: 'local' | 'slurm';
  /** Local: worker processes (default: the machine's CPUs / the CPUs one shard keeps busy). */
  workers?: number;
  retryFailed?: boolean;
  /** Slurm: print the job script and the sbatch commands, submit nothing. */
  dryRun?: boolean;
  /** Slurm: seconds between two looks at the queue and the result files. */
  poll?: number;
  /** Slurm: largest array index the cluster accepts (MaxArraySize - 1). */
  maxArrayIndex?: number;
  /** Slurm: extra sbatch arguments. */
  sbatchArgs?: string[];
  /** Progress and report lines (stderr in the CLI). */
  print?: (line: string) => void;
  /** Seconds between two progress lines when no shard finishes (default 15). */
  progressEvery?: number;
}

/**
 * Runs the model builds from the repository root, where the shards run too (workers and Slurm tasks start
 * there): the emitted SV names its generator files relative to the working directory, and that text is
 * part of the Verilator cache key, so builds made elsewhere would not be found by the shards.
 */
async function prepareAtRoot(work: () => Promise<void>): Promise<void> {
  const cwd = process.cwd();
  process.chdir(PROJECT_ROOT);
  try {
    await work();
  } finally {
    process.chdir(cwd);
  }
}

export interface RunSummary {
  ran: number[];
  skipped: number;
  done: number;
  failed: Array<{ shard: number; message: string; log: string }>;
  /** Shards still without a result after the run (failed ones included). */
  missing: number;
  seconds: number;
}

/**
 * `flexv campaign run`: runs every shard that has no result yet (and, with retryFailed, the failed ones) on
 * the local worker pool or as a Slurm job array, with the same progress line for both. Finished shards are
 * skipped, so a killed run resumes where it stopped.
 */
export async function runCampaign(dirArg: string, opts: RunOptions): Promise<RunSummary> {
  const dir = resolve(dirArg);
  const print = opts.print ?? ((l: string) => console.error(l));
  const c = await readCampaign(dir);
  const paths = campaignPaths(dir);
  const kind = kindOf(c, paths.spec);
  const t0 = performance.now();
  const { todo, states } = opts.dryRun ? { todo: shardStates(dir, c).missing, states: shardStates(dir, c) } : await shardsToRun(dir, c, opts.retryFailed ?? false);
  const skipped = states.done.length;
  if (skipped) print(`${skipped} of ${c.shards} shards already have a result: skipped`);
  if (!opts.retryFailed && states.failed.length) {
    print(`${states.failed.length} failed shards are not run again (--retry-failed does): ${states.failed.slice(0, 10).join(', ')}${states.failed.length > 10 ? ', ...' : ''}`);
  }
  const summary: RunSummary = { ran: todo, skipped, done: 0, failed: [], missing: 0, seconds: 0 };
  if (todo.length === 0 && !opts.dryRun) {
    print('nothing to run');
    return finish();
  }

  let progress = new Progress(todo.length, kind.unit);
  if (opts.backend === 'local') {
    const perShard = kind.cpusPerShard(c);
    const workers = opts.workers ?? Math.max(1, Math.floor(cpus().length / perShard));
    if (!Number.isInteger(workers) || workers < 1) throw new UserError(`--workers must be a positive integer, got ${opts.workers}`, '--workers');
    print('preparing: the shared model builds (cached by content; the first build takes minutes)');
    await prepareAtRoot(() => kind.prepare(c, print));
    progress = new Progress(todo.length, kind.unit); // the rate and ETA leave the model build out
    print(`running ${todo.length} shards of the ${c.kind} campaign on ${Math.min(workers, todo.length)} local workers`);
    const timer = setInterval(() => print(progress.line(`${Math.min(workers, todo.length - progress.finished)} running`)), (opts.progressEvery ?? 15) * 1000);
    try {
      await runLocalPool(dir, c, kind, todo, workers, {
        onPartial: (u) => progress.setPartial(u),
        onShard: (shard, o) => {
          if (o.status === 'done') progress.shardDone(o.units);
          else {
            progress.shardFailed();
            print(`shard ${shard} failed: ${o.message} (log: ${o.log})`);
          }
          print(progress.line());
        },
      });
    } finally {
      clearInterval(timer);
    }
    return finish();
  }

  // Slurm.
  const sub = plannedSubmissions({ shards: todo, maxArrayIndex: opts.maxArrayIndex ?? 999, extra: opts.sbatchArgs ?? [] });
  if (opts.dryRun) {
    print(`# ${paths.slurmScript}`);
    print(slurmScript(c, kind, dir, { array: `0-${c.shards - 1}` }));
    for (const a of sub.args) print(`sbatch ${a.join(' ')} ${paths.slurmScript}`);
    return finish();
  }
  // The model is built here, once, into the shared build cache the tasks read (FLEXV_BUILD_DIR).
  print('preparing: the shared model builds (cached by content; the first build takes minutes)');
  await prepareAtRoot(() => kind.prepare(c, print));
  progress = new Progress(todo.length, kind.unit);
  const script = await writeSlurmScript(c, kind, dir);
  await mkdir(paths.logs, { recursive: true }); // Slurm opens the tasks' output files there, it creates no directory
  const jobs = await submit(script, sub);
  print(`submitted ${todo.length} shards as Slurm job${jobs.length > 1 ? 's' : ''} ${jobs.join(', ')} (${script}; logs in ${paths.logs})`);
  const seen = new Set<number>();
  const lookAtFiles = async () => {
    for (const s of todo) {
      if (seen.has(s)) continue;
      if (existsSync(paths.result(s))) {
        seen.add(s);
        const r = JSON.parse(await readFile(paths.result(s), 'utf8')) as ShardResult;
        progress.shardDone(r.units);
        print(progress.line());
      } else if (existsSync(paths.failed(s))) {
        seen.add(s);
        progress.shardFailed();
        const f = await readFailure(dir, s);
        print(`shard ${s} failed: ${f?.message} (log: ${f?.log})`);
      }
    }
  };
  let lastLine = performance.now();
  for (;;) {
    const q = await queueState(jobs);
    await lookAtFiles();
    if (q.finished) break;
    if (performance.now() - lastLine > (opts.progressEvery ?? 15) * 1000) {
      print(progress.line(`${q.running} running, ${q.pending} pending in Slurm`));
      lastLine = performance.now();
    }
    await new Promise((r) => setTimeout(r, (opts.poll ?? 2) * 1000));
  }
  await recordLostShards(dir, todo, jobs, sub.offsets);
  await lookAtFiles();
  return finish();

  async function finish(): Promise<RunSummary> {
    const after = shardStates(dir, c);
    summary.done = after.done.length;
    summary.missing = after.failed.length + after.missing.length;
    for (const s of after.failed) {
      const f = await readFailure(dir, s);
      summary.failed.push({ shard: s, message: f?.message ?? 'failed', log: f?.log ?? paths.log(s) });
    }
    summary.seconds = (performance.now() - t0) / 1000;
    return summary;
  }
}

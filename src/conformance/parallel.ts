import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { planOf, writePlan } from '../campaign/plan.ts';
import { runCampaign } from '../campaign/run.ts';
import { campaignPaths } from '../campaign/spec.ts';
import type { ShardResult } from '../campaign/kind.ts';
import { contentKey } from '../kernels/c-cache.ts';
import { UserError } from '../util/errors.ts';
import { CONFORMANCE_DIR } from './archive.ts';
import { explain } from './known.ts';
import type { KernelResult, Target } from './run.ts';

/**
 * `flexv conformance --jobs N`: the suite as a `conformance` campaign (src/campaign/kinds/conformance.ts) on
 * the local pool of N worker processes, in `build/conformance/runs/<key of the selection>`. A killed run
 * resumes where it stopped (finished shards are kept); the rows come back in the suite's order.
 */
export interface ParallelOptions {
  config: string;
  kernels?: string;
  targets: Target[];
  every: number;
  clusterCores: number;
  seed: number;
  jobs: number;
  /** Campaign directory (default: under build/conformance/runs, named by the selection). */
  dir?: string;
  print?: (line: string) => void;
}

/**
 * Items per shard: small enough that a resumed run loses little, large enough that a worker reuses its
 * caches. An 8-core RTL cluster run in lockstep takes about a minute (a one-core run seconds), so a
 * selection with that target gets shards of 4.
 */
export const itemsPerShard = (targets: readonly Target[]) => (targets.includes('cluster-rtl') ? 4 : 24);

/** The campaign of a selection: planned (campaign.json written, finished shards kept) in its directory. */
export async function planSuiteCampaign(o: Omit<ParallelOptions, 'jobs' | 'print'>): Promise<{ dir: string; shards: number; items: number }> {
  const flags = {
    config: o.config, ...(o.kernels ? { kernels: o.kernels } : {}), targets: o.targets.join(','), every: String(o.every),
    cores: String(o.clusterCores), dataSeed: String(o.seed),
  };
  const probe = planOf('conformance', flags, { shards: 1, seed: 1, command: 'flexv conformance' });
  const shards = Math.max(1, Math.min(probe.items, Math.ceil(probe.items / itemsPerShard(o.targets))));
  const c = planOf('conformance', flags, { shards, seed: 1, command: `flexv conformance ${process.argv.slice(3).join(' ')}`.trim() });
  const dir = o.dir ?? join(CONFORMANCE_DIR, 'runs', contentKey(JSON.stringify(c.params), String(c.items)));
  await writePlan(c, { out: dir });
  return { dir, shards, items: c.items };
}

/**
 * The rows of the finished shards of a campaign, in the suite's order, with the rules applied again (a row
 * stored before a kernel bug was understood is explained now); `shardsDone` of `shards` had a result.
 */
export async function readSuiteRows(dir: string, shards: number): Promise<{ results: KernelResult[]; shardsDone: number }> {
  const results: KernelResult[] = [];
  const paths = campaignPaths(dir);
  let shardsDone = 0;
  for (let i = 0; i < shards; i++) {
    if (!existsSync(paths.result(i))) continue;
    shardsDone++;
    const r = JSON.parse(await readFile(paths.result(i), 'utf8')) as ShardResult;
    for (const row of (r.rows ?? []) as KernelResult[]) results.push(explain(row));
  }
  return { results, shardsDone };
}

export async function runSuiteParallel(o: ParallelOptions): Promise<{ results: KernelResult[]; dir: string; seconds: number }> {
  const { dir, shards, items } = await planSuiteCampaign(o);
  const print = o.print ?? ((l: string) => console.error(l));
  print(`conformance campaign in ${dir}: ${items} runs in ${shards} shards`);
  const s = await runCampaign(dir, { backend: 'local', workers: o.jobs, print });
  if (s.failed.length) {
    throw new UserError(`${s.failed.length} shard(s) of the conformance campaign crashed (first: ${s.failed[0].message}; log ${s.failed[0].log}); run again to retry with 'npx flexv campaign run ${dir} --retry-failed'`, dir);
  }
  const { results, shardsDone } = await readSuiteRows(dir, shards);
  if (shardsDone !== shards) throw new UserError(`${shards - shardsDone} shard(s) have no result`, campaignPaths(dir).shards);
  return { results, dir, seconds: s.seconds };
}

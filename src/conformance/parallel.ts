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

/** Items per shard: small enough that a resumed run loses little, large enough that a worker reuses its caches. */
const ITEMS_PER_SHARD = 24;

export async function runSuiteParallel(o: ParallelOptions): Promise<{ results: KernelResult[]; dir: string; seconds: number }> {
  const flags = {
    config: o.config, ...(o.kernels ? { kernels: o.kernels } : {}), targets: o.targets.join(','), every: String(o.every),
    cores: String(o.clusterCores), dataSeed: String(o.seed),
  };
  const probe = planOf('conformance', flags, { shards: 1, seed: 1, command: 'flexv conformance' });
  const shards = Math.max(1, Math.min(probe.items, Math.ceil(probe.items / ITEMS_PER_SHARD)));
  const c = planOf('conformance', flags, { shards, seed: 1, command: `flexv conformance ${process.argv.slice(3).join(' ')}`.trim() });
  const dir = o.dir ?? join(CONFORMANCE_DIR, 'runs', contentKey(JSON.stringify(c.params), String(c.items)));
  await writePlan(c, { out: dir });
  const print = o.print ?? ((l: string) => console.error(l));
  print(`conformance campaign in ${dir}: ${c.items} runs in ${shards} shards`);
  const s = await runCampaign(dir, { backend: 'local', workers: o.jobs, print });
  if (s.failed.length) {
    throw new UserError(`${s.failed.length} shard(s) of the conformance campaign crashed (first: ${s.failed[0].message}; log ${s.failed[0].log}); run again to retry with 'npx flexv campaign run ${dir} --retry-failed'`, dir);
  }
  const results: KernelResult[] = [];
  const paths = campaignPaths(dir);
  for (let i = 0; i < c.shards; i++) {
    if (!existsSync(paths.result(i))) throw new UserError(`shard ${i} has no result`, paths.result(i));
    const r = JSON.parse(await readFile(paths.result(i), 'utf8')) as ShardResult;
    for (const row of (r.rows ?? []) as KernelResult[]) results.push(explain(row));
  }
  return { results, dir, seconds: s.seconds };
}

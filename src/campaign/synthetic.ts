import { mkdir, writeFile } from 'node:fs/promises';
import { lockstepReproducer, type LockstepParams } from './kinds/lockstep.ts';
import { FAILURES_KEPT, type ShardResult } from './kind.ts';
import { itemSeed, shardItems } from './seeds.ts';
import { campaignPaths, SHARD_FORMAT, type Campaign } from './spec.ts';

/**
 * Synthetic shard files for the merge tests and the merge benchmark (10 000 shards): what lockstep shards
 * would write, with made-up figures (item i "retires" 1000 + i instructions in 2 cycles each), some shards
 * left out (`skip`) or marked failed (`fail`), mismatches at `mismatchItems`.
 */
export async function writeSyntheticShards(dir: string, c: Campaign, opts: { skip?: number[]; fail?: number[]; mismatchItems?: number[] }): Promise<void> {
  const paths = campaignPaths(dir);
  for (const d of [paths.shards, paths.failedDir, paths.root + '/timing']) await mkdir(d, { recursive: true });
  const bad = new Set(opts.mismatchItems ?? []);
  for (let s = 0; s < c.shards; s++) {
    if (opts.skip?.includes(s)) continue;
    if (opts.fail?.includes(s)) {
      await writeFile(paths.failed(s), JSON.stringify({ shard: s, message: 'synthetic crash', log: paths.log(s), at: new Date(0).toISOString() }));
      continue;
    }
    const { start, end } = shardItems(c.items, c.shards, s);
    let units = 0;
    const failures: ShardResult['failures'] = [];
    for (let i = start; i < end; i++) {
      units += 1000 + i;
      if (bad.has(i) && failures.length < FAILURES_KEPT) {
        const seed = itemSeed(c.seed, i);
        failures.push({ item: i, seed, message: `synthetic mismatch at item ${i}`, reproducer: lockstepReproducer(c.params as unknown as LockstepParams, seed, 0) });
      }
    }
    const r: ShardResult = {
      format: SHARD_FORMAT, kind: c.kind, shard: s, start, end, units,
      mismatches: [...bad].filter((i) => i >= start && i < end).length,
      totals: { programs: end - start, cycles: 2 * units }, failures,
    };
    await writeFile(paths.result(s), JSON.stringify(r) + '\n');
    await writeFile(paths.timing(s), JSON.stringify({ shard: s, units, seconds: 1, startedAt: new Date(s * 1000).toISOString(), finishedAt: new Date(s * 1000 + 1000).toISOString(), host: 'synthetic', backend: 'local' }));
  }
}

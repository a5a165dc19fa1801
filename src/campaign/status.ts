import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { campaignPaths, type Campaign } from './spec.ts';
import type { ShardFailure } from './shard.ts';

export interface ShardStates {
  done: number[];
  failed: number[];
  /** Neither: never run, or killed before it finished. */
  missing: number[];
}

/** Which shards have a result, which failed, which are still to run (file existence only: cheap). */
export function shardStates(dir: string, c: Campaign): ShardStates {
  const paths = campaignPaths(dir);
  const s: ShardStates = { done: [], failed: [], missing: [] };
  for (let i = 0; i < c.shards; i++) {
    if (existsSync(paths.result(i))) s.done.push(i);
    else if (existsSync(paths.failed(i))) s.failed.push(i);
    else s.missing.push(i);
  }
  return s;
}

export async function readFailure(dir: string, shard: number): Promise<ShardFailure | undefined> {
  const p = campaignPaths(dir).failed(shard);
  return existsSync(p) ? (JSON.parse(await readFile(p, 'utf8')) as ShardFailure) : undefined;
}

/**
 * The shards a run does: the missing ones, and with `retryFailed` the failed ones too (their markers are
 * removed). Finished shards are never run again: a killed campaign resumes where it stopped.
 */
export async function shardsToRun(dir: string, c: Campaign, retryFailed: boolean): Promise<{ todo: number[]; states: ShardStates }> {
  const states = shardStates(dir, c);
  if (!retryFailed) return { todo: states.missing, states };
  for (const i of states.failed) await rm(campaignPaths(dir).failed(i), { force: true });
  return { todo: [...states.missing, ...states.failed].sort((a, b) => a - b), states };
}

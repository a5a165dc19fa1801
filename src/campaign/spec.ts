import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UserError } from '../util/errors.ts';
import { writeAtomic } from './atomic.ts';

/** `DIR/campaign.json`: what `flexv campaign plan` decided; everything a shard needs to run. */
export interface Campaign {
  format: typeof CAMPAIGN_FORMAT;
  kind: string;
  seed: number;
  shards: number;
  /** Work items (random programs, sweep points, kernel runs), split into contiguous shard slices. */
  items: number;
  /** The kind's parameters (validated by the kind when a shard loads them). */
  params: Record<string, unknown>;
  /** The plan command that wrote this file, for the record. */
  planned: string;
}

export const CAMPAIGN_FORMAT = 'flexv-campaign/1';
export const SHARD_FORMAT = 'flexv-campaign-shard/1';

/** The files of a campaign directory (shared disk for Slurm: every node reads and writes here). */
export function campaignPaths(dir: string) {
  const root = resolve(dir);
  return {
    root,
    spec: join(root, 'campaign.json'),
    shards: join(root, 'shards'),
    /** Deterministic result of shard i (written atomically, only when the shard finished). */
    result: (i: number) => join(root, 'shards', `${i}.json`),
    /** Wall time, host and backend of shard i's run (not part of the result: it differs run to run). */
    timing: (i: number) => join(root, 'timing', `${i}.json`),
    /** Present when shard i failed (crashed, not "found a mismatch"): the message and the log path. */
    failed: (i: number) => join(root, 'failed', `${i}.json`),
    failedDir: join(root, 'failed'),
    log: (i: number) => join(root, 'logs', `${i}.log`),
    logs: join(root, 'logs'),
    slurmScript: join(root, 'slurm', 'campaign.sbatch'),
    slurmDir: join(root, 'slurm'),
    /** Scratch space of shard i (generated programs), removed when it finishes. */
    work: (i: number) => join(root, 'work', String(i)),
  };
}

export async function writeCampaign(dir: string, c: Campaign): Promise<string> {
  const p = campaignPaths(dir).spec;
  await writeAtomic(p, JSON.stringify(c, null, 2) + '\n');
  return p;
}

/** Reads and checks `DIR/campaign.json`; errors name the file and the field. */
export async function readCampaign(dir: string): Promise<Campaign> {
  const path = campaignPaths(dir).spec;
  if (!existsSync(path)) throw new UserError(`no campaign here: ${path} is missing (write one with 'flexv campaign plan')`, dir);
  let c: Campaign;
  try {
    c = JSON.parse(await readFile(path, 'utf8')) as Campaign;
  } catch (e) {
    throw new UserError(`not valid JSON: ${(e as Error).message}`, path);
  }
  const bad = (field: string, why: string) => new UserError(`field '${field}' ${why}`, path);
  if (!c || typeof c !== 'object') throw new UserError('expected a JSON object', path);
  if (c.format !== CAMPAIGN_FORMAT) throw bad('format', `must be '${CAMPAIGN_FORMAT}', got ${JSON.stringify(c.format)}`);
  if (typeof c.kind !== 'string') throw bad('kind', 'must be a string');
  for (const f of ['seed', 'shards', 'items'] as const) {
    if (!Number.isSafeInteger(c[f]) || c[f] < (f === 'seed' ? 0 : 1)) throw bad(f, `must be a ${f === 'seed' ? 'non-negative' : 'positive'} integer, got ${JSON.stringify(c[f])}`);
  }
  if (c.shards > c.items) throw bad('shards', `(${c.shards}) exceeds the items (${c.items}): a shard would be empty`);
  if (!c.params || typeof c.params !== 'object') throw bad('params', 'must be an object');
  return c;
}

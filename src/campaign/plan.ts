import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { UserError } from '../util/errors.ts';
import { campaignKind, PENDING_KINDS } from './kind.ts';
import './kinds/index.ts';
import { CAMPAIGN_FORMAT, campaignPaths, writeCampaign, type Campaign } from './spec.ts';

export interface PlanOptions {
  shards: number;
  seed: number;
  out: string;
  /** The command line, recorded in campaign.json. */
  command: string;
  /** Replace a different campaign in `out` and delete its results. */
  force?: boolean;
}

/** Builds the campaign of `kindName` from its flags (no file written). */
export function planOf(kindName: string, flags: Record<string, string | boolean | undefined>, opts: Omit<PlanOptions, 'out' | 'force'>): Campaign {
  const kind = campaignKind(kindName);
  if (!kind) throw new UserError(PENDING_KINDS[kindName] ? `campaign kind '${kindName}' is not available yet: ${PENDING_KINDS[kindName]}` : `unknown campaign kind '${kindName}'`);
  const { params, items } = kind.plan(flags, opts.seed);
  if (opts.shards > items) throw new UserError(`--shards ${opts.shards} exceeds the ${items} items of this campaign (a shard would be empty)`, '--shards');
  return { format: CAMPAIGN_FORMAT, kind: kindName, seed: opts.seed, shards: opts.shards, items, params, planned: opts.command };
}

/**
 * Writes `out/campaign.json`. Planning the same campaign again changes nothing (its finished shards stay
 * valid); a different one over existing results is refused unless `force`, which deletes them.
 */
export async function writePlan(c: Campaign, opts: Pick<PlanOptions, 'out' | 'force'>): Promise<{ path: string; unchanged: boolean }> {
  const paths = campaignPaths(opts.out);
  if (existsSync(paths.spec)) {
    const old = JSON.parse(await readFile(paths.spec, 'utf8')) as Campaign;
    const same = JSON.stringify({ ...old, planned: '' }) === JSON.stringify({ ...c, planned: '' });
    if (same) return { path: paths.spec, unchanged: true };
    if (!opts.force) {
      throw new UserError(`${paths.spec} holds a different campaign (${old.kind}, ${old.shards} shards, seed ${old.seed}); use another --out or --force to replace it and delete its results`, '--out');
    }
    for (const d of [paths.shards, paths.failedDir, paths.logs, paths.slurmDir, campaignPaths(opts.out).root + '/timing', campaignPaths(opts.out).root + '/work']) {
      await rm(d, { recursive: true, force: true });
    }
  }
  return { path: await writeCampaign(opts.out, c), unchanged: false };
}

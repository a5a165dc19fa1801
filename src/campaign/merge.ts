import { createWriteStream, type WriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { once } from 'node:events';
import { UserError } from '../util/errors.ts';
import type { ItemFailure, ShardResult } from './kind.ts';
import { duration, human } from './progress.ts';
import { kindOf, type ShardFailure, type ShardTiming } from './shard.ts';
import { campaignPaths, readCampaign, SHARD_FORMAT } from './spec.ts';

/** One line of the per-shard table (and of `perShard` in the JSON). */
export interface ShardRow {
  shard: number;
  status: 'done' | 'failed' | 'missing';
  units?: number;
  mismatches?: number;
  seconds?: number;
  host?: string;
  /** failed: the message and the log. */
  message?: string;
  log?: string;
}

export interface MergeTotals {
  kind: string;
  seed: number;
  /** Shards of the campaign, and how many have a result. */
  shards: number;
  shardsDone: number;
  shardsFailed: number;
  shardsMissing: number;
  items: number;
  unit: string;
  units: number;
  mismatches: number;
  /** The kind's other sums (cycles, programs, ...). */
  totals: Record<string, number>;
  /** The failure of the lowest item (with its reproducer), if any. */
  firstFailure?: ItemFailure;
  /** Sum of the shards' wall seconds, first start to last finish, units per shard-second. */
  shardSeconds: number;
  wallSeconds: number;
  unitsPerShardSecond: number;
  /** CPU seconds of the shards (processes and simulators; shards with a timing file that has it). */
  cpuSeconds: number;
  unitsPerCpuSecond: number;
}

export interface MergeOptions {
  /** Write the merged JSON here (streamed: totals, then one per-shard row per line). */
  json?: string;
  /** Lines of the report as they are produced (the per-shard table, the totals). */
  print?: (line: string) => void;
  /** Print the per-shard table up to this many shards (the rest: failed and missing shards only). */
  tableLimit?: number;
}

/** Shard files read ahead of the merge (their reads overlap; memory stays bounded). */
const LOOKAHEAD = 64;

interface RawShard {
  result?: string;
  timing?: string;
  failed?: string;
}

async function readIfThere(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Stops a write stream from buffering without bound: wait for drain when write() says so. */
async function write(out: WriteStream | undefined, text: string): Promise<void> {
  if (out && !out.write(text)) await once(out, 'drain');
}

/**
 * Merges the shard results of the campaign in `dir`, streaming: each shard file is read, added and
 * dropped, so time is linear in the shards and memory is bounded (per-shard rows go straight to the JSON
 * file; only kinds with a merged table, sweep and kernels, keep their few rows). The result's `retirements`
 * (or the kind's unit), `mismatches` and `shards` are top-level keys of the JSON.
 */
export async function mergeCampaign(dir: string, opts: MergeOptions = {}): Promise<MergeTotals> {
  const c = await readCampaign(dir);
  const paths = campaignPaths(dir);
  const kind = kindOf(c, paths.spec);
  const print = opts.print ?? (() => {});
  const tableLimit = opts.tableLimit ?? 64;
  const full = c.shards <= tableLimit;
  const rows: unknown[] = [];
  const t: MergeTotals = {
    kind: c.kind, seed: c.seed, shards: c.shards, shardsDone: 0, shardsFailed: 0, shardsMissing: 0, items: c.items,
    unit: kind.unit, units: 0, mismatches: 0, totals: {}, shardSeconds: 0, wallSeconds: 0, unitsPerShardSecond: 0, cpuSeconds: 0, unitsPerCpuSecond: 0,
  };
  let firstStart = Infinity, lastEnd = -Infinity, cpuUnits = 0;
  const out = opts.json ? createWriteStream(opts.json) : undefined;
  const failedShards: ShardRow[] = [];
  await write(out, `{"perShard":[\n`);
  print(`${'shard'.padStart(6)}  ${'status'.padEnd(7)}  ${kind.unit.padStart(12)}  ${'mismatches'.padStart(10)}  ${'seconds'.padStart(8)}  host`);
  // Reads run LOOKAHEAD shards ahead of the one being added (bounded: at most that many files in memory).
  const ahead = new Map<number, Promise<RawShard>>();
  const fetch = (i: number) => {
    if (i < c.shards && !ahead.has(i)) ahead.set(i, readRaw(i));
  };
  for (let k = 0; k < LOOKAHEAD; k++) fetch(k);
  for (let i = 0; i < c.shards; i++) {
    const raw = await ahead.get(i)!;
    ahead.delete(i);
    fetch(i + LOOKAHEAD);
    const row = await shardRow(i, raw);
    if (row.status === 'done') t.shardsDone++;
    else if (row.status === 'failed') t.shardsFailed++;
    else t.shardsMissing++;
    if (row.status !== 'done' && failedShards.length < 100) failedShards.push(row);
    await write(out, `${i ? ',' : ''}${JSON.stringify(row)}\n`);
    if (full || row.status !== 'done') {
      const fig = (v: number | undefined, w: number, f = (x: number) => String(x)) => (v === undefined ? '-' : f(v)).padStart(w);
      print(
        `${String(i).padStart(6)}  ${row.status.padEnd(7)}  ${fig(row.units, 12)}  ${fig(row.mismatches, 10)}  ${fig(row.seconds, 8, (x) => x.toFixed(1))}  ${row.host ?? ''}` +
          (row.status === 'done' ? '' : `  ${row.message ?? 'not run yet'}${row.log ? ` (log: ${row.log})` : ''}`),
      );
    }
  }
  if (!full) print(`(${c.shards} shards: only those without a result are listed; every shard is in the JSON's perShard)`);
  t.wallSeconds = Number.isFinite(firstStart) ? (lastEnd - firstStart) / 1000 : 0;
  t.unitsPerShardSecond = t.shardSeconds > 0 ? t.units / t.shardSeconds : 0;
  t.unitsPerCpuSecond = t.cpuSeconds > 0 ? cpuUnits / t.cpuSeconds : 0;

  const summary = {
    kind: t.kind, seed: t.seed, shards: t.shards, shardsDone: t.shardsDone, shardsFailed: t.shardsFailed, shardsMissing: t.shardsMissing,
    items: t.items, [kind.unit]: t.units, mismatches: t.mismatches, ...t.totals,
    ...(t.firstFailure ? { firstFailure: t.firstFailure } : {}),
    failedShards, shardSeconds: t.shardSeconds, wallSeconds: t.wallSeconds, [`${kind.unit}PerShardSecond`]: t.unitsPerShardSecond,
    cpuSeconds: t.cpuSeconds, [`${kind.unit}PerCpuSecond`]: t.unitsPerCpuSecond,
  };
  await write(out, `],\n${JSON.stringify(summary, null, 1).slice(1)}\n`);
  if (out) {
    out.end();
    await once(out, 'finish');
  }

  print('');
  print(`${c.kind} campaign, seed ${c.seed}: ${t.shardsDone}/${c.shards} shards done${t.shardsFailed ? `, ${t.shardsFailed} failed` : ''}${t.shardsMissing ? `, ${t.shardsMissing} not run` : ''}`);
  print(`${t.units} ${kind.unit}, ${t.mismatches} mismatching items${Object.keys(t.totals).length ? ', ' + Object.entries(t.totals).map(([k, v]) => `${k} ${v}`).join(', ') : ''}`);
  if (t.shardSeconds > 0) {
    print(
      `${human(t.unitsPerShardSecond)} ${kind.unit} per shard-second (${duration(t.shardSeconds)} of shard time; ${duration(t.wallSeconds)} from first start to last finish)` +
        (t.cpuSeconds > 0 ? `; ${human(t.unitsPerCpuSecond)} per CPU second` : ''),
    );
  }
  if (t.firstFailure) {
    const f = t.firstFailure;
    print(`first failure: item ${f.item}${f.seed !== undefined ? ` (seed ${f.seed})` : ''}: ${f.message}`);
    if (f.report && f.report !== f.message) print(f.report.split('\n').map((l) => `  ${l}`).join('\n'));
    print(`reproduce: ${f.reproducer}`);
  }
  if (kind.mergeRows && rows.length) print(await kind.mergeRows(c, rows, paths.root));
  return t;

  async function readRaw(i: number): Promise<RawShard> {
    const result = await readIfThere(paths.result(i));
    if (result === undefined) return { failed: await readIfThere(paths.failed(i)) };
    return { result, timing: await readIfThere(paths.timing(i)) };
  }

  async function shardRow(i: number, raw: RawShard): Promise<ShardRow> {
    const rp = paths.result(i);
    if (raw.result === undefined) {
      if (raw.failed === undefined) return { shard: i, status: 'missing' };
      const f = JSON.parse(raw.failed) as ShardFailure;
      return { shard: i, status: 'failed', message: f.message, log: f.log };
    }
    let r: ShardResult;
    try {
      r = JSON.parse(raw.result) as ShardResult;
    } catch (e) {
      throw new UserError(`not valid JSON: ${(e as Error).message}`, rp);
    }
    if (r.format !== SHARD_FORMAT || r.kind !== c.kind || r.shard !== i) {
      throw new UserError(`not shard ${i} of this ${c.kind} campaign (format ${r.format}, kind ${r.kind}, shard ${r.shard}): planned again over old results?`, rp);
    }
    t.units += r.units;
    t.mismatches += r.mismatches;
    for (const [k, v] of Object.entries(r.totals)) t.totals[k] = (t.totals[k] ?? 0) + v;
    if (!t.firstFailure && r.failures.length) t.firstFailure = r.failures[0];
    if (r.rows && kind.mergeRows) rows.push(...r.rows);
    const row: ShardRow = { shard: i, status: 'done', units: r.units, mismatches: r.mismatches };
    if (raw.timing !== undefined) {
      const tm = JSON.parse(raw.timing) as ShardTiming;
      row.seconds = Math.round(tm.seconds * 1000) / 1000;
      row.host = tm.host;
      t.shardSeconds += tm.seconds;
      if (tm.cpuSeconds !== undefined) {
        t.cpuSeconds += tm.cpuSeconds;
        cpuUnits += r.units;
      }
      firstStart = Math.min(firstStart, Date.parse(tm.startedAt));
      lastEnd = Math.max(lastEnd, Date.parse(tm.finishedAt));
    }
    return row;
  }
}

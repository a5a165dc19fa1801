import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { rm } from 'node:fs/promises';
import { UserError } from '../util/errors.ts';
import { writeAtomic } from './atomic.ts';
import { campaignKind, PENDING_KINDS, type CampaignKind } from './kind.ts';
import './kinds/index.ts';
import { campaignPaths, readCampaign, type Campaign } from './spec.ts';

/** The kind of a campaign read from disk, with its parameters checked. */
export function kindOf(c: Campaign, where: string): CampaignKind {
  const kind = campaignKind(c.kind);
  if (!kind) {
    const pending = PENDING_KINDS[c.kind];
    throw new UserError(pending ? `campaign kind '${c.kind}' is not available yet: ${pending}` : `unknown campaign kind '${c.kind}'`, where);
  }
  kind.check(c.params);
  return kind;
}

/** Wall time and place of one shard run: `DIR/timing/<i>.json` (kept apart from the deterministic result). */
export interface ShardTiming {
  shard: number;
  units: number;
  seconds: number;
  /** CPU seconds of the shard: this process and the simulators it ran (Linux; absent elsewhere). */
  cpuSeconds?: number;
  startedAt: string;
  finishedAt: string;
  host: string;
  backend: string;
}

/** What `DIR/failed/<i>.json` says: the shard crashed (or was lost), where to look. */
export interface ShardFailure {
  shard: number;
  message: string;
  log: string;
  at: string;
}

export type ShardOutcome = { status: 'done'; units: number } | { status: 'failed'; message: string; log: string };

/**
 * Runs shard `shard` of the campaign in `dir` in this process: log to DIR/logs/<i>.log, result written
 * atomically to DIR/shards/<i>.json, timing to DIR/timing/<i>.json. A crash (an exception: a build error, a
 * harness that died) is recorded in DIR/failed/<i>.json with the log path instead; mismatches are results.
 */
export async function runShard(dir: string, shard: number, opts: { backend: string; progress?: (units: number) => void }): Promise<ShardOutcome> {
  const paths = campaignPaths(dir);
  const c = await readCampaign(dir);
  if (!Number.isInteger(shard) || shard < 0 || shard >= c.shards) throw new UserError(`shard ${shard} does not exist (the campaign has ${c.shards}: 0..${c.shards - 1})`, '--index');
  const kind = kindOf(c, paths.spec);
  mkdirSync(paths.logs, { recursive: true });
  const logPath = paths.log(shard);
  const log = (line: string) => appendFileSync(logPath, `${line}\n`);
  const started = new Date();
  log(`[${started.toISOString()}] shard ${shard}/${c.shards} of ${c.kind} campaign, host ${hostname()}, pid ${process.pid}, backend ${opts.backend}`);
  await rm(paths.failed(shard), { force: true });
  const work = paths.work(shard);
  await rm(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const t0 = performance.now();
  const cpu0 = cpuSeconds();
  try {
    const result = await kind.runShard(c, shard, { log, work, dir: paths.root, ...(opts.progress ? { progress: opts.progress } : {}) });
    await writeAtomic(paths.result(shard), JSON.stringify(result) + '\n');
    const seconds = (performance.now() - t0) / 1000;
    const cpu1 = cpuSeconds();
    const timing: ShardTiming = { shard, units: result.units, seconds, ...(cpu0 !== undefined && cpu1 !== undefined ? { cpuSeconds: cpu1 - cpu0 } : {}), startedAt: started.toISOString(), finishedAt: new Date().toISOString(), host: hostname(), backend: opts.backend };
    await writeAtomic(paths.timing(shard), JSON.stringify(timing) + '\n');
    log(`[${timing.finishedAt}] done: ${result.units} ${kind.unit}, ${result.mismatches} mismatching items, ${seconds.toFixed(1)} s`);
    return { status: 'done', units: result.units };
  } catch (e) {
    const message = e instanceof UserError ? e.format() : e instanceof Error ? e.message.split('\n')[0]! : String(e);
    log(e instanceof Error && !(e instanceof UserError) ? (e.stack ?? e.message) : message);
    await recordFailure(dir, shard, message);
    return { status: 'failed', message, log: logPath };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * CPU seconds of this process and of its waited-for children (the Verilator harnesses), from
 * /proc/self/stat (utime, stime, cutime, cstime in clock ticks of 1/100 s): the load-independent cost of a
 * shard. Undefined where /proc is missing.
 */
export function cpuSeconds(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the name: state(0) ... utime is field 14 of the whole line, i.e. index 11 here.
    return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / 100;
  } catch {
    return undefined;
  }
}

/** Marks shard `shard` failed (unless it has a result): `flexv campaign run --retry-failed` runs it again. */
export async function recordFailure(dir: string, shard: number, message: string, log?: string): Promise<void> {
  const paths = campaignPaths(dir);
  if (existsSync(paths.result(shard))) return;
  const f: ShardFailure = { shard, message, log: log ?? paths.log(shard), at: new Date().toISOString() };
  await writeAtomic(paths.failed(shard), JSON.stringify(f) + '\n');
}

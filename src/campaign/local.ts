import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../sim/verilator.ts';
import type { CampaignKind } from './kind.ts';
import { recordFailure, runShard, type ShardOutcome } from './shard.ts';
import type { Campaign } from './spec.ts';
import { campaignPaths } from './spec.ts';

/** Messages between the pool and a worker process (`flexv campaign worker DIR`). */
export type ToWorker = { shard: number };
export type FromWorker = { type: 'ready' } | { type: 'progress'; shard: number; units: number } | ({ type: 'end'; shard: number } & ShardOutcome);

export interface PoolEvents {
  /** A worker finished or failed a shard. */
  onShard?(shard: number, outcome: ShardOutcome): void;
  /** Units done so far by the shards still running (sum over workers). */
  onPartial?(units: number): void;
}

const FLEXV_BIN = join(PROJECT_ROOT, 'bin', 'flexv.js');

/**
 * Runs shards `todo` on `workers` local processes. Each worker is a long-lived `flexv campaign worker`
 * (its golden model stays compiled across shards) and runs one shard at a time; all of them use the
 * Verilator model the caller built once (`kind.prepare`). A worker that dies takes only its shard with it:
 * the shard is marked failed with its log and the pool starts a new worker for the rest. Workers start in
 * the repository root (see prepareAtRoot in run.ts); `dir` must be absolute.
 */
export async function runLocalPool(dir: string, _c: Campaign, _kind: CampaignKind, todo: number[], workers: number, ev: PoolEvents = {}): Promise<void> {
  const queue = [...todo];
  const partial = new Map<number, number>();
  const report = () => ev.onPartial?.([...partial.values()].reduce((a, b) => a + b, 0));
  const running = new Set<ChildProcess>();
  let stopping = false;
  const stopAll = () => {
    stopping = true;
    queue.length = 0;
    for (const w of running) w.kill('SIGTERM');
  };
  process.once('SIGINT', stopAll);
  process.once('SIGTERM', stopAll);
  try {
    await new Promise<void>((resolve) => {
      let live = 0;
      const start = () => {
        if (queue.length === 0) return;
        live++;
        const w = fork(FLEXV_BIN, ['campaign', 'worker', dir], { cwd: PROJECT_ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        running.add(w);
        let current: number | undefined;
        const next = () => {
          current = queue.shift();
          if (current === undefined) w.disconnect();
          else w.send({ shard: current } satisfies ToWorker);
        };
        w.on('message', (m: FromWorker) => {
          if (m.type === 'ready') next();
          else if (m.type === 'progress') {
            partial.set(m.shard, m.units);
            report();
          } else {
            partial.delete(m.shard);
            report();
            current = undefined;
            ev.onShard?.(m.shard, m.status === 'done' ? { status: 'done', units: m.units } : { status: 'failed', message: m.message, log: m.log });
            next();
          }
        });
        w.on('exit', (code, signal) => {
          running.delete(w);
          live--;
          const lost = current;
          const settle = async () => {
            if (lost !== undefined) {
              partial.delete(lost);
              if (stopping || signal === 'SIGINT' || signal === 'SIGTERM') {
                // The user stopped the run (Ctrl-C, kill): the shard stays without a result and runs next time.
                stopping = true;
                queue.length = 0;
              } else {
                // Anything else (a crash, the OOM killer's SIGKILL) fails the shard, with its log.
                const message = `the worker running shard ${lost} exited (${signal ?? `code ${code}`}) before the shard finished`;
                await recordFailure(dir, lost, message);
                ev.onShard?.(lost, { status: 'failed', message, log: campaignPaths(dir).log(lost) });
                start();
              }
            }
            if (live === 0 && queue.length === 0) resolve();
          };
          void settle();
        });
      };
      for (let k = 0; k < Math.min(workers, queue.length); k++) start();
      if (live === 0) resolve();
    });
  } finally {
    process.off('SIGINT', stopAll);
    process.off('SIGTERM', stopAll);
  }
}

/** The body of `flexv campaign worker DIR`: runs the shards the pool sends, one at a time, until disconnected. */
export function workerLoop(dir: string): void {
  const send = (m: FromWorker) => process.send!(m);
  let busy = false;
  process.on('disconnect', () => {
    if (!busy) process.exit(0);
    // The pool is gone (killed): stop now; the shard has no result and is run again by the next `run`.
    process.exit(1);
  });
  process.on('message', (m: ToWorker) => {
    busy = true;
    void runShard(dir, m.shard, { backend: 'local', progress: progressOf(m.shard, send) }).then((r) => {
      busy = false;
      send({ type: 'end', shard: m.shard, ...r });
    });
  });
  send({ type: 'ready' });
}

function progressOf(shard: number, send: (m: FromWorker) => void): (units: number) => void {
  let total = 0;
  return (units) => {
    total += units;
    send({ type: 'progress', shard, units: total });
  };
}

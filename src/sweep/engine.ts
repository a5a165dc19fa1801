import { UserError } from '../util/errors.ts';
import type { PerfResult, PointFailure, PointResult, PointRunner, Stage, SweepEvent, SweepPoint } from './types.ts';

export interface SweepOptions {
  /** Skip the synthesis of each point (area columns empty). */
  area?: boolean;
  /** Skip the kernel run of each point (throughput columns empty). */
  perf?: boolean;
  onEvent?: (e: SweepEvent) => void;
  /** Milliseconds clock (default Date.now); tests pass a fixed one so the files are the same bytes. */
  now?: () => number;
}

/**
 * Runs every point, one after the other (Verilator builds and Yosys already use the machine's cores).
 * A point that fails is recorded with its stage and message and the sweep goes on; the caller decides
 * the exit status from `failures`. Speed-ups are computed at the end against the 1-core point of the
 * same banking, configuration and kernel, when the sweep has it.
 */
export async function runSweep(points: SweepPoint[], runner: PointRunner, opts: SweepOptions = {}): Promise<PointResult[]> {
  const results: PointResult[] = [];
  const now = opts.now ?? Date.now;
  for (const [index, point] of points.entries()) {
    const total = points.length;
    const started = now();
    opts.onEvent?.({ kind: 'point-start', index, total, point });
    let current: Stage | undefined;
    // One event per stage change: the engine names the first stage of each half, the runner the rest.
    const stage = (s: Stage) => {
      if (s === current) return;
      current = s;
      opts.onEvent?.({ kind: 'stage', index, total, point, stage: s, elapsedMs: now() - started });
    };
    const failures: PointFailure[] = [];
    const attempt = async <T>(first: Stage, work: () => Promise<T>): Promise<T | undefined> => {
      stage(first);
      try {
        return await work();
      } catch (e) {
        failures.push({ stage: current ?? first, message: messageOf(e) });
        return undefined;
      }
    };
    const perf = opts.perf === false ? undefined : await attempt('kernel', async () => checkedPerf(await runner.perf(point, stage)));
    const area = opts.area === false ? undefined : await attempt('synth', () => runner.area(point, stage));
    const result: PointResult = {
      point,
      ...(perf ? { perf, macPerCycle: perf.macs / perf.cycles } : {}),
      ...(area ? { area } : {}),
      failures,
      seconds: (now() - started) / 1000,
    };
    results.push(result);
    opts.onEvent?.({ kind: 'point-end', index, total, result });
  }
  addSpeedups(results);
  return results;
}

/** speed-up = cycles of the 1-core point (same banking, config, kernel) / cycles of this point. */
export function addSpeedups(results: PointResult[]): void {
  const key = (r: PointResult) => `${r.point.banking}|${r.point.config}|${r.point.kernel.name}|${r.point.kernel.a}|${r.point.kernel.w}`;
  const single = new Map<string, number>();
  for (const r of results) if (r.point.cores === 1 && r.perf) single.set(key(r), r.perf.cycles);
  for (const r of results) {
    const one = single.get(key(r));
    if (one !== undefined && r.perf) r.speedup = one / r.perf.cycles;
  }
}

/** A run that reports no cycles or no MACs cannot give a MAC/cycle: a runner bug, reported as a failure. */
function checkedPerf(perf: PerfResult): PerfResult {
  if (!(perf.cycles > 0) || !(perf.macs > 0)) throw new Error(`the run reported ${perf.cycles} cycles and ${perf.macs} MACs`);
  return perf;
}

/** A UserError's message as it is; anything else with its first line only (no stack trace). */
function messageOf(e: unknown): string {
  if (e instanceof UserError) return e.location ? `${e.location}: ${e.message}` : e.message;
  if (e instanceof Error) return e.message.split('\n')[0]!;
  return String(e);
}

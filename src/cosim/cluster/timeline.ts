import { readFile, writeFile } from 'node:fs/promises';
import { UserError } from '../../util/errors.ts';

/** Core activity as the cluster harness classifies each cycle (sim/cluster/harness.cpp, `State`). */
export const ACTIVITY = ['running', 'stalled on memory', 'sleeping'] as const;

/** One Chrome / Perfetto trace event ("X": a complete span; "M": metadata). */
export interface TraceEvent {
  name: string;
  ph: 'X' | 'M';
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  cat?: string;
  args?: Record<string, unknown>;
}

/**
 * Turns the harness's activity changes (`cycle core state` lines, then `cycle -1 -1` at the end of the run)
 * into trace-event JSON: one track per core, one span per stretch of a state; 1 cycle = 1 µs on the time axis.
 */
export function activityToTrace(text: string, cores: number, where = 'timeline'): { traceEvents: TraceEvent[]; displayTimeUnit: string } {
  const events: TraceEvent[] = [{ name: 'process_name', ph: 'M', pid: 0, tid: 0, args: { name: `flexv cluster, ${cores} cores (1 us = 1 cycle)` } }];
  for (let c = 0; c < cores; c++) events.push({ name: 'thread_name', ph: 'M', pid: 0, tid: c, args: { name: `core ${c}` } });
  const open: Array<{ state: number; since: number } | undefined> = new Array(cores).fill(undefined);
  const close = (core: number, at: number) => {
    const o = open[core];
    if (o && at > o.since) events.push({ name: ACTIVITY[o.state]!, cat: 'core', ph: 'X', pid: 0, tid: core, ts: o.since, dur: at - o.since });
  };
  let ended = false;
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const [cycle, core, state] = line.trim().split(/\s+/).map(Number);
    if (!Number.isInteger(cycle) || !Number.isInteger(core) || !Number.isInteger(state)) throw new UserError(`line ${i + 1}: not 'cycle core state': '${line}'`, where);
    if (core === -1) {
      for (let c = 0; c < cores; c++) close(c, cycle!);
      ended = true;
      return;
    }
    if (core! < 0 || core! >= cores || state! < 0 || state! >= ACTIVITY.length) throw new UserError(`line ${i + 1}: core or state out of range: '${line}'`, where);
    close(core!, cycle!);
    open[core!] = { state: state!, since: cycle! };
  });
  if (!ended) throw new UserError('the activity record has no end line (the run did not finish)', where);
  return { traceEvents: events, displayTimeUnit: 'ns' };
}

/** Reads the harness's activity file and writes the trace-event JSON to `out`. */
export async function writeTimeline(activityFile: string, cores: number, out: string): Promise<number> {
  const trace = activityToTrace(await readFile(activityFile, 'utf8'), cores, activityFile);
  await writeFile(out, JSON.stringify(trace));
  return trace.traceEvents.length;
}

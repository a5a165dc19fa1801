import { toCsv, type CsvValue } from '../util/csv.ts';
import type { PointResult } from './types.ts';

/** The columns of sweep.csv, in order (docs/sweep.md describes each). */
export const SWEEP_COLUMNS = [
  'cores', 'banking', 'banks', 'config', 'kernel', 'a_bits', 'w_bits',
  'status', 'failed_stage', 'error',
  'cycles', 'total_cycles', 'macs', 'mac_per_cycle', 'speedup', 'conflicts', 'retirements_compared',
  'nand2', 'nand2_with_macros', 'macro_bits', 'flops', 'mac_per_cycle_per_mnand2', 'seconds',
] as const;

/** sweep.csv: one row per point, failed points included (status `failed`, the stage and message). */
export function sweepCsv(results: PointResult[]): string {
  return toCsv([...SWEEP_COLUMNS], results.map(row));
}

function row(r: PointResult): CsvValue[] {
  const p = r.point;
  const first = r.failures[0];
  return [
    p.cores, p.banking, p.cores * p.banking, p.config, p.kernel.name, p.kernel.a, p.kernel.w,
    r.failures.length ? 'failed' : 'ok',
    r.failures.map((f) => f.stage).join(';') || null,
    first ? r.failures.map((f) => `${f.stage}: ${firstLine(f.message)}`).join(' | ') : null,
    r.perf?.cycles, r.perf?.totalCycles, r.perf?.macs, round(r.macPerCycle, 4), round(r.speedup, 4), r.perf?.conflicts, r.perf?.retirementsCompared,
    round(r.area?.nand2, 1), round(r.area?.nand2WithMacros, 1), r.area?.macroBits, r.area?.flops,
    round(efficiency(r), 4),
    round(r.seconds, 1),
  ];
}

/** Throughput per area: MAC/cycle per million NAND2-eq of the cluster with its memories. */
export function efficiency(r: PointResult): number | undefined {
  return r.macPerCycle !== undefined && r.area ? r.macPerCycle / (r.area.nand2WithMacros / 1e6) : undefined;
}

/** A failure's first line (a lockstep mismatch report runs to 40 lines; sweep.json and the failure files keep it all). */
export function firstLine(message: string): string {
  return message.split('\n')[0]!;
}

function round(v: number | undefined, decimals: number): number | undefined {
  return v === undefined ? undefined : Number(v.toFixed(decimals));
}

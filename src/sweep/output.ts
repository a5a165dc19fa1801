import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { sweepCsv } from './csv.ts';
import { sweepSvg } from './chart.ts';
import { pointName } from './grid.ts';
import type { PointResult } from './types.ts';

export interface SweepFiles {
  csv: string;
  json: string;
  /** Absent when no point produced a figure to plot. */
  svg?: string;
  /** The full failure report of each failed point: failures/<point>.txt. */
  failures: Map<PointResult, string>;
}

/**
 * Writes sweep.csv, sweep.svg, sweep.json (every result, failures included) and, per failed point, its
 * whole failure report (a lockstep mismatch with its history) under failures/ into `dir`.
 */
export async function writeSweepFiles(dir: string, results: PointResult[]): Promise<SweepFiles> {
  const out = resolve(dir);
  await mkdir(out, { recursive: true });
  const files: SweepFiles = { csv: join(out, 'sweep.csv'), json: join(out, 'sweep.json'), failures: new Map() };
  await writeFile(files.csv, sweepCsv(results));
  await writeFile(files.json, JSON.stringify(results, null, 2) + '\n');
  const svg = sweepSvg(results);
  if (svg) {
    files.svg = join(out, 'sweep.svg');
    await writeFile(files.svg, svg);
  }
  const failed = results.filter((r) => r.failures.length);
  if (failed.length) await mkdir(join(out, 'failures'), { recursive: true });
  for (const r of failed) {
    const p = r.point;
    const file = join(out, 'failures', `cores${p.cores}-banking${p.banking}-${p.config}-${p.kernel.name}-a${p.kernel.a}w${p.kernel.w}.txt`);
    await writeFile(file, r.failures.map((f) => `${pointName(p)}: ${f.stage}:\n${f.message}\n`).join('\n'));
    files.failures.set(r, file);
  }
  return files;
}

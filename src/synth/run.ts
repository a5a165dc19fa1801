import { resolve } from 'node:path';
import { compareReports, type CompareReport } from './compare.ts';
import { synthesize, type SynthInput } from './flow.ts';
import type { ProgressSink } from './progress.ts';
import type { SynthReport } from './report.ts';
import { runDirs, target, type TargetRequest } from './targets.ts';

export interface RunOptions {
  target: string;
  request: TargetRequest;
  /** Root of the generated files (default build/synth). */
  buildRoot?: string;
  macroMinBits?: number;
  onProgress?: ProgressSink;
}

/** Emit + synthesize one design of a target. */
export async function synthTarget(opts: RunOptions): Promise<SynthReport> {
  const t = target(opts.target);
  const name = runName(opts);
  const dirs = runDirs(resolve(opts.buildRoot ?? 'build/synth'), name);
  const input = await t.emit(opts.request, dirs.rtl);
  return synthesizeInput(input, dirs.yosys, opts);
}

/** Emit + synthesize the two sides of `--compare A B` through the same flow, A first. */
export async function compareTarget(opts: RunOptions, sideA: string, sideB: string): Promise<CompareReport> {
  const t = target(opts.target);
  const reports: SynthReport[] = [];
  for (const [i, side] of [sideA, sideB].entries()) {
    const request = t.variant(opts.request, side);
    const dirs = runDirs(resolve(opts.buildRoot ?? 'build/synth'), `${runName(opts)}-${i === 0 ? 'A' : 'B'}-${side}`);
    const input = await t.emit(request, dirs.rtl);
    reports.push(await synthesizeInput(input, dirs.yosys, opts));
  }
  const report = compareReports(reports[0]!, reports[1]!, t.breakdownDepth);
  // A feature of B on its own: B without it, compared with B (its area is B - B without it).
  const companion = t.companion?.(t.variant(opts.request, sideB), sideB);
  if (!companion) return report;
  const dirs = runDirs(resolve(opts.buildRoot ?? 'build/synth'), `${runName(opts)}-B0-${sideB}`);
  const without = await synthesizeInput(await t.emit(companion.request, dirs.rtl), dirs.yosys, opts);
  return { ...report, feature: { name: companion.feature, ...compareReports(without, reports[1]!, t.breakdownDepth) } };
}

function synthesizeInput(input: SynthInput, runDir: string, opts: RunOptions): Promise<SynthReport> {
  return synthesize(input, {
    runDir,
    ...(opts.macroMinBits !== undefined ? { macroMinBits: opts.macroMinBits } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
}

function runName(opts: RunOptions): string {
  const base = opts.request.design ? opts.request.design.replace(/^.*\//, '').replace(/\.[cm]?[jt]s$/, '') : opts.target;
  const sized = opts.request.cores !== undefined ? `${base}-n${opts.request.cores}${opts.request.banking !== undefined ? `-b${opts.request.banking}` : ''}` : base;
  return opts.request.config ? `${sized}-${opts.request.config}` : sized;
}

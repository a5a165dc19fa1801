import { CONFIGS } from './catalog.ts';
import type { Target } from './run.ts';

/**
 * The figures of `npm run bench -- conformance` (bench/conformance.ts), as bench/reference/conformance.json
 * holds them and the docs' tables read them (src/docs-tables/tables/conformance.ts): one entry per selection
 * of the suite (configurations, kernels, targets, sample), each from its resumable campaign.
 */
export interface Selection {
  /** Comma-separated configurations, in the order of CONFIGS. */
  config: string;
  /** Kernel glob, `*` for all. */
  kernels: string;
  targets: Target[];
  every: number;
}

export interface Counts {
  runs: number;
  pass: number;
  explained: number;
  fail: number;
  skip: number;
}

export interface SelectionFigures extends Omit<Counts, 'runs'> {
  key: string;
  selection: Selection;
  /** The `flexv conformance` command that runs (or resumes) the selection. */
  command: string;
  /** Runs of the selection; `runs` of them are in the figures (fewer: a campaign not finished, `--partial`). */
  planned: number;
  runs: number;
  shards: number;
  shardsDone: number;
  /** Wall seconds of the bench invocation (a resumed campaign: only the shards it ran). */
  seconds: number;
  /** The campaign's wall seconds from its first shard's start to its last shard's end, and the shards' CPU seconds. */
  campaignWallSeconds: number;
  campaignCpuSeconds: number;
  /** By `config family kind target`. */
  groups: Record<string, Counts>;
  notPassing: Array<{ kernel: string; config: string; target: string; status: string; why: string }>;
}

export interface ConformanceFigures {
  selections: SelectionFigures[];
}

export const selectionKey = (s: Selection) => `${s.config} | ${s.kernels} | ${s.targets.join(',')} | every ${s.every}`;

/** The `flexv conformance` command of a selection (the default targets are golden and cluster-golden). */
export function suiteCommand(s: Selection, jobs: number): string {
  const has = (t: Target) => s.targets.includes(t);
  const parts = ['npx flexv conformance', `--config ${s.config === CONFIGS.join(',') ? 'all' : s.config}`];
  if (s.kernels !== '*') parts.push(`--kernels '${s.kernels}'`);
  if (s.every > 1) parts.push(`--every ${s.every}`);
  if (!has('golden')) parts.push('--no-golden');
  if (!has('cluster-golden')) parts.push('--no-cluster');
  if (has('rtl')) parts.push('--rtl');
  if (has('cluster-rtl')) parts.push('--cluster-rtl');
  parts.push(`--jobs ${jobs}`);
  return parts.join(' ');
}

/** The bench command that measures a selection into bench/results/conformance.json next to the others. */
export function benchCommand(s: Selection, partial: boolean): string {
  const parts = ['npm run bench -- conformance', `--targets ${s.targets.join(',')}`, `--config ${s.config === CONFIGS.join(',') ? 'all' : s.config}`];
  if (s.kernels !== '*') parts.push(`--kernels '${s.kernels}'`);
  if (s.every > 1) parts.push(`--every ${s.every}`);
  if (partial) parts.push('--partial');
  parts.push('--merge');
  return parts.join(' ');
}

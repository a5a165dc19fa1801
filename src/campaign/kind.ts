import type { Campaign } from './spec.ts';

/** One flag of a kind's `plan` sub-command (commander syntax: `--config <name>`). */
export interface KindFlag {
  flags: string;
  description: string;
  default?: string;
}

/** A work item that went wrong (a lockstep mismatch, a kernel that is not bit-exact, a failed sweep point). */
export interface ItemFailure {
  item: number;
  seed?: number;
  /** First line of the report. */
  message: string;
  /** The full report (mismatch table, ...), as the single command would print it. */
  report?: string;
  /** Shell commands that reproduce it on one machine. */
  reproducer: string;
}

/**
 * What a shard leaves in `DIR/shards/<i>.json`: deterministic (no time, host or path), so a shard run twice
 * gives the same bytes and the merge of N shards equals the merge of 1.
 */
export interface ShardResult {
  format: string;
  kind: string;
  shard: number;
  /** Items [start, end) of the campaign. */
  start: number;
  end: number;
  /** The kind's unit of work done (retirements compared, points run, kernel runs). */
  units: number;
  /** Items that failed (mismatching programs, failed points, kernels not bit-exact). */
  mismatches: number;
  /** The kind's other sums (cycles, programs, ...): the merge adds them key by key. */
  totals: Record<string, number>;
  /** The first failures of the shard, in item order (at most FAILURES_KEPT). */
  failures: ItemFailure[];
  /** Per-item rows for kinds whose merge builds a table (sweep points, kernel rows); absent for lockstep. */
  rows?: unknown[];
}

export const FAILURES_KEPT = 5;

export interface ShardContext {
  /** Appends a line to the shard's log (DIR/logs/<i>.log). */
  log(line: string): void;
  /** Scratch directory of the shard (removed when it finishes). */
  work: string;
  /** The campaign directory. */
  dir: string;
  /** Called after each item with the units it did (progress inside a shard). */
  progress?(units: number): void;
}

/**
 * A campaign kind. Built-in: lockstep, sweep, kernels, mutate (src/campaign/kinds/). A new kind implements
 * this and calls `registerCampaignKind` in kinds/index.ts: plan, run, Slurm and merge pick it up with no
 * other change.
 */
export interface CampaignKind {
  name: string;
  description: string;
  /** What `units` counts, plural ("retirements", "points"): progress and merge print rates in it. */
  unit: string;
  flags: KindFlag[];
  /** Flag values (commander's camel-cased names) -> parameters and the number of items; UserError on bad flags. */
  plan(flags: Record<string, string | boolean | undefined>, seed: number): { params: Record<string, unknown>; items: number };
  /** Checks parameters read back from campaign.json (a hand-edited file); throws a UserError naming the field. */
  check(params: Record<string, unknown>): void;
  /** Work done once before the shards start, shared by all of them (the Verilator model builds). */
  prepare(c: Campaign, log: (line: string) => void): Promise<void>;
  runShard(c: Campaign, shard: number, ctx: ShardContext): Promise<ShardResult>;
  /** CPUs one shard keeps busy (Slurm --cpus-per-task). */
  cpusPerShard(c: Campaign): number;
  /** A generous bound of one item's wall seconds on one CPU (Slurm --time). */
  secondsPerItem(c: Campaign): number;
  /** Extra lines of the merge report from all rows (sweep table, kernel summary), rows in item order; may write files under `dir`. */
  mergeRows?(c: Campaign, rows: unknown[], dir: string): Promise<string>;
}

const registry = new Map<string, CampaignKind>();

/** Kinds announced but not available yet, with the reason (shown by `plan` and `--help`). */
export const PENDING_KINDS: Record<string, string> = {};

export function registerCampaignKind(kind: CampaignKind): void {
  if (registry.has(kind.name)) throw new Error(`campaign kind '${kind.name}' registered twice`);
  registry.set(kind.name, kind);
}

export function campaignKinds(): CampaignKind[] {
  return [...registry.values()];
}

export function campaignKind(name: string): CampaignKind | undefined {
  return registry.get(name);
}

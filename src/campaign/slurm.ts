import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defaultCacheDir, PROJECT_ROOT } from '../sim/verilator.ts';
import { UserError } from '../util/errors.ts';
import { writeAtomic } from './atomic.ts';
import type { CampaignKind } from './kind.ts';
import { recordFailure } from './shard.ts';
import { shardItems } from './seeds.ts';
import { campaignPaths, type Campaign } from './spec.ts';

/**
 * The Slurm backend: one job array whose task i runs shard OFFSET + i (`flexv campaign shard DIR --index`),
 * submitted with whatever `sbatch` is on PATH; DIR must be on a disk every node sees (results, logs and the
 * campaign file live there) and so must the checkout and the Verilator build cache (FLEXV_BUILD_DIR).
 */
export interface SlurmJobOptions {
  /** Shards to run (all of them on a first run; the missing ones on a rerun). */
  shards: number[];
  /** Largest array index the cluster takes (Slurm's MaxArraySize - 1; default config: 1000 - 1). */
  maxArrayIndex: number;
  /** Extra sbatch arguments (`--partition gpu`, `--account x`), passed as they are. */
  extra: string[];
}

export interface SlurmSubmission {
  /** sbatch arguments of each submission (the script's own #SBATCH lines hold the rest). */
  args: string[][];
  /** Shard = offset + SLURM_ARRAY_TASK_ID, per submission. */
  offsets: number[];
}

/** `0-3,7,9-12` from sorted indices. */
export function arraySpec(indices: number[]): string {
  const parts: string[] = [];
  for (let k = 0; k < indices.length; ) {
    let j = k;
    while (j + 1 < indices.length && indices[j + 1] === indices[j]! + 1) j++;
    parts.push(j === k ? `${indices[k]}` : `${indices[k]}-${indices[j]}`);
    k = j + 1;
  }
  return parts.join(',');
}

/** `--time` in minutes: twice the slowest shard's items at the kind's per-item bound, plus 10 minutes. */
export function timeLimitMinutes(c: Campaign, kind: CampaignKind): number {
  const { start, end } = shardItems(c.items, c.shards, 0); // shard 0 is among the largest
  return Math.ceil((2 * (end - start) * kind.secondsPerItem(c)) / 60) + 10;
}

/** The job script (`DIR/slurm/campaign.sbatch`). */
export function slurmScript(c: Campaign, kind: CampaignKind, dir: string, opts: { array: string }): string {
  const paths = campaignPaths(dir);
  const q = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
  return [
    '#!/bin/bash',
    `# flexv ${c.kind} campaign: ${c.shards} shards, seed ${c.seed}. Task i runs shard FLEXV_SHARD_OFFSET + i.`,
    `# Written by 'flexv campaign run ${dir} --backend slurm'; submit it again with sbatch to redo every shard.`,
    `#SBATCH --job-name=flexv-${c.kind}`,
    `#SBATCH --array=${opts.array}`,
    '#SBATCH --ntasks=1',
    `#SBATCH --cpus-per-task=${kind.cpusPerShard(c)}`,
    `#SBATCH --time=${timeLimitMinutes(c, kind)}`,
    `#SBATCH --output=${paths.logs}/slurm-%A_%a.out`,
    // The repository root, where the shared model builds were made (their cache key holds cwd-relative paths).
    `#SBATCH --chdir=${PROJECT_ROOT}`,
    'set -euo pipefail',
    `export FLEXV_BUILD_DIR=${q(join(defaultCacheDir(), '..'))}`,
    `shard=$(( \${FLEXV_SHARD_OFFSET:-0} + SLURM_ARRAY_TASK_ID ))`,
    `exec ${q(process.execPath)} ${q(join(PROJECT_ROOT, 'bin', 'flexv.js'))} campaign shard ${q(paths.root)} --index "$shard" --backend slurm`,
    '',
  ].join('\n');
}

/**
 * The submissions for `shards`: one array when every index fits under the cluster's largest array index,
 * otherwise chunks, each with its offset (indices relative to the chunk's first shard).
 */
export function plannedSubmissions(opts: SlurmJobOptions): SlurmSubmission {
  const args: string[][] = [];
  const offsets: number[] = [];
  const sorted = [...opts.shards].sort((a, b) => a - b);
  for (let k = 0; k < sorted.length; ) {
    const offset = sorted[k]! <= opts.maxArrayIndex ? 0 : sorted[k]!;
    let j = k;
    while (j < sorted.length && sorted[j]! - offset <= opts.maxArrayIndex) j++;
    const chunk = sorted.slice(k, j).map((s) => s - offset);
    args.push([`--array=${arraySpec(chunk)}`, `--export=ALL,FLEXV_SHARD_OFFSET=${offset}`, ...opts.extra]);
    offsets.push(offset);
    k = j;
  }
  return { args, offsets };
}

export async function writeSlurmScript(c: Campaign, kind: CampaignKind, dir: string): Promise<string> {
  const p = campaignPaths(dir).slurmScript;
  await writeAtomic(p, slurmScript(c, kind, dir, { array: `0-${c.shards - 1}` }));
  return p;
}

async function slurmTool(name: string): Promise<string> {
  const r = await execa('sh', ['-c', `command -v ${name}`], { reject: false });
  if (r.exitCode !== 0) {
    throw new UserError(`'${name}' is not on PATH: --backend slurm runs the Slurm client tools of the machine (on Debian: apt-get install slurm-client)`, '--backend');
  }
  return r.stdout.trim();
}

/** Submits; returns the job ids. */
export async function submit(script: string, sub: SlurmSubmission): Promise<string[]> {
  const sbatch = await slurmTool('sbatch');
  const ids: string[] = [];
  for (const args of sub.args) {
    const r = await execa(sbatch, ['--parsable', ...args, script], { reject: false, all: true });
    if (r.exitCode !== 0) throw new UserError(`sbatch refused the job: ${(r.all ?? '').trim()}`, script);
    ids.push(r.stdout.trim().split(';')[0]!);
  }
  return ids;
}

export interface QueueState {
  pending: number;
  running: number;
  /** No task of the jobs is in the queue any more. */
  finished: boolean;
}

/** Array tasks of the jobs still queued or running (`squeue`). */
export async function queueState(jobs: string[]): Promise<QueueState> {
  const squeue = await slurmTool('squeue');
  const r = await execa(squeue, ['-h', '-r', '-j', jobs.join(','), '-o', '%T'], { reject: false, all: true });
  if (r.exitCode !== 0) {
    // A job that left the controller's memory is reported as an invalid id: it is finished.
    if (/invalid job id/i.test(r.all ?? '')) return { pending: 0, running: 0, finished: true };
    throw new UserError(`squeue failed: ${(r.all ?? '').trim()}`);
  }
  const states = r.stdout.split('\n').map((s) => s.trim()).filter(Boolean);
  const running = states.filter((s) => s === 'RUNNING' || s === 'COMPLETING').length;
  return { pending: states.length - running, running, finished: states.length === 0 };
}

/**
 * Final states of the array tasks from `sacct` (`shard -> state`), when the cluster keeps accounting;
 * an empty map when it does not (the caller then goes by the result files alone).
 */
export async function taskStates(jobs: string[], offsets: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  const r = await execa('sacct', ['-n', '-P', '-X', '-j', jobs.join(','), '-o', 'JobID,State'], { reject: false });
  if (r.exitCode !== 0) return out;
  for (const line of r.stdout.split('\n')) {
    const m = /^(\d+)_(\d+)\|(\S+)/.exec(line.trim());
    if (!m) continue;
    const k = jobs.indexOf(m[1]!);
    if (k >= 0) out.set(offsets[k]! + Number(m[2]), m[3]!);
  }
  return out;
}

/** After the jobs left the queue: shards with neither a result nor a failure record failed without saying why. */
export async function recordLostShards(dir: string, shards: number[], jobs: string[], offsets: number[]): Promise<void> {
  const paths = campaignPaths(dir);
  const lost = shards.filter((s) => !existsSync(paths.result(s)) && !existsSync(paths.failed(s)));
  if (!lost.length) return;
  const states = await taskStates(jobs, offsets);
  for (const s of lost) {
    let k = 0;
    for (let j = 0; j < offsets.length; j++) if (offsets[j]! <= s) k = j;
    const slurmLog = join(paths.logs, `slurm-${jobs[k]}_${s - offsets[k]!}.out`);
    const state = states.get(s);
    await recordFailure(dir, s, `the Slurm task ended without a result${state ? ` (state ${state})` : ''}; see ${slurmLog}`, existsSync(paths.log(s)) ? paths.log(s) : slurmLog);
  }
}

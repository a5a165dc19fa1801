// `npm run bench -- lockstep-campaign [--retirements N] [--configs baseline,xpulpnn,flexv,cluster8] [--seed S] [--workers W] [--campaign DIR]`:
// the long random lockstep (issue 16, docs/campaigns.md "Long random lockstep"): per configuration, a
// `lockstep` campaign of random programs (src/campaign/kinds/lockstep.ts) planned, run on the local worker
// pool and merged, >= 10^7 retirements each by default, zero mismatches required. Writes
// bench/results/lockstep-campaign.json with retirements, mismatches, retirements/s (wall and per CPU
// second) and the campaign seed of each configuration. `--retirements` scales it down (tests, busy machines).
// `--campaign DIR` records a lockstep campaign planned and run beforehand with the CLI instead (`flexv
// campaign plan lockstep ... --out DIR && flexv campaign run DIR`, resumable across sessions): its merge,
// with the wall time from its first shard's start to its last shard's end.
import { rm } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { mergeCampaign } from '../src/campaign/merge.ts';
import { planOf, writePlan } from '../src/campaign/plan.ts';
import { runCampaign } from '../src/campaign/run.ts';
import { readCampaign } from '../src/campaign/spec.ts';
import type { LockstepParams } from '../src/campaign/kinds/lockstep.ts';

const ROOT = join(import.meta.dirname, '..', 'build', 'bench-lockstep-campaign');

/** The configurations: the three cores, and the 8-core cluster (every core runs the random program). */
const CONFIGS: Record<string, Record<string, string>> = {
  baseline: { target: 'core', config: 'baseline' },
  xpulpnn: { target: 'core', config: 'xpulpnn' },
  flexv: { target: 'core', config: 'flexv' },
  cluster8: { target: 'cluster', config: 'flexv', cores: '8' },
};

function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const v = args[i + 1];
  if (v === undefined || v.startsWith('--')) throw new Error(`${name} needs a value`);
  return v;
}

function count(text: string, name: string, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer >= ${min}, got '${text}'`);
  return n;
}

/** A campaign run beforehand (`--campaign DIR`): its merge, under the name of its configuration. */
async function recorded(dir: string) {
  const c = await readCampaign(dir);
  if (c.kind !== 'lockstep') throw new Error(`--campaign ${dir}: a ${c.kind} campaign, not a lockstep one`);
  const p = c.params as unknown as LockstepParams;
  const name = Object.keys(CONFIGS).find((n) => CONFIGS[n]!.config === p.config && CONFIGS[n]!.target === p.target && (p.target === 'core' || CONFIGS[n]!.cores === String(p.cores))) ?? `${p.target}-${p.config}`;
  const m = await mergeCampaign(dir);
  const done = m.shardsDone === c.shards;
  const r = {
    target: p.target, config: p.config, ...(p.cores ? { cores: p.cores } : {}), seed: c.seed, shards: c.shards, shardsDone: m.shardsDone,
    retirementsAsked: p.retirements, retirements: m.units, mismatches: m.mismatches, shardWallSeconds: m.wallSeconds, wallMinutes: m.wallSeconds / 60,
    retirementsPerSecond: m.units / m.wallSeconds, retirementsPerCpuSecond: m.unitsPerCpuSecond, loadAverage: loadavg()[0], campaign: dir, planned: c.planned,
  };
  console.log(`${name}: ${m.units} retirements in lockstep (${m.shardsDone}/${c.shards} shards), ${m.mismatches} mismatches, seed ${c.seed}, ` +
    `${(m.wallSeconds / 60).toFixed(1)} min from first start to last end, ${r.retirementsPerSecond.toFixed(0)} retirements/s (${m.unitsPerCpuSecond.toFixed(0)} per CPU second)`);
  if (!done || m.mismatches > 0 || m.units < p.retirements) process.exitCode = 1;
  return { retirements: p.retirements, seed: c.seed, zeroDivergence: done && m.mismatches === 0, configs: { [name]: r } };
}

export default async function lockstepCampaign(args: string[]) {
  if (args.includes('--campaign')) return recorded(option(args, '--campaign', ''));
  const retirements = count(option(args, '--retirements', '10000000'), '--retirements', 1);
  const seed = count(option(args, '--seed', '16'), '--seed', 0);
  const workers = count(option(args, '--workers', String(Math.max(1, cpus().length))), '--workers', 1);
  const names = option(args, '--configs', Object.keys(CONFIGS).join(',')).split(',');
  for (const n of names) if (!CONFIGS[n]) throw new Error(`--configs: unknown configuration '${n}' (${Object.keys(CONFIGS).join(', ')})`);
  // About 100 k retirements per shard: resumable in small steps, spread over the workers.
  const shards = Math.max(1, Math.min(200, Math.round(retirements / 100_000)));
  const results: Record<string, unknown> = {};
  let failed = false;
  for (const name of names) {
    const dir = join(ROOT, name);
    await rm(dir, { recursive: true, force: true });
    const c = planOf('lockstep', { ...CONFIGS[name], length: '300', repeat: '10', retirements: String(retirements) }, { shards, seed, command: `bench lockstep-campaign ${name}` });
    await writePlan(c, { out: dir });
    const run = await runCampaign(dir, { backend: 'local', workers, print: (l) => console.log(`${name}: ${l}`), progressEvery: 60 });
    const m = await mergeCampaign(dir);
    const r = {
      ...CONFIGS[name], seed, shards, workers, retirementsAsked: retirements, retirements: m.units, mismatches: m.mismatches,
      // runSeconds includes preparing (model builds on a first run); the rate is over the shards' wall time
      failedShards: run.failed.length, runSeconds: run.seconds, shardWallSeconds: m.wallSeconds, retirementsPerSecond: m.units / m.wallSeconds,
      retirementsPerCpuSecond: m.unitsPerCpuSecond, loadAverage: loadavg()[0], campaign: dir,
    };
    results[name] = r;
    failed ||= m.mismatches > 0 || run.failed.length > 0 || m.units < retirements;
    console.log(`${name}: ${m.units} retirements in lockstep, ${m.mismatches} mismatches, ${(m.units / m.wallSeconds).toFixed(0)} retirements/s ` +
      `(${m.unitsPerCpuSecond.toFixed(0)} per CPU second), seed ${seed}, ${m.wallSeconds.toFixed(0)} s of shards (${run.seconds.toFixed(0)} s with preparing)`);
  }
  if (failed) process.exitCode = 1;
  return { retirements, seed, workers, zeroDivergence: !failed, configs: results };
}

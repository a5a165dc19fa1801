// `npm run bench -- campaign [scaling] [big] [rates] [merge] [split] [--retirements N]`: the campaign figures
// (docs/campaigns.md), each section alone when named, all by default. Writes bench/results/campaign.json.
// - scaling: the same lockstep campaign (flexv core, 8 shards) on 1 and on 2 local workers: retirements/s
//   and the ratio (goal >= 1.8).
// - big: 10^7 retirements of flexv random lockstep as one local campaign (--retirements to change): wall time.
// - rates: throughput per worker: core lockstep, 8-core cluster lockstep (retirements per shard-second),
//   sweep points per hour (flexv sweep grid --cores 1,2 without synthesis, and one point with it).
// - merge: 10 000 synthetic shard files merged (streaming): seconds (goal < 10) and peak heap growth.
// - split: where a core-lockstep worker's CPU goes: this process (program generation apart; golden model,
//   comparison, its GC threads) against the Verilator harness it spawns, over 8 flexv random programs, per
//   100 k retirements too, and the CPUs one worker keeps busy: their inverse times 2 bounds what 2 workers
//   can reach on 2 CPUs.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { mergeCampaign } from '../src/campaign/merge.ts';
import { planOf, writePlan } from '../src/campaign/plan.ts';
import { runCampaign } from '../src/campaign/run.ts';
import { readCampaign, writeCampaign, CAMPAIGN_FORMAT } from '../src/campaign/spec.ts';
import { writeSyntheticShards } from '../src/campaign/synthetic.ts';
import { lockstep } from '../src/cosim/lockstep.ts';
import { buildRandomProgram } from '../src/cosim/programs.ts';

const ROOT = join(import.meta.dirname, '..', 'build', 'bench-campaign');
const RESULTS = join(import.meta.dirname, 'results', 'campaign.json');
const quiet = () => {};
const log = (l: string) => console.log(l);

async function plan(name: string, kind: string, flags: Record<string, string | boolean>, shards: number, seed = 1): Promise<string> {
  const dir = join(ROOT, name);
  await rm(dir, { recursive: true, force: true });
  const c = planOf(kind, flags, { shards, seed, command: `bench ${name}` });
  await writePlan(c, { out: dir });
  return dir;
}

/** Runs a planned campaign locally and merges it: units, mismatches, wall seconds of the run, shard-seconds. */
async function runAndMerge(dir: string, workers: number, print: (l: string) => void = quiet) {
  const run = await runCampaign(dir, { backend: 'local', workers, print, progressEvery: 60 });
  if (run.failed.length) throw new Error(`${dir}: ${run.failed.length} shards failed: ${run.failed[0]!.message} (${run.failed[0]!.log})`);
  const m = await mergeCampaign(dir);
  return {
    units: m.units, mismatches: m.mismatches, runSeconds: run.seconds, shardSeconds: m.shardSeconds, perShardSecond: m.unitsPerShardSecond,
    perSecond: m.units / run.seconds, cpuSeconds: m.cpuSeconds, perCpuSecond: m.unitsPerCpuSecond,
    // The machine is shared: the 1-minute load average at the end says how much of it the run had.
    loadAverage: loadavg()[0],
  };
}

const LOCKSTEP = { config: 'flexv', target: 'core', length: '300', repeat: '10' };

async function scaling() {
  const flags = { ...LOCKSTEP, retirements: '240000' };
  // The model build and the first elaboration stay out of the runs.
  const warm = await plan('scaling-warm', 'lockstep', { ...flags, retirements: '10000' }, 1);
  await runAndMerge(warm, 1);
  // 1 and 2 workers alternate, twice each, so that a change of the shared machine's load hits both; the
  // best run of each is compared.
  const runs: Array<{ workers: number } & Awaited<ReturnType<typeof runAndMerge>>> = [];
  for (const workers of [1, 2, 1, 2]) {
    const r = await runAndMerge(await plan(`scaling-${workers}`, 'lockstep', flags, 8), workers);
    runs.push({ workers, ...r });
    log(`scaling: ${workers} worker${workers > 1 ? 's' : ''}: ${r.perSecond.toFixed(0)} retirements/s (load average ${r.loadAverage.toFixed(1)} on ${cpus().length} CPUs)`);
  }
  const best = (w: number) => runs.filter((r) => r.workers === w).reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
  const one = best(1), two = best(2);
  const ratio = two.perSecond / one.perSecond;
  log(`scaling: best 1 worker ${one.perSecond.toFixed(0)} retirements/s, best 2 workers ${two.perSecond.toFixed(0)} retirements/s: x${ratio.toFixed(2)} (goal >= 1.8)`);
  // A worker's CPU per wall second (process + harness): above 1, two workers cannot double on 2 CPUs.
  const cpuPerWall = one.cpuSeconds / one.shardSeconds;
  log(`one worker used ${cpuPerWall.toFixed(2)} CPU per wall second; ${one.perCpuSecond.toFixed(0)} retirements per CPU second`);
  return { runs, oneWorker: one, twoWorkers: two, ratio, goal: 1.8, met: ratio >= 1.8, cpus: cpus().length, oneWorkerCpuPerWallSecond: cpuPerWall };
}

async function big(retirements: number) {
  const shards = Math.max(2, Math.round(retirements / 250_000));
  const dir = await plan('big', 'lockstep', { ...LOCKSTEP, retirements: String(retirements) }, shards, 7);
  const c = await readCampaign(dir);
  const r = await runAndMerge(dir, 2, log);
  log(`big: ${r.units} retirements (${c.items} programs, ${shards} shards) in ${(r.runSeconds / 60).toFixed(1)} min on 2 workers: ${r.perSecond.toFixed(0)} retirements/s, ${r.mismatches} mismatching programs`);
  return { asked: retirements, shards, programs: c.items, ...r, wallMinutes: r.runSeconds / 60 };
}

async function rates() {
  const core = await runAndMerge(await plan('rate-core', 'lockstep', { ...LOCKSTEP, retirements: '100000' }, 2), 1);
  log(`core lockstep: ${core.perShardSecond.toFixed(0)} retirements per shard-second, ${core.perCpuSecond.toFixed(0)} per CPU second (1 worker)`);
  const cluster = await runAndMerge(await plan('rate-cluster', 'lockstep', { ...LOCKSTEP, target: 'cluster', cores: '8', retirements: '200000' }, 2), 1, log);
  log(`8-core cluster lockstep: ${cluster.perShardSecond.toFixed(0)} retirements per shard-second, ${cluster.perCpuSecond.toFixed(0)} per CPU second (1 worker)`);
  const sweepFlags = { cores: '1,2', banking: '2', config: 'flexv', kernel: 'conv3x3', format: 'a2w2', area: false, lockstep: true };
  const sweep = await runAndMerge(await plan('rate-sweep', 'sweep', sweepFlags, 2), 1, log);
  const pointsPerHour = (3600 * sweep.units) / sweep.shardSeconds;
  log(`sweep (lockstep, no synthesis): ${pointsPerHour.toFixed(0)} points/hour per worker`);
  const synth = await runAndMerge(await plan('rate-sweep-area', 'sweep', { ...sweepFlags, cores: '2', area: true }, 1), 1, log);
  const synthPerHour = (3600 * synth.units) / synth.shardSeconds;
  log(`sweep with synthesis: ${synthPerHour.toFixed(1)} points/hour per worker`);
  return { core, cluster: { cores: 8, ...cluster }, sweep: { ...sweep, pointsPerHour }, sweepWithArea: { ...synth, pointsPerHour: synthPerHour } };
}

async function merge(shards = 10_000) {
  const dir = join(ROOT, 'merge');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const c = {
    format: CAMPAIGN_FORMAT, kind: 'lockstep', seed: 1, shards, items: 4 * shards, planned: 'bench merge (synthetic)',
    params: { target: 'core', config: 'flexv', length: 300, repeat: 10, retirements: 4e7, perProgram: 10_000, maxCycles: 10_000_000 },
  } as const;
  await writeCampaign(dir, { ...c, params: { ...c.params } });
  const w0 = performance.now();
  await writeSyntheticShards(dir, { ...c, params: { ...c.params } }, { mismatchItems: [12_345] });
  const writeSeconds = (performance.now() - w0) / 1000;
  global.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  let peak = heap0;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
  const t0 = performance.now();
  const m = await mergeCampaign(dir, { json: join(dir, 'merged.json') });
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  log(`merge: ${shards} shard files (${m.units} retirements) in ${seconds.toFixed(2)} s (goal < 10 s), heap growth ${((peak - heap0) / 2 ** 20).toFixed(1)} MiB`);
  return { shards, seconds, goalSeconds: 10, met: seconds < 10, heapGrowthMiB: (peak - heap0) / 2 ** 20, writeSeconds, retirements: m.units, mismatches: m.mismatches };
}

/** CPU seconds of this process and of its waited-for children (/proc/self/stat utime+stime, cutime+cstime). */
function cpuSplit(): { self: number; children: number } {
  const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  const tick = 100; // USER_HZ on Linux
  return { self: (Number(f[11]) + Number(f[12])) / tick, children: (Number(f[13]) + Number(f[14])) / tick };
}

async function split(programs = 8) {
  const dir = join(ROOT, 'split');
  await lockstep('flexv', await buildRandomProgram(dir, 'flexv', 999, 300, 10)); // model build and warm-up
  const c0 = cpuSplit();
  const t0 = performance.now();
  let retirements = 0;
  let generation = 0;
  for (let i = 0; i < programs; i++) {
    const g0 = cpuSplit().self;
    const elf = await buildRandomProgram(dir, 'flexv', 100 + i, 300, 10);
    generation += cpuSplit().self - g0;
    const r = await lockstep('flexv', elf, { stallSeed: i % 2 ? 12345 + i : 0 });
    retirements += r.compared;
  }
  const c1 = cpuSplit();
  const wall = (performance.now() - t0) / 1000;
  const node = c1.self - c0.self, harness = c1.children - c0.children;
  // CPUs one worker keeps busy (node's own threads included: GC, I/O); two such workers share 2 CPUs.
  const cpuPerWall = (node + harness) / wall;
  const bound = Math.min(2, 2 / cpuPerWall);
  const per100k = (s: number) => (1e5 * s) / retirements;
  log(`split: ${retirements} retirements in ${wall.toFixed(1)} s: node ${node.toFixed(2)} CPU s (of which program generation ${generation.toFixed(2)}), harness ${harness.toFixed(2)} CPU s, ${cpuPerWall.toFixed(2)} CPUs busy; 2 workers on 2 CPUs at most x${bound.toFixed(2)}`);
  log(`split: per 100 k retirements: node ${per100k(node).toFixed(2)} CPU s (lockstep ${per100k(node - generation).toFixed(2)}, generation ${per100k(generation).toFixed(2)}), harness ${per100k(harness).toFixed(2)}`);
  return {
    programs, retirements, wallSeconds: wall, nodeCpuSeconds: node, generationCpuSeconds: generation, harnessCpuSeconds: harness,
    cpusPerWorker: cpuPerWall, twoWorkerBound: bound,
    per100k: { node: per100k(node), lockstep: per100k(node - generation), generation: per100k(generation), harness: per100k(harness) },
  };
}

export default async function run(args: string[]) {
  const named = args.filter((a) => !a.startsWith('--') && !/^\d/.test(a));
  const want = (s: string) => named.length === 0 || named.includes(s);
  const i = args.indexOf('--retirements');
  const retirements = i >= 0 ? Number(args[i + 1]) : 1e7;
  // Sections run alone keep the others' figures from the last run (bench/results/campaign.json).
  const out: Record<string, unknown> = existsSync(RESULTS) ? (JSON.parse(await readFile(RESULTS, 'utf8')) as Record<string, unknown>) : {};
  await mkdir(ROOT, { recursive: true });
  const keep = async () => writeFile(RESULTS, JSON.stringify(out, null, 2) + '\n');
  if (want('merge')) (out.merge = await merge()), await keep();
  if (want('scaling')) (out.scaling = await scaling()), await keep();
  if (want('big')) (out.big = await big(retirements)), await keep();
  if (want('rates')) (out.rates = await rates()), await keep();
  if (want('split')) (out.split = await split()), await keep();
  return out;
}

// `npm run bench -- cluster [cores=8] [config=baseline] [threads=2] [lockstep=0]`: the RTL cluster under
// Verilator. Figures: elaborate + emit seconds for 8 and 16 cores; the Verilator build seconds of the
// measured model (recorded at its build when it came from the cache); simulated cycles per second of the
// cluster free-running and in lockstep with the golden cluster model on a repeated parallel matrix multiply
// (test/cluster/programs/bench-matmul.c), first and second (warm) lockstep run in the process; the lockstep
// overhead. `threads=2` also builds and measures a
// `--threads 2` model.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { emitCluster } from '../src/cluster/cluster.ts';
import { buildClusterSim, type ClusterSim } from '../src/cosim/cluster/build.ts';
import { clusterCosim } from '../src/cosim/cluster/cosim.ts';
import { childCpuSeconds } from '../src/cosim/cluster/cpu.ts';
import { runCluster } from '../src/cosim/cluster/run.ts';
import { readElfFile } from '../src/elf/read.ts';
import { buildClusterProgram } from '../test/cluster/programs.ts';

const GOAL_CYCLES_PER_SECOND = 200_000;
const GOAL_LOCKSTEP_OVERHEAD = 0.25;

function arg(args: string[], name: string, fallback: string): string {
  const a = args.find((x) => x.startsWith(`${name}=`));
  return a ? a.slice(name.length + 1) : fallback;
}

/** Seconds to elaborate and emit a cluster (best of `runs`, after one warm-up that fills module caches). */
function emitSeconds(cores: number, config: string, runs = 3): number {
  emitCluster({ cores, config });
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    emitCluster({ cores, config });
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return best;
}

/** The build seconds of a model: measured now, or recorded in its cache entry when it was built. */
async function buildSeconds(sim: ClusterSim): Promise<{ seconds: number; measuredNow: boolean }> {
  if (sim.built) return { seconds: sim.buildSeconds, measuredNow: true };
  const done = JSON.parse(await readFile(join(dirname(sim.exe), 'flexv-build.json'), 'utf8')) as { buildSeconds: number };
  return { seconds: done.buildSeconds, measuredNow: false };
}

async function freeRun(sim: ClusterSim, elfPath: string) {
  const elf = await readElfFile(elfPath);
  const cpu0 = childCpuSeconds();
  const end = await runCluster(sim.exe, elf, elfPath, sim.params, { maxCycles: 50_000_000 });
  const cpuSeconds = childCpuSeconds() - cpu0;
  if (end.reason !== 'eoc' || end.value !== 0) throw new Error(`bench program failed on the free-running cluster: ${end.reason} = ${end.value}`);
  return {
    cycles: end.cycles, seconds: end.seconds, cyclesPerSecond: Math.round(end.cycles / end.seconds),
    cpuSeconds, cyclesPerCpuSecond: Math.round(end.cycles / cpuSeconds), instructions: end.instret.reduce((a, b) => a + b, 0),
  };
}

/** One lockstep run of the bench program: wall and CPU figures, overhead against the free run. */
async function lockstepRun(cores: number, config: string, elfPath: string, free: { cyclesPerSecond: number; cyclesPerCpuSecond: number }) {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const child0 = childCpuSeconds();
  const r = await clusterCosim({ cores, config }, elfPath, { maxCycles: 50_000_000 });
  const wall = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(cpu0);
  // the harness's CPU time plus this process's (the golden model and the comparison)
  const cpuSeconds = childCpuSeconds() - child0 + (used.user + used.system) / 1e6;
  if (r.mismatch) throw new Error(`lockstep mismatch in the bench program at cycle ${r.mismatch.cycle}, core ${r.mismatch.core}`);
  const cyclesPerSecond = Math.round(r.end.cycles / r.seconds);
  const cyclesPerCpuSecond = Math.round(r.end.cycles / cpuSeconds);
  // overhead in CPU time: wall time on this shared machine moves several times with the load
  const overhead = free.cyclesPerCpuSecond / cyclesPerCpuSecond - 1;
  return {
    cycles: r.end.cycles, seconds: r.seconds, wallSeconds: wall, cyclesPerSecond, cpuSeconds, cyclesPerCpuSecond,
    retirementsCompared: r.summary.total, overhead, wallOverhead: free.cyclesPerSecond / cyclesPerSecond - 1, meetsGoal: overhead <= GOAL_LOCKSTEP_OVERHEAD,
  };
}

export default async function (args: string[]) {
  const cores = Number(arg(args, 'cores', '8'));
  const config = arg(args, 'config', 'baseline');
  const threads = Number(arg(args, 'threads', '1'));
  const withLockstep = arg(args, 'lockstep', '1') !== '0';
  const elfPath = await buildClusterProgram('bench-matmul.c');

  const emit = { cores8: emitSeconds(8, config), cores16: emitSeconds(16, config) };
  console.log(`elaborate + emit: 8 cores ${emit.cores8.toFixed(2)} s, 16 cores ${emit.cores16.toFixed(2)} s`);

  const sim = await buildClusterSim({ cores, config });
  const build = await buildSeconds(sim);
  console.log(`Verilator build (${cores} cores, ${config}): ${build.seconds.toFixed(1)} s${build.measuredNow ? '' : ' (recorded when the cached model was built)'}`);

  const free = await freeRun(sim, elfPath);
  console.log(`free-running: ${free.cycles} cycles in ${free.seconds.toFixed(2)} s = ${free.cyclesPerSecond} cycles/s (${free.cyclesPerCpuSecond} per CPU second)`);

  let lockstep: Record<string, unknown> | undefined;
  if (withLockstep) {
    // the first run in a process pays the golden model's JIT warm-up; the second is what a process that
    // runs many programs (tests, kernel sweeps) sees per run
    const first = await lockstepRun(cores, config, elfPath, free);
    const warm = await lockstepRun(cores, config, elfPath, free);
    lockstep = { ...first, warm };
    for (const [name, r] of [['lockstep', first], ['lockstep, warm', warm]] as const) {
      console.log(`${name}: ${r.retirementsCompared} retirements compared, ${r.cyclesPerSecond} cycles/s (${r.cyclesPerCpuSecond} per CPU second), overhead ${(100 * r.overhead).toFixed(0)} % in CPU time`);
    }
  }

  let threaded: Record<string, unknown> | undefined;
  if (threads > 1) {
    const t = await buildClusterSim({ cores, config }, { threads });
    const tb = await buildSeconds(t);
    const run = await freeRun(t, elfPath);
    threaded = { threads, buildSeconds: tb.seconds, ...run };
    console.log(`--threads ${threads}: ${run.cyclesPerSecond} cycles/s, ${run.cyclesPerCpuSecond} per CPU second (build ${tb.seconds.toFixed(1)} s)`);
  }

  return {
    date: new Date().toISOString(),
    program: 'test/cluster/programs/bench-matmul.c (12 rounds of a 16x16 int32 matmul split by rows, barrier per round)',
    cluster: { ...sim.params },
    elaborateEmitSeconds: emit,
    verilatorBuild: build,
    freeRunning: { ...free, goal: GOAL_CYCLES_PER_SECOND, meetsGoal: free.cyclesPerSecond >= GOAL_CYCLES_PER_SECOND, meetsGoalPerCpuSecond: free.cyclesPerCpuSecond >= GOAL_CYCLES_PER_SECOND },
    lockstep: lockstep ? { ...lockstep, goalOverhead: GOAL_LOCKSTEP_OVERHEAD } : 'skipped (lockstep=0)',
    threaded: threaded ?? 'not measured (pass threads=2)',
    note: 'cycles/s: wall time of the harness loop (no process start or image load); per CPU second: CPU time of the harness process (+ this process in lockstep: golden model and comparison), steadier on a loaded machine; load average at the end in loadAverage',
    loadAverage: (await import('node:os')).loadavg(),
  };
}

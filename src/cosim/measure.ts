import { execa } from 'execa';
import { join } from 'node:path';
import { readElfFile } from '../elf/read.ts';
import { PROJECT_ROOT } from '../sim/verilator.ts';
import { linkerScript } from '../randprog/build.ts';
import { requireTool } from '../util/tools.ts';
import { mkdir, writeFile } from 'node:fs/promises';
import { buildCoreSim } from './build.ts';
import { lockstep } from './lockstep.ts';
import { runCore } from './run.ts';

/** Figures of the core's simulation: speed free-running and in lockstep, CPI, build time. */
export interface CoreFigures {
  config: string;
  program: string;
  iterations: number;
  cycles: number;
  instructions: number;
  cpi: number;
  /** Wall-clock speed of the simulation loop (depends on the machine's load). */
  cyclesPerSecond: number;
  /** Speed per CPU second of the simulation loop (the load-independent figure). */
  cyclesPerCpuSecond: number;
  lockstepRetirementsPerSecond: number;
  /** Extra wall time of lockstep over free-running, as a fraction of free-running (harness and golden model run concurrently). */
  lockstepOverhead: number;
  /** Extra CPU time of lockstep (harness writing records + the golden model and comparison in Node) over the free harness. */
  lockstepCpuOverhead: number;
  /** Seconds of a Verilator build of the core from scratch (undefined when the model came from the cache). */
  buildSeconds?: number;
}

/**
 * Runs the RV32IM xorshift loop of bench/iss/xorshift.S (12 instructions per iteration) on the core,
 * free and in lockstep. Times are the simulation loop alone (free) and the whole lockstep (the golden
 * model steps inside it), each the best of `repeats`.
 */
export async function measureCore(config = 'baseline', iterations = 200_000, repeats = 3): Promise<CoreFigures> {
  const gcc = await requireTool('gcc');
  const dir = join(PROJECT_ROOT, 'build', 'core-measure');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'link.ld'), linkerScript());
  const elfPath = join(dir, `xorshift-${iterations}.elf`);
  await execa(gcc, ['-march=rv32im_zicsr', '-mabi=ilp32', '-nostdlib', '-static', `-DITERATIONS=${iterations}`, '-Wl,--no-warn-rwx-segments',
    '-T', join(dir, 'link.ld'), '-o', elfPath, join(PROJECT_ROOT, 'bench', 'iss', 'xorshift.S')]);
  const sim = await buildCoreSim(config);
  const elf = await readElfFile(elfPath);
  let free = Infinity;
  let freeCpu = Infinity;
  let end = await runCore(sim.exe, elf, elfPath);
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    end = await runCore(sim.exe, elf, elfPath);
    free = Math.min(free, (performance.now() - t0) / 1000);
    freeCpu = Math.min(freeCpu, end.cpuSeconds);
  }
  let locked = Infinity;
  let lockedCpu = Infinity;
  let compared = 0;
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const r = await lockstep(config, elfPath);
    const node = process.cpuUsage(c0);
    if (r.mismatch || !r.end) throw new Error(`lockstep mismatch on ${elfPath}`);
    compared = r.compared;
    locked = Math.min(locked, (performance.now() - t0) / 1000);
    lockedCpu = Math.min(lockedCpu, r.end.cpuSeconds + (node.user + node.system) / 1e6);
  }
  return {
    config,
    program: 'bench/iss/xorshift.S',
    iterations,
    cycles: end.cycles,
    instructions: end.instret,
    cpi: end.cycles / end.instret,
    cyclesPerSecond: end.cycles / end.seconds,
    cyclesPerCpuSecond: end.cycles / freeCpu,
    lockstepRetirementsPerSecond: compared / locked,
    lockstepOverhead: locked / free - 1,
    lockstepCpuOverhead: lockedCpu / freeCpu - 1,
    ...(sim.built ? { buildSeconds: sim.buildSeconds } : {}),
  };
}

// `npm run bench -- core [iterations] [--quick]`: issue 6's table measured on the RTL, and the Verilator speed
// of every core configuration.
// 1. Kernels: the 9 (activation, weight) pairs x 3 builds, a matrix-vector and a matrix-matrix layer, each
//    ELF run on the core of its configuration in lockstep with the golden model (every retirement compared,
//    outputs bit-exact against the TypeScript reference), kernel cycles read with rdcycle around the kernel:
//    MAC/cycle, fraction of the lane limit L = 32 / max(a, w) (spec §5), speed-ups over baseline; then the
//    Mac&Load builds run again free (no lockstep) to profile their inner loops from the retirement stream.
// 2. Cores: the RV32IM xorshift loop free-running and in lockstep (measureCore): CPI, cycles/s.
import { CORE_CONFIGS } from '../src/core/configs.ts';
import { measureCore, type CoreFigures } from '../src/cosim/measure.ts';
import { BUILDS, CONFIG_OF_BUILD, FORMAT_PAIRS, makeLayer, runKernelOnCore, type Build, type LayerShape } from '../src/kernels/index.ts';
import { profileMacLoadLoops, type MacLoadLoopProfile } from '../src/kernels/loop-profile.ts';

/** Shapes: k a multiple of 64 so every width has whole groups; a few seconds of lockstep each. */
const SHAPES = {
  'matrix-vector': { n: 32, k: 512, pixels: 1, outBits: 8 },
  'matrix-matrix': { n: 32, k: 288, pixels: 8, outBits: 8 },
} as const satisfies Record<string, Omit<LayerShape, 'a' | 'w'>>;
const QUICK_SHAPES = {
  'matrix-vector': { n: 8, k: 128, pixels: 1, outBits: 8 },
  'matrix-matrix': { n: 8, k: 128, pixels: 2, outBits: 8 },
} as const satisfies Record<string, Omit<LayerShape, 'a' | 'w'>>;
const SEED = 6;

export interface KernelRow {
  kernel: keyof typeof SHAPES;
  a: number;
  w: number;
  build: Build;
  n: number;
  k: number;
  pixels: number;
  macs: number;
  kernel_cycles: number;
  kernel_instructions: number;
  mac_per_cycle: number;
  /** MAC/cycle over the lane limit L = 32 / max(a, w). */
  lane_fraction: number;
  /** Stall cycles of the kernel per instruction (cycles / instructions - 1). */
  stall_per_instr: number;
  speedup_vs_baseline: number;
  /** The speed-up over this baseline if the build ran at the lane limit: L / baseline MAC/cycle. */
  speedup_bound: number;
  retirements_compared: number;
  macload_loops?: MacLoadLoopProfile;
}

export interface CoreBench {
  kernels: KernelRow[];
  /** Over all Mac&Load inner loops of the matrix-matrix kernels (the steady case the goal is about). */
  macload_summary: Record<string, { dot_products_per_cycle: number; macloads_per_cycle: number }>;
  cores: CoreFigures[];
}

export default async function run(args: string[]): Promise<CoreBench> {
  const quick = args.includes('--quick');
  const iterations = Number(args.find((a) => !a.startsWith('--')) ?? (quick ? 20_000 : 200_000));
  const kernels: KernelRow[] = [];
  for (const [kernel, shape] of Object.entries(quick ? QUICK_SHAPES : SHAPES) as Array<[keyof typeof SHAPES, LayerShape]>) {
    console.log(`\n${kernel}: n ${shape.n} x k ${shape.k} x ${shape.pixels} pixel(s), each run in lockstep on its core, cycles from rdcycle around the kernel`);
    console.log('pair   | MAC/cycle baseline xpulpnn  flexv | flexv %L | flexv/base xpulpnn/base (bound L/base) | Mac&Load loops: dotp/cycle xpulpnn flexv');
    for (const { a, w } of FORMAT_PAIRS) {
      const layer = makeLayer({ ...shape, a, w }, SEED);
      const rows: KernelRow[] = [];
      for (const build of BUILDS) {
        const r = await runKernelOnCore(build, layer);
        if (r.wrongAcc || r.wrongOut) throw new Error(`${build} a${a}w${w} ${kernel}: ${r.wrongAcc + r.wrongOut} outputs differ from the reference`);
        const lanes = 32 / Math.max(a, w);
        const mpc = r.macs / r.kernelCycles;
        const row: KernelRow = {
          kernel, a, w, build, n: layer.n, k: layer.k, pixels: layer.pixels, macs: r.macs,
          kernel_cycles: r.kernelCycles, kernel_instructions: r.kernelInstr,
          mac_per_cycle: round(mpc, 3), lane_fraction: round(mpc / lanes, 3),
          stall_per_instr: round(r.kernelCycles / r.kernelInstr - 1, 4),
          speedup_vs_baseline: rows.length ? round(rows[0]!.kernel_cycles / r.kernelCycles, 3) : 1,
          speedup_bound: round(lanes / (rows.length ? rows[0]!.mac_per_cycle : mpc), 3),
          retirements_compared: r.compared,
        };
        if (build !== 'baseline') {
          const p = await profileMacLoadLoops(CONFIG_OF_BUILD[build], r.elf);
          if (p.runs > 0) row.macload_loops = roundProfile(p);
        }
        rows.push(row);
      }
      kernels.push(...rows);
      console.log(formatRow(rows));
    }
  }
  const macload_summary: CoreBench['macload_summary'] = {};
  for (const build of ['xpulpnn', 'flexv'] as const) {
    const ps = kernels.filter((r) => r.build === build && r.kernel === 'matrix-matrix' && r.macload_loops).map((r) => r.macload_loops!);
    const sum = (f: (p: MacLoadLoopProfile) => number) => ps.reduce((s, p) => s + f(p), 0);
    macload_summary[build] = {
      dot_products_per_cycle: round(sum((p) => p.dotProducts) / sum((p) => p.cycles), 4),
      macloads_per_cycle: round(sum((p) => p.macLoads) / sum((p) => p.cycles), 4),
    };
    console.log(`${build} matrix-matrix Mac&Load inner loops: ${macload_summary[build].dot_products_per_cycle} dot products/cycle, ` +
      `${macload_summary[build].macloads_per_cycle} Mac&Loads/cycle (the extra A reload of spec §4 has rd = x0)`);
  }

  console.log('\nVerilator speed, RV32IM xorshift loop');
  const cores: CoreFigures[] = [];
  for (const config of Object.keys(CORE_CONFIGS)) {
    const f = await measureCore(config, iterations);
    cores.push(f);
    console.log(
      `${config.padEnd(9)} CPI ${f.cpi.toFixed(3)}  ${(f.cyclesPerCpuSecond / 1e6).toFixed(2)} M cycles/CPU-s  ${(f.cyclesPerSecond / 1e6).toFixed(2)} M cycles/s wall, free  ` +
        `${(f.lockstepRetirementsPerSecond / 1e6).toFixed(2)} M retirements/s lockstep  ` +
        `lockstep overhead ${(f.lockstepOverhead * 100).toFixed(0)}%` +
        (f.buildSeconds !== undefined ? `  Verilator build ${f.buildSeconds.toFixed(1)} s` : '  (model cached)'),
    );
  }
  return { kernels, macload_summary, cores };
}

function formatRow([b, x, f]: KernelRow[]): string {
  const loops = (r: KernelRow) => (r.macload_loops ? r.macload_loops.dotProductsPerCycle.toFixed(3) : '-').padStart(7);
  return `a${b!.a} w${b!.w}  | ${b!.mac_per_cycle.toFixed(2).padStart(17)} ${x!.mac_per_cycle.toFixed(2).padStart(7)} ${f!.mac_per_cycle.toFixed(2).padStart(6)} |` +
    ` ${(100 * f!.lane_fraction).toFixed(0).padStart(6)} % | ${f!.speedup_vs_baseline.toFixed(2).padStart(9)}x ${x!.speedup_vs_baseline.toFixed(2).padStart(11)}x` +
    ` ${`(${f!.speedup_bound.toFixed(1)}x)`.padStart(15)} |                       ${loops(x!)} ${loops(f!)}`;
}

function roundProfile(p: MacLoadLoopProfile): MacLoadLoopProfile {
  return { ...p, macLoadsPerCycle: round(p.macLoadsPerCycle, 4), dotProductsPerCycle: round(p.dotProductsPerCycle, 4) };
}

function round(v: number, digits: number): number {
  return Number(v.toFixed(digits));
}

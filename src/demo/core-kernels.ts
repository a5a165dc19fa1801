import { join } from 'node:path';
import { CORE_CONFIGS } from '../core/configs.ts';
import { emitCore } from '../core/core.ts';
import { writeEmit } from '../hdl/index.ts';
import { BUILDS, CONFIG_OF_BUILD, makeLayer, runKernelOnCore, type CoreKernelRun, type LayerShape } from '../kernels/index.ts';
import { lintVerilator } from '../sim/lint.ts';

/** The demo's layer: a mixed sub-byte matrix-vector block small enough to run in lockstep in seconds. */
export const DEMO_LAYER: LayerShape = { a: 4, w: 2, outBits: 4, n: 16, k: 128, pixels: 4 };

export interface CoreDemoRow {
  config: string;
  modules: number;
  svLines: number;
  lintClean: boolean;
  run: CoreKernelRun;
}

/**
 * The demo's main job: for every core configuration the generator has, emit its SystemVerilog (lint it with
 * Verilator -Wall), run the kernel of the matching build on it in lockstep with the golden model, and check
 * the outputs against the TypeScript reference. Prints one line per configuration as it goes.
 */
export async function demoCoreKernels(outDir: string, seed: number): Promise<CoreDemoRow[]> {
  const layer = makeLayer(DEMO_LAYER, seed);
  const { a, w, n, k, pixels } = DEMO_LAYER;
  console.log(`\nkernel: ${a}-bit activations x ${w}-bit weights, ${n} channels x ${k} inputs x ${pixels} pixels (${n * k * pixels} MACs), ` +
    'requantized to 4 bits; each build on its core configuration, in lockstep with the golden model');
  const rows: CoreDemoRow[] = [];
  for (const build of BUILDS) {
    const config = CONFIG_OF_BUILD[build];
    if (!(config in CORE_CONFIGS)) continue;
    const dir = join(outDir, `core-${config}`);
    const emitted = emitCore(config);
    await writeEmit(emitted, dir);
    const lint = await lintVerilator(dir, { top: emitted.top });
    const run = await runKernelOnCore(build, layer);
    const row = { config, modules: emitted.files.length, svLines: emitted.files.reduce((s, f) => s + f.text.split('\n').length, 0), lintClean: lint.clean, run };
    rows.push(row);
    console.log(formatRow(row, rows[0]!));
  }
  return rows;
}

function formatRow(r: CoreDemoRow, first: CoreDemoRow): string {
  const { run } = r;
  const exact = run.wrongAcc === 0 && run.wrongOut === 0 ? 'bit-exact' : `${run.wrongAcc + run.wrongOut} WRONG outputs`;
  const speedup = r === first ? '' : `, ${(first.run.cycles / run.cycles).toFixed(2)}x the ${first.config} core`;
  return `  ${r.config.padEnd(8)} ${r.modules} modules, ${r.svLines} SV lines, lint ${r.lintClean ? 'clean' : 'NOT clean'}; ` +
    `${run.cycles} cycles, ${run.compared} retirements compared, 0 mismatches, ${(run.macs / run.cycles).toFixed(2)} MAC/cycle (whole program), ` +
    `${exact}${speedup}`;
}

export function coreDemoPassed(rows: CoreDemoRow[]): boolean {
  return rows.length > 0 && rows.every((r) => r.lintClean && r.run.wrongAcc === 0 && r.run.wrongOut === 0);
}

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assemble, toElf } from '../asm/index.ts';
import { coreConfig } from '../core/configs.ts';
import { buildRandomProgram } from '../cosim/programs.ts';
import { itemSeed } from '../campaign/seeds.ts';
import { buildKernel } from '../kernels/build.ts';
import { layerDataSource } from '../kernels/c-data.ts';
import type { Build } from '../kernels/formats.ts';
import { makeLayer } from '../kernels/layer.ts';
import { PROJECT_ROOT } from '../sim/verilator.ts';

export type RegressionLevel = 'quick' | 'full';

/** One program of the regression and how to run it. */
export interface RegressionProgram {
  name: string;
  elf: string;
  /** random bus grants and latencies (lockstep's stallSeed; 0: none) */
  stallSeed: number;
}

/** Directed programs (assembly, `.S`, for flexv's assembler), written to kill mutants random programs miss. */
export const DIRECTED_DIR = join(PROJECT_ROOT, 'src', 'mutate', 'programs');

/** Random programs per level, and their length (`flexv randprog --length`). */
export const RANDOM_PROGRAMS: Record<RegressionLevel, number> = { quick: 6, full: 12 };
const RANDOM_LENGTH = 300;
/** The kernels `full` adds: a few format pairs of the single-core kernels, small layers. */
const KERNEL_FORMATS = [{ a: 8, w: 8 }, { a: 4, w: 2 }, { a: 2, w: 4 }] as const;

/**
 * The programs a mutant runs, in order (the cheap random ones first, so most mutants die early):
 * quick = random programs of the configuration (every other one with random bus stalls) + the directed
 * programs of `DIRECTED_DIR` whose first line does not restrict them to other configurations;
 * full = more random programs + the single-core kernels of the configuration.
 */
export async function regressionPrograms(config: string, level: RegressionLevel, seed: number, dir: string): Promise<RegressionProgram[]> {
  const isa = coreConfig(config).isa;
  await mkdir(dir, { recursive: true });
  const out: RegressionProgram[] = [];
  for (let i = 0; i < RANDOM_PROGRAMS[level]; i++) {
    const s = itemSeed(seed, i);
    const elf = await buildRandomProgram(dir, config, s, RANDOM_LENGTH);
    out.push({ name: `random seed ${s}${i % 2 ? ' (stalls)' : ''}`, elf, stallSeed: i % 2 ? (s % 0x7fffffff) || 1 : 0 });
  }
  for (const file of directedPrograms(isa)) {
    const source = readFileSync(join(DIRECTED_DIR, file), 'utf8');
    const asm = assemble(source, { fileName: join(DIRECTED_DIR, file), config: isa });
    const elf = join(dir, file.replace(/\.S$/, '.elf'));
    await writeFile(elf, toElf(asm));
    out.push({ name: `directed ${file}`, elf, stallSeed: 0 });
    out.push({ name: `directed ${file} (stalls)`, elf, stallSeed: 7 });
  }
  if (level === 'full') {
    for (const f of KERNEL_FORMATS) {
      const layer = makeLayer({ a: f.a, w: f.w, outBits: 4, n: 8, k: 64, pixels: 3 }, 11 + f.a + f.w);
      const elf = await buildKernel({ build: isa as Build, a: f.a, w: f.w, outBits: 4 }, layerDataSource(layer));
      out.push({ name: `kernel ${isa} a${f.a}w${f.w}`, elf, stallSeed: 0 });
    }
  }
  return out;
}

/** Directed programs for an ISA configuration: a first line `# configs: a b` limits a file to those. */
export function directedPrograms(isa: string): string[] {
  if (!existsSync(DIRECTED_DIR)) return [];
  return readdirSync(DIRECTED_DIR)
    .filter((f) => f.endsWith('.S'))
    .sort()
    .filter((f) => {
      const first = readFileSync(join(DIRECTED_DIR, f), 'utf8').split('\n', 1)[0]!;
      const m = /^#\s*configs:\s*(.*)$/.exec(first);
      return !m || m[1]!.split(/\s+/).includes(isa);
    });
}

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assemble, toElf } from '../asm/index.ts';
import { coreConfig } from '../core/configs.ts';
import { coreCoverage } from '../core/core.ts';
import { buildRandomProgram } from '../cosim/programs.ts';
import { itemSeed } from '../campaign/seeds.ts';
import { buildKernel } from '../kernels/build.ts';
import { layerDataSource } from '../kernels/c-data.ts';
import type { Build } from '../kernels/formats.ts';
import { makeLayer } from '../kernels/layer.ts';
import { directedPrograms } from './directed.ts';

export type RegressionLevel = 'quick' | 'full';

/** One program of the regression and how to run it. */
export interface RegressionProgram {
  name: string;
  elf: string;
  /** random bus grants and latencies (lockstep's stallSeed; 0: none) */
  stallSeed: number;
}

/** Random programs per level, and their length (`flexv randprog --length`). */
export const RANDOM_PROGRAMS: Record<RegressionLevel, number> = { quick: 8, full: 16 };
const RANDOM_LENGTH = 300;
/** The kernels `full` adds: a few format pairs of the single-core kernels, small layers. */
const KERNEL_FORMATS = [{ a: 8, w: 8 }, { a: 4, w: 2 }, { a: 2, w: 4 }] as const;

/**
 * The programs a mutant runs, in order (the cheap random ones first, so most mutants die early):
 * quick = random programs of the configuration (every other one with random bus stalls) + the directed
 * programs of the configuration (directed.ts), each without and with bus stalls;
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
  for (const d of directedPrograms(isa, coreCoverage(config).missing)) {
    const asm = assemble(d.source, { fileName: `${d.name}.S`, config: isa });
    const elf = join(dir, `${d.name}.elf`);
    await writeFile(elf, toElf(asm));
    out.push({ name: `directed ${d.name}`, elf, stallSeed: 0 });
    out.push({ name: `directed ${d.name} (stalls)`, elf, stallSeed: 7 });
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


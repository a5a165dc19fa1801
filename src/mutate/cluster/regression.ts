import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assemble, toElf } from '../../asm/index.ts';
import { itemSeed } from '../../campaign/seeds.ts';
import { coreConfig } from '../../core/configs.ts';
import { L2_BASE } from '../../platform/memory-map.ts';
import { buildClusterProgram } from '../../randprog/cluster/build.ts';
import type { RegressionLevel } from '../regression.ts';
import { clusterDirectedPrograms } from './directed.ts';

/** One program of the cluster regression and how to run it. */
export interface ClusterRegressionProgram {
  name: string;
  elf: string;
  /** L2 response latency of the harness (cycles) */
  l2Latency: number;
}

/** Random multi-core programs per level (`flexv randprog --cores N`), phases and items per hart and phase. */
export const CLUSTER_RANDOM_PROGRAMS: Record<RegressionLevel, number> = { quick: 4, full: 8 };
const RANDOM_PHASES = 4;
const RANDOM_LENGTH = 20;
/** The slow L2 of the second run of a program: responses arrive later, the L2 port's queue fills. */
const SLOW_L2 = 4;

/**
 * The programs a cluster mutant runs, in order: random SPMD programs of the cluster's core configuration
 * (every other one with a slow L2), then the directed cluster programs (directed.ts), those that move data
 * through the L2 port with the default and a slow L2. `full` has more random programs, each of more phases.
 */
export async function clusterRegressionPrograms(config: string, cores: number, level: RegressionLevel, seed: number, dir: string): Promise<ClusterRegressionProgram[]> {
  const isa = coreConfig(config).isa;
  await mkdir(dir, { recursive: true });
  const out: ClusterRegressionProgram[] = [];
  for (let i = 0; i < CLUSTER_RANDOM_PROGRAMS[level]; i++) {
    const s = itemSeed(seed, i);
    const p = buildClusterProgram({ config: isa, cores, seed: s, length: RANDOM_LENGTH, phases: level === 'full' ? 2 * RANDOM_PHASES : RANDOM_PHASES });
    const elf = join(dir, `random-${s}.elf`);
    await writeFile(elf, p.elf);
    const slow = i % 2 === 1;
    out.push({ name: `random --cores ${cores} --seed ${s}${slow ? ' (slow L2)' : ''}`, elf, l2Latency: slow ? SLOW_L2 : 1 });
  }
  for (const d of clusterDirectedPrograms(cores)) {
    const asm = assemble(d.source, { config: isa, rvc: true, textBase: L2_BASE, fileName: `${d.name}.S` });
    const elf = join(dir, `${d.name}.elf`);
    await writeFile(elf, toElf(asm));
    out.push({ name: `directed ${d.name}`, elf, l2Latency: 1 });
    if (d.usesL2) out.push({ name: `directed ${d.name} (slow L2)`, elf, l2Latency: SLOW_L2 });
  }
  return out;
}

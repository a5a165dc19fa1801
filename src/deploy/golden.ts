/** Runs a deployed network's ELF on the golden cluster model (instruction-accurate, ideal memory). */
import { readElfFile } from '../elf/read.ts';
import type { Config } from '../isa/index.ts';
import { Cluster } from '../iss/cluster.ts';
import type { MemorySizes } from '../platform/memory-map.ts';
import { UserError } from '../util/errors.ts';
import type { DeviceNet } from './lower.ts';
import type { MemoryPlan } from './plan.ts';
import { type RunReadback, readRun } from './results.ts';

export async function runOnGolden(elf: string, config: Config, cores: number, maxCores: number, dev: DeviceNet, plan: MemoryPlan, sizes: Partial<MemorySizes>, maxInstr = 2e9): Promise<RunReadback & { seconds: number }> {
  const image = await readElfFile(elf);
  const cluster = new Cluster(config, cores, sizes);
  cluster.load(image, elf);
  const r = cluster.run(maxInstr);
  if (r.reason !== 'eoc' || cluster.mem.haltValue !== 1) {
    const pcs = cluster.harts.map((h) => `0x${(h.pc >>> 0).toString(16)}`).join(' ');
    throw new UserError(`the network did not end with EOC 1 on the golden cluster: ${r.reason} (value ${cluster.mem.haltValue}, pcs ${pcs})`, elf);
  }
  return { ...readRun(image, cluster.mem, dev, plan, cores, maxCores, elf), seconds: r.seconds };
}

/** Runs a deployed network's ELF on the generated RTL cluster (Verilator), free-running or in lockstep. */
import { resolveClusterParams } from '../cluster/cluster-params.ts';
import { runClusterProgram } from '../cosim/cluster/program.ts';
import { readL2Word } from '../cosim/cluster/run.ts';
import { readElfFile } from '../elf/read.ts';
import type { Config } from '../isa/index.ts';
import type { MemorySizes } from '../platform/memory-map.ts';
import { UserError } from '../util/errors.ts';
import type { DeviceNet } from './lower.ts';
import type { MemoryPlan } from './plan.ts';
import { type RunReadback, readRun } from './results.ts';

export interface RtlOptions {
  lockstep: boolean;
  maxCycles?: number;
}

export async function runOnRtl(
  elf: string, config: Config, cores: number, maxCores: number, dev: DeviceNet, plan: MemoryPlan, sizes: Partial<MemorySizes>, o: RtlOptions,
): Promise<RunReadback & { seconds: number; conflicts: number; compared: number }> {
  const params = resolveClusterParams({ cores, config, tcdmBytes: sizes.tcdm, l2Bytes: sizes.l2 });
  const r = await runClusterProgram({ ...params, elf, lockstep: o.lockstep, maxCycles: o.maxCycles ?? 500_000_000 });
  const end = r.end;
  if (end.reason !== 'eoc' || end.value !== 1) throw new UserError(`the network did not end with EOC 1 on the RTL cluster: ${end.reason} = ${end.value} after ${end.cycles} cycles`, elf);
  const image = await readElfFile(elf);
  const rb = readRun(image, { read: (addr) => readL2Word(end, addr) | 0 }, dev, plan, cores, maxCores, elf);
  return { ...rb, seconds: r.seconds, conflicts: r.conflicts, compared: r.retirementsCompared };
}

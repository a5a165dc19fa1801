import { readElfFile, type ElfImage } from '../../elf/read.ts';
import { resolveClusterParams } from '../../cluster/cluster-params.ts';
import { runClusterProgram } from '../../cosim/cluster/program.ts';
import { readL2Word, type ClusterRunEnd } from '../../cosim/cluster/run.ts';
import { TCDM_BASE } from '../../platform/memory-map.ts';
import { UserError } from '../../util/errors.ts';
import type { Build } from '../formats.ts';
import { CONFIG_OF_BUILD } from '../run.ts';
import { buildClusterLayer, checkTcdmFits } from './golden.ts';
import type { ClusterLayer } from './layer.ts';
import { describeStatus, EOC_STATUS, readClusterOutputs, tcdmBytesUsed, type ClusterOutputs } from './results.ts';

/** The verdict on a finished RTL run of a cluster kernel: outputs read from the final L2. */
export interface ClusterCheck extends ClusterOutputs {
  ok: boolean;
  status: number;
  /** Cycles of the timed region (hart 0's cluster cycle counter, barrier to barrier). */
  kernelCycles: number;
  macs: number;
  macPerCycle: number;
  message: string;
}

/** Checks a run of `c`'s ELF (the harness's end record, kept L2 included) against the reference. */
export function checkClusterRun(c: ClusterLayer, image: ElfImage, end: ClusterRunEnd, cores: number, where: string): ClusterCheck {
  const what = `${c.kind} a${c.layer.a}w${c.layer.w} on ${cores} cores`;
  if (end.reason !== 'eoc') throw new UserError(`${what} ended with ${end.reason} (value 0x${(end.value >>> 0).toString(16)}) after ${end.cycles} cycles, not EOC`, where);
  const outputs = readClusterOutputs(image, { read: (addr) => readL2Word(end, addr) | 0 }, c, cores, where);
  const ok = end.value === EOC_STATUS.ok && outputs.wrong === 0;
  const message = ok
    ? `${what}: ${c.layer.pixels * c.layer.n} outputs bit-exact`
    : `${what}: EOC status ${describeStatus(end.value)}, ${outputs.wrong} wrong outputs${outputs.firstWrong >= 0 ? ` (first at index ${outputs.firstWrong}: ${outputs.out[outputs.firstWrong]}, expected ${c.layer.out[outputs.firstWrong]})` : ''}`;
  return { ...outputs, ok, status: end.value, kernelCycles: outputs.perfCycles, macs: c.macs, macPerCycle: c.macs / outputs.perfCycles, message };
}

export interface RtlRunOptions {
  /** Compare every retirement of every core with the golden cluster model (default false). */
  lockstep?: boolean;
  banking?: number;
  tcdmBytes?: number;
  l2Latency?: number;
  maxCycles?: number;
}

/** A cluster kernel run on the generated RTL cluster (Verilator), outputs checked from the final L2. */
export interface RtlClusterRun extends ClusterCheck {
  build: Build;
  cores: number;
  banks: number;
  elf: string;
  /** Whole-program cycles and the harness counters. */
  end: ClusterRunEnd;
  conflicts: number;
  stallCycles: number;
  /** Retirements compared with the golden model (0 without lockstep). */
  compared: number;
  buildSeconds: number;
  seconds: number;
}

export async function runClusterOnRtl(c: ClusterLayer, build: Build, cores: number, opts: RtlRunOptions = {}): Promise<RtlClusterRun> {
  if (cores > c.maxCores) throw new UserError(`${cores} cores requested, the layer was built for at most ${c.maxCores}`);
  const params = resolveClusterParams({ cores, banking: opts.banking, config: CONFIG_OF_BUILD[build], tcdmBytes: opts.tcdmBytes });
  const elf = await buildClusterLayer(c, build);
  const image = await readElfFile(elf);
  checkTcdmFits(tcdmBytesUsed(image, TCDM_BASE), params.tcdmBytes, elf);
  const r = await runClusterProgram({
    ...params, elf, lockstep: opts.lockstep ?? false, maxCycles: opts.maxCycles ?? 50_000_000, l2Latency: opts.l2Latency,
  });
  const end = r.end;
  const check = checkClusterRun(c, image, end, cores, elf);
  const sum = (xs: number[]) => xs.reduce((s, v) => s + v, 0);
  return {
    ...check, build, cores, banks: params.banks, elf, end,
    conflicts: r.conflicts,
    stallCycles: sum(end.tcdmStalls) + end.dma.stalls,
    compared: r.retirementsCompared,
    buildSeconds: r.build.buildSeconds,
    seconds: r.seconds,
  };
}

import { readElfFile } from '../../elf/read.ts';
import { Cluster } from '../../iss/cluster.ts';
import { DEFAULT_SIZES, TCDM_BASE, type MemorySizes } from '../../platform/memory-map.ts';
import { UserError } from '../../util/errors.ts';
import type { Build } from '../formats.ts';
import { CONFIG_OF_BUILD } from '../run.ts';
import { buildClusterKernel } from './build.ts';
import { clusterDataSource } from './c-data.ts';
import type { ClusterLayer } from './layer.ts';
import { describeStatus, EOC_STATUS, readClusterOutputs, tcdmBytesUsed, type ClusterOutputs } from './results.ts';

/** A cluster kernel run on the golden cluster model (instruction-accurate: one instruction per step). */
export interface GoldenClusterRun extends ClusterOutputs {
  build: Build;
  cores: number;
  elf: string;
  status: number;
  /** Instructions of the busiest core in the timed region: the ideal-memory cycle count. */
  maxInstr: number;
  macs: number;
  /** MACs per instruction of the busiest core (MAC/cycle at one instruction per cycle, no stalls). */
  macPerInstr: number;
  tcdmBytes: number;
  seconds: number;
}

/** Builds the ELF of a cluster layer for `maxCores` cores (default: `cores`). */
export function buildClusterLayer(c: ClusterLayer, build: Build): Promise<string> {
  return buildClusterKernel({ build, a: c.layer.a, w: c.layer.w, outBits: c.layer.outBits, lanes: c.lanes }, clusterDataSource(c, build));
}

/** Checks the ELF's TCDM footprint against the TCDM size it will run with. */
export function checkTcdmFits(used: number, tcdm: number, where: string): void {
  if (used > tcdm) throw new UserError(`the layer needs ${used} bytes of TCDM, the cluster has ${tcdm} (use the DMA variant, a smaller tile or a larger TCDM)`, where);
}

export async function runClusterOnGolden(c: ClusterLayer, build: Build, cores: number, sizes: Partial<MemorySizes> = {}, maxInstr = 5e8): Promise<GoldenClusterRun> {
  if (cores > c.maxCores) throw new UserError(`${cores} cores requested, the layer was built for at most ${c.maxCores}`);
  const elf = await buildClusterLayer(c, build);
  const image = await readElfFile(elf);
  const tcdm = { ...DEFAULT_SIZES, ...sizes }.tcdm;
  const tcdmBytes = tcdmBytesUsed(image, TCDM_BASE);
  checkTcdmFits(tcdmBytes, tcdm, elf);
  const cluster = new Cluster(CONFIG_OF_BUILD[build], cores, sizes);
  cluster.load(image, elf);
  const r = cluster.run(maxInstr);
  const mem = cluster.mem;
  if (r.reason !== 'eoc') {
    const pcs = cluster.harts.map((h) => `0x${(h.pc >>> 0).toString(16)}`).join(' ');
    const sleepers = r.reason === 'deadlock' ? `; ${cluster.describeSleepers().join('; ')}` : '';
    throw new UserError(`${c.kind} ${build} a${c.layer.a}w${c.layer.w} on ${cores} cores did not end with EOC: ${r.reason} (value 0x${(r.value >>> 0).toString(16)}, pcs ${pcs}${sleepers})`, elf);
  }
  const outputs = readClusterOutputs(image, mem, c, cores, elf);
  if (mem.haltValue !== EOC_STATUS.ok && outputs.wrong === 0) {
    throw new UserError(`EOC status ${describeStatus(mem.haltValue)} but the outputs match the reference`, elf);
  }
  const maxI = Math.max(...outputs.perfInstr);
  return { build, cores, elf, status: mem.haltValue, ...outputs, maxInstr: maxI, macs: c.macs, macPerInstr: c.macs / maxI, tcdmBytes, seconds: r.seconds };
}

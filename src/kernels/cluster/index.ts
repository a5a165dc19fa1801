/**
 * Public entry of the cluster QNN kernels: layers, the ELF build, runs on the golden cluster model and on the
 * RTL cluster, and the hook of `flexv sweep --kernel NAME`.
 */
import { readElfFile } from '../../elf/read.ts';
import type { ClusterRunEnd } from '../../cosim/cluster/run.ts';
import { checkBuild, checkBits, type Bits, type Build } from '../formats.ts';
import { catalogEntry, CLUSTER_KERNELS } from './catalog.ts';
import { buildClusterLayer } from './golden.ts';
import { makeClusterLayer, type ClusterLayer } from './layer.ts';
import { checkClusterRun, type ClusterCheck } from './rtl.ts';

export { BENCH_KERNELS, CLUSTER_KERNELS, DEFAULT_CLUSTER_KERNEL, DEFAULT_FORMATS, catalogEntry, type CatalogEntry } from './catalog.ts';
export { CLUSTER_KINDS, makeClusterLayer, type ClusterKind, type ClusterLayer, type ClusterLayerOptions, type KindShape } from './layer.ts';
export { buildClusterLayer, runClusterOnGolden, type GoldenClusterRun } from './golden.ts';
export { checkClusterRun, runClusterOnRtl, type ClusterCheck, type RtlClusterRun, type RtlRunOptions } from './rtl.ts';
export { EOC_STATUS } from './results.ts';
export { depthwisePlan, depthwiseWeightWords, depthwiseWidths, DEPTHWISE_LANES, DEPTHWISE_MAX_KERNEL, type DepthwiseLanes, type DepthwisePlan } from './depthwise-plan.ts';
export { checkDepthwiseShape, makeDepthwiseLayer, type DepthwiseShape } from './depthwise-layer.ts';

/** Names `flexv sweep --kernel` accepts. */
export function clusterKernelNames(): string[] {
  return Object.keys(CLUSTER_KERNELS);
}

export interface PrepareOptions {
  /** Cores the ELF will run on (the work split reads the core count at run time; this sizes the buffers). */
  cores: number;
  build: Build;
  a: Bits;
  w: Bits;
  /** Output format (default: `a`, the next layer's activation format). */
  out?: Bits;
  /** Seed of the random layer (default 1). */
  seed?: number;
}

export interface PreparedClusterKernel {
  elf: string;
  macs: number;
  layer: ClusterLayer;
  /** Verdict on a harness run of `elf` (runCluster with `keepL2: true`): bit-exactness and kernel cycles. */
  check(end: ClusterRunEnd): Promise<ClusterCheck>;
}

/**
 * Builds the named kernel for a format pair and a core count. The ELF ends with EOC status 1 when its
 * on-core checksum of the outputs matches; `check` also compares every output with the reference.
 */
export async function prepareClusterKernel(name: string, o: PrepareOptions): Promise<PreparedClusterKernel> {
  const entry = catalogEntry(name);
  const build = checkBuild(o.build);
  const a = checkBits(o.a, 'activation format'), w = checkBits(o.w, 'weight format'), outBits = checkBits(o.out ?? o.a, 'output format');
  const layer = makeClusterLayer({ ...entry.shape, a, w, outBits }, { dma: entry.dma, maxCores: o.cores }, o.seed ?? 1);
  const elf = await buildClusterLayer(layer, build);
  return {
    elf,
    macs: layer.macs,
    layer,
    check: async (end) => checkClusterRun(layer, await readElfFile(elf), end, o.cores, elf),
  };
}

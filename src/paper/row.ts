import type { Bits, Build } from '../kernels/formats.ts';

/** The two software stacks compared: the paper's own kernels (PULP-NN-mixed, unmodified) and flexv's. */
export const SOFTWARE = ['pulp-nn-mixed', 'flexv'] as const;
export type Software = (typeof SOFTWARE)[number];

/** Where a row was measured: RTL cycles (cluster cycle counter) or the golden cluster model's instructions. */
export type Timing = 'rtl' | 'golden';

/**
 * One run of the paper layer: a software stack's convolution for one (a, w) pair on one cluster build.
 * `cycles` is the timed region (barrier to barrier around the whole layer call: im2col, requantization,
 * load imbalance included) on the RTL, or the busiest core's instructions on the golden model.
 */
export interface PaperRow {
  software: Software;
  build: Build;
  a: Bits;
  w: Bits;
  /** Output precision (= a, unsigned: the next layer's input). */
  out: Bits;
  cores: number;
  /** The function run: a PULP-NN-mixed kernel name, or flexv's catalog kernel. */
  kernel: string;
  /** PULP-NN-mixed family (XpulpV2, XpulpNN, XpulpNN-mixed), or 'flexv'. */
  family: string;
  layer: string;
  macs: number;
  cycles: number;
  mac_per_cycle: number;
  timing: Timing;
  /** RTL only: TCDM accesses refused at least once and their stall cycles (all cores and the DMA, whole program). */
  conflicts?: number;
  stall_cycles?: number;
  bit_exact: boolean;
  /** Why not bit-exact (or what the check saw). */
  note: string;
}

export const pairName = (r: { a: number; w: number }) => `a${r.a}w${r.w}`;
export const rowKey = (r: Pick<PaperRow, 'software' | 'build' | 'a' | 'w' | 'cores' | 'layer' | 'timing'>) =>
  `${r.layer}|${r.timing}|${r.software}|${r.build}|${pairName(r)}|${r.cores}`;

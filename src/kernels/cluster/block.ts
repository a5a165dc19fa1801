import type { Bits, Build } from '../formats.ts';
import { hasBlock4 } from '../schedule.ts';
import type { ClusterLayer } from './layer.ts';

/**
 * Whether a cluster kernel computes convolution and pointwise pixels four at a time (the flexv build's
 * 4 x 4 Mac&Load block, sw/kernels/fused-quad.h; status-based addressing frees the pointer registers for
 * 16 accumulators) rather than in pairs (4 x 2). Passed to gcc as CLUSTER_QUAD; sizes the im2col buffer.
 */
export function clusterQuad(build: Build, a: Bits, w: Bits): boolean {
  return build === 'flexv' && hasBlock4(a, w);
}

/** Im2col rows one call of the conv pipeline fills (per core). */
export const pixelsPerCall = (build: Build, a: Bits, w: Bits): number => (clusterQuad(build, a, w) ? 4 : 2);

/**
 * Whether a compute-only convolution reads its input in place from a zero-padded copy (`xpad` of the data
 * unit, sw/cluster/layer_run.c) instead of building im2col rows: 4 x 4 blocks, and every kernel row of a
 * window a whole number of groups (words of the narrower operand, the weights), at least 2 (the loop runs
 * groups - 1 iterations and a cut last group). The padded copy replaces im2col: about one copy of the
 * input per layer instead of kh · kw copies.
 */
export function directQuads(c: ClusterLayer, build: Build): boolean {
  if (c.kind !== 'conv' || c.dma) return false;
  const l = c.layer, g = l.conv!;
  if (!clusterQuad(build, l.a, l.w)) return false;
  const segBits = g.kw * g.cin * l.w;
  return segBits % 32 === 0 && segBits / 32 >= 2;
}

/**
 * Words per row of the zero-padded input: the padded width's words, made odd. The cores start on output
 * rows `r` apart (r = rows per core, usually a power of two), so their activation streams run `r` padded
 * rows apart; with an odd pitch those distances fall on different TCDM banks (word-interleaved banks, a
 * power of two of them) instead of all on one (conv3x3-long: 72 words a row, 8 cores 144 words = 0 mod 16
 * apart, every activation load of every core on the same bank).
 */
export function paddedRowWords(c: ClusterLayer): number {
  const g = c.layer.conv!;
  const words = (g.width + 2 * g.pad) * ((g.cin * c.layer.a) / 32);
  return words | 1;
}

/** Words of the zero-padded input of a direct convolution (0 otherwise). */
export function paddedInputWords(c: ClusterLayer, build: Build): number {
  if (!directQuads(c, build)) return 0;
  const g = c.layer.conv!;
  return (g.height + 2 * g.pad) * paddedRowWords(c);
}

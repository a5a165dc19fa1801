import { CHANNEL_BLOCK } from '../layer.ts';
import type { ClusterLayer } from './layer.ts';

/**
 * The weight layout the cluster convolution, pointwise and fully connected kernels read
 * (sw/kernels/fused-pixels.h): blocks of CHANNEL_BLOCK output channels, each block interleaved by word,
 * `w[o / 4][kword][o % 4]`. The Mac&Load loop bodies reload W0..W3 in that order (src/kernels/schedule.ts
 * checks it), so one pointer post-increments through a whole block, and the reloads of a block's last group
 * fetch the next block's first words. The register-form builds read the same layout (four consecutive
 * loads), so every build runs the same algorithm on the same data. Depthwise layers keep their own layout.
 */
export function interleaveWeightBlocks(plain: Uint32Array, n: number, rowWords: number): Uint32Array {
  if (n % CHANNEL_BLOCK) throw new Error(`interleaveWeightBlocks: ${n} channels is not a multiple of ${CHANNEL_BLOCK}`);
  if (plain.length < n * rowWords) throw new Error(`interleaveWeightBlocks: ${plain.length} words hold fewer than ${n} rows of ${rowWords}`);
  const out = plain.slice();
  for (let o = 0; o < n; o++) {
    const block = Math.floor(o / CHANNEL_BLOCK) * CHANNEL_BLOCK * rowWords, lane = o % CHANNEL_BLOCK;
    for (let i = 0; i < rowWords; i++) out[block + i * CHANNEL_BLOCK + lane] = plain[o * rowWords + i];
  }
  return out;
}

/** The weight words of a cluster layer as its kernel reads them, from the plain packed `[channel][kword]` words. */
export function clusterWeightWords(c: ClusterLayer, packed: Uint32Array): Uint32Array {
  if (c.kind === 'depthwise') return packed;
  const l = c.layer;
  return interleaveWeightBlocks(packed, l.n, (l.k * l.w) / 32);
}

/**
 * Packed sub-byte tensors and the packed convolution's constants. A tensor narrowed by `--bits` to 4 or 2
 * bits is stored packed at that width (HWC, element i of a word at bits i · b .. i · b + b − 1, lane 0 the
 * least significant: the cluster kernels' layout, sw/kernels/linear.h) when its producer and every consumer
 * run a kernel that reads and writes packed words (lower.ts decides). A convolution or fully connected layer
 * whose input, weights or output is narrower than 8 bits runs the build's `linear_requant_pixels` compiled for
 * its formats (activations A, weights W, output OUT bits: build.ts compiles one object per format triple,
 * symbols renamed by variantSymbol), on packed im2col rows, packed column buffers or its input in place.
 */
import { CHANNEL_BLOCK } from '../kernels/layer.ts';
import type { Config } from '../isa/index.ts';
import { clusterQuad } from '../kernels/cluster/block.ts';
import { interleaveWeightBlocks } from '../kernels/cluster/weight-layout.ts';
import type { Width } from './bits.ts';

export interface Formats {
  a: Width;
  w: Width;
  out: Width;
}

/** The renamed entry point of the build's pipeline compiled for a format triple (build.ts, codegen.ts). */
export const variantSymbol = (f: Formats, entry: 'pixels' | 'quad') => `dp_rq_${entry}_a${f.a}w${f.w}o${f.out}`;

/** Elements of a row must fill whole groups (a word of the narrower operand) of the Mac&Load / register loops. */
export const rowUnit = (a: Width, w: Width) => 32 / Math.min(a, w);

/** Packs `values` (each in [−2^(b−1), 2^b − 1]: two's complement kept to b bits) into words of b-bit lanes. */
export function packWords(values: ArrayLike<number>, bits: number): Uint32Array {
  const per = 32 / bits, mask = 2 ** bits - 1;
  const out = new Uint32Array(Math.ceil(values.length / per));
  for (let i = 0; i < values.length; i++) out[Math.floor(i / per)]! |= ((values[i]! & mask) << ((i % per) * bits)) >>> 0;
  return out;
}

/** The element `i` (unsigned) of a packed tensor read back as words. */
export function unpackElement(word: number, i: number, bits: number): number {
  const per = 32 / bits;
  return (word >>> ((i % per) * bits)) & (2 ** bits - 1);
}

/** How a packed convolution reads its activation rows (deploy/packed.h DP_ROWS, DP_COLS, DP_DIRECT). */
export type PackedMode = 'rows' | 'cols' | 'direct';
export const PACKED_MODE: Record<PackedMode, number> = { rows: 0, cols: 1, direct: 2 };

export interface PackedConv extends Formats {
  /** activation row elements (kh · kw · cin rounded up to whole groups, zero tail) */
  kpad: number;
  mode: PackedMode;
  /** per channel: packed W-bit rows of kpad elements, interleaved by 4-channel blocks (+ 4 zero words) */
  weights: Uint32Array;
  kappa: number[];
  lambda: number[];
  shift: number;
}

/** Words of one packed W-bit weight row. */
export const weightRowWords = (p: PackedConv) => (p.kpad * p.w) / 32;

/** Whether the build runs a packed layer's pixels four at a time (flexv's 4 × 4 block, block.ts clusterQuad; at least 2 groups a row). */
export function usesQuad(p: PackedConv, config: Config): boolean {
  return clusterQuad(config, p.a, p.w) && weightRowWords(p) >= 2;
}

/**
 * Pixels per work unit of a packed convolution (sw/deploy/packed.c dp_pconv_run): 4 with the 4 × 4 block when
 * every core gets at least one such unit of the tile's `pixels`, else 2.
 */
export const pixelUnit = (quad: boolean, pixels: number, cores: number) => (quad && pixels >= 4 * cores ? 4 : 2);

/**
 * The packed layer's weight words: `weights` [cout][kpad] (already in the mode's order) packed at W bits per
 * row, then the interleaved block layout (src/kernels/cluster/weight-layout.ts) and 4 zero words (the loops'
 * prefetch reads past the last block).
 */
export function packedWeightWords(weights: Int8Array, cout: number, kpad: number, w: Width): Uint32Array {
  if (cout % CHANNEL_BLOCK) throw new Error(`internal: ${cout} channels is not a multiple of ${CHANNEL_BLOCK}`);
  const rowWords = (kpad * w) / 32;
  const plain = new Uint32Array(cout * rowWords);
  for (let o = 0; o < cout; o++) plain.set(packWords(weights.subarray(o * kpad, (o + 1) * kpad), w), o * rowWords);
  const out = new Uint32Array(cout * rowWords + 4);
  out.set(interleaveWeightBlocks(plain, cout, rowWords));
  return out;
}

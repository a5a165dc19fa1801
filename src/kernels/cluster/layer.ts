import { UserError } from '../../util/errors.ts';
import type { Bits } from '../formats.ts';
import { makeConvLayer, makeLayer, type Layer } from '../layer.ts';
import { outputSize, type ConvGeometry } from '../ref/conv.ts';
import { makeDepthwiseLayer } from './depthwise-layer.ts';
import type { DepthwiseLanes } from './depthwise-plan.ts';

/**
 * The layers the cluster kernels run, on top of the single-core layer generator (src/kernels/layer.ts, whose
 * references they reuse): a convolution (im2col), a pointwise convolution (1x1, stride 1: the input pixels
 * are the activation rows), a fully connected layer (one activation vector), a depthwise convolution
 * (sw/cluster/depthwise.c; n = channels, k = kh * kw taps). Each runs compute-only
 * (tensors pre-placed in the TCDM) or with DMA (tensors in L2, tiles double-buffered into the TCDM).
 */
export type ClusterKind = 'conv' | 'pointwise' | 'fc' | 'depthwise';
export const CLUSTER_KINDS: readonly ClusterKind[] = ['conv', 'pointwise', 'fc', 'depthwise'];

export interface Formats {
  a: Bits;
  w: Bits;
  outBits: Bits;
}

export type KindShape =
  | { kind: 'conv'; height: number; width: number; cin: number; cout: number; kh: number; kw: number; stride: number; pad: number }
  | { kind: 'pointwise'; height: number; width: number; cin: number; cout: number }
  | { kind: 'fc'; n: number; k: number }
  | { kind: 'depthwise'; height: number; width: number; channels: number; kh: number; kw: number; stride: number; pad: number };

export interface ClusterLayerOptions {
  /** Tensors in L2 and tiles moved by the DMA (default false: compute-only). */
  dma?: boolean;
  /** Cores the ELF is built for (the work split adapts to the core count at run time, up to this). */
  maxCores: number;
  /** DMA tile: output rows (conv, pointwise, depthwise) or output channels (fc); default chosen from maxCores. */
  tile?: number;
  /** Depthwise column stream (depthwise-plan.ts): 'fastest' (default) or the build's 'native' lanes. */
  lanes?: DepthwiseLanes;
}

export interface ClusterLayer {
  kind: ClusterKind;
  layer: Layer;
  dma: boolean;
  maxCores: number;
  tile: number;
  lanes: DepthwiseLanes;
  /** Multiply-accumulates of the layer (zero-padding taps included, as im2col computes them; depthwise:
   *  pixels * channels * kh * kw). */
  macs: number;
}

/** Output channels a core is handed at a time in a fully connected layer (whole packed output words). */
export const fcUnit = (outBits: Bits) => Math.max(4, 32 / outBits);

export function makeClusterLayer(shape: KindShape & Formats, opts: ClusterLayerOptions, seed: number): ClusterLayer {
  const { a, w, outBits } = shape;
  if (!Number.isInteger(opts.maxCores) || opts.maxCores < 1 || opts.maxCores > 32) throw new UserError(`cores = ${opts.maxCores} must be an integer in 1..32`);
  let layer: Layer;
  if (shape.kind === 'depthwise') {
    layer = makeDepthwiseLayer({ ...shape, a, w, outBits }, seed);
  } else if (shape.kind === 'fc') {
    layer = makeLayer({ a, w, outBits, n: shape.n, k: shape.k, pixels: 1 }, seed);
  } else {
    const g: ConvGeometry = shape.kind === 'conv' ? { ...pick(shape) } : { height: shape.height, width: shape.width, cin: shape.cin, cout: shape.cout, kh: 1, kw: 1, stride: 1, pad: 0 };
    layer = makeConvLayer({ a, w, outBits, ...g }, seed);
  }
  const tile = opts.tile ?? defaultTile(shape.kind, layer, opts.maxCores);
  if (!Number.isInteger(tile) || tile < 1) throw new UserError(`DMA tile = ${tile} must be a positive integer`);
  if (shape.kind === 'fc' && tile % fcUnit(outBits)) throw new UserError(`fc DMA tile = ${tile} channels must be a multiple of ${fcUnit(outBits)} (whole output words per core)`);
  return { kind: shape.kind, layer, dma: opts.dma ?? false, maxCores: opts.maxCores, tile, lanes: opts.lanes ?? 'fastest', macs: layer.pixels * layer.n * layer.k };
}

function pick(s: Extract<KindShape, { kind: 'conv' }>): ConvGeometry {
  return { height: s.height, width: s.width, cin: s.cin, cout: s.cout, kh: s.kh, kw: s.kw, stride: s.stride, pad: s.pad };
}

/**
 * Default DMA tile: conv/pointwise, the fewest output rows giving every core 4 pixel pairs per tile;
 * depthwise, a quarter of the rows, at least two per chunk of a core; fc, a quarter of the channels (at least one unit per core), in whole units.
 */
function defaultTile(kind: ClusterKind, l: Layer, cores: number): number {
  const { oh, ow } = outputSize(l.conv ?? { height: 1, width: 1, cin: 1, cout: 1, kh: 1, kw: 1, stride: 1, pad: 0 });
  if (kind === 'depthwise') {
    // Units are (block of channels filling whole output words, chunk of rows); a core slides down the rows
    // of its chunk, so tiles of a quarter of the rows, and at least two rows per chunk when the blocks are
    // too few to keep every core busy.
    const blocks = (l.n * l.outBits) / 32, chunks = Math.ceil((2 * cores) / blocks);
    return Math.min(oh, Math.max(Math.ceil(oh / 4), 2 * chunks));
  }
  if (kind === 'fc') {
    const unit = fcUnit(l.outBits);
    const want = Math.max(unit * cores, Math.ceil(l.n / 4 / unit) * unit);
    return Math.min(Math.ceil(l.n / unit) * unit, want);
  }
  return Math.min(oh, Math.max(1, Math.ceil((8 * cores) / ow)));
}

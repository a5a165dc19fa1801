import { Rng } from '../randprog/rng.ts';
import { UserError } from '../util/errors.ts';
import { ACT_SIGNED, checkBits, range, WEIGHT_SIGNED, type Bits } from './formats.ts';
import { conv2d, outputSize, type ConvGeometry } from './ref/conv.ts';
import { matmul } from './ref/linear.ts';
import { pack } from './ref/pack.ts';
import { chooseRequant, requantize, type Requant } from './ref/requant.ts';

/**
 * A linear layer instance: `pixels` activation vectors of `k` elements (`a` bits, unsigned) against `n`
 * output channels of `k` weights (`w` bits, signed), requantized to `outBits`. pixels = 1 is the
 * matrix-vector (fully-connected) case.
 */
export interface LayerShape {
  a: Bits;
  w: Bits;
  outBits: Bits;
  n: number;
  k: number;
  pixels: number;
}

export interface Layer extends LayerShape {
  /** Set for a convolution: x is then the [height][width][cin] input and (pixels, k) its im2col view. */
  conv?: ConvGeometry;
  /** Activations [pixel][k] and weights [channel][k], one value per element. */
  x: Int32Array;
  weights: Int32Array;
  requant: Requant;
  /** Reference results: accumulators and requantized outputs, [pixel][channel]. */
  acc: Int32Array;
  out: Int32Array;
}

/**
 * Granularity of the kernels: blocks of 4 output channels (x 2 pixels, a last odd pixel alone), and a
 * reduction of whole 32-bit words in every format with whole groups of 4 2-bit sub-groups.
 */
export const CHANNEL_BLOCK = 4;
export const K_MULTIPLE = 32;
/** PULP-NN style fixed shift of the requantization. */
export const REQUANT_SHIFT = 16;

export function checkShape(s: LayerShape): void {
  checkBits(s.a, 'activation format');
  checkBits(s.w, 'weight format');
  checkBits(s.outBits, 'output format');
  const bad = (m: string) => { throw new UserError(`layer ${s.n}x${s.k}x${s.pixels}: ${m}`); };
  if (!Number.isInteger(s.n) || s.n < CHANNEL_BLOCK || s.n % CHANNEL_BLOCK) bad(`output channels n = ${s.n} must be a positive multiple of ${CHANNEL_BLOCK}`);
  if (!Number.isInteger(s.k) || s.k < K_MULTIPLE || s.k % K_MULTIPLE) bad(`reduction k = ${s.k} must be a positive multiple of ${K_MULTIPLE}`);
  if (!Number.isInteger(s.pixels) || s.pixels < 1) bad(`pixels = ${s.pixels} must be a positive integer`);
  // Output rows must fill whole words so each pixel's packed outputs start on a word.
  if ((s.n * s.outBits) % 32) bad(`n * outBits = ${s.n * s.outBits} must be a multiple of 32`);
}

function randomValues(rng: Rng, count: number, bits: number, signed: boolean): Int32Array {
  const { min, max } = range(bits, signed);
  return Int32Array.from({ length: count }, () => rng.int(min, max));
}

/** A seeded random layer with its reference results. */
export function makeLayer(shape: LayerShape, seed: number): Layer {
  checkShape(shape);
  const rng = new Rng(seed);
  const x = randomValues(rng, shape.pixels * shape.k, shape.a, ACT_SIGNED);
  const weights = randomValues(rng, shape.n * shape.k, shape.w, WEIGHT_SIGNED);
  const acc = matmul(x, weights, shape.pixels, shape.n, shape.k);
  const requant = chooseRequant(rng, acc, shape.n, shape.outBits, REQUANT_SHIFT);
  return { ...shape, x, weights, requant, acc, out: requantize(acc, shape.n, requant) };
}

export interface ConvShape extends ConvGeometry {
  a: Bits;
  w: Bits;
  outBits: Bits;
}

/**
 * A seeded random HWC convolution (zero padding), run by the kernels as im2col + the linear kernel: the
 * im2col row of an output pixel is [kh][kw][cin], so cin * a must fill whole words and kh * kw * cin is k.
 */
export function makeConvLayer(shape: ConvShape, seed: number): Layer {
  const { a, w, outBits, ...g } = shape;
  const bad = (m: string) => { throw new UserError(`convolution ${g.height}x${g.width}x${g.cin} -> ${g.cout}, ${g.kh}x${g.kw}: ${m}`); };
  for (const [name, v] of Object.entries(g)) if (!Number.isInteger(v) || v < (name === 'pad' ? 0 : 1)) bad(`${name} = ${v} is not a valid size`);
  if ((g.cin * a) % 32) bad(`cin * a = ${g.cin * a} must be a multiple of 32 (whole words per pixel)`);
  if ((g.kh * g.kw * g.cin) % K_MULTIPLE) bad(`kh * kw * cin = ${g.kh * g.kw * g.cin} (the im2col row) must be a multiple of ${K_MULTIPLE}`);
  const { oh, ow } = outputSize(g);
  if (oh < 1 || ow < 1) bad('the kernel is larger than the padded input');
  const flat: LayerShape = { a, w, outBits, n: g.cout, k: g.kh * g.kw * g.cin, pixels: oh * ow };
  checkShape(flat);
  const rng = new Rng(seed);
  const x = randomValues(rng, g.height * g.width * g.cin, a, ACT_SIGNED);
  const weights = randomValues(rng, flat.n * flat.k, w, WEIGHT_SIGNED);
  const acc = conv2d(x, weights, g);
  const requant = chooseRequant(rng, acc, flat.n, outBits, REQUANT_SHIFT);
  return { ...flat, conv: { ...g }, x, weights, requant, acc, out: requantize(acc, flat.n, requant) };
}

/** The packed words the kernel reads: activations [pixel][k], weights [channel][k], each row word-aligned. */
export function packedInputs(l: Layer): { x: Uint32Array; weights: Uint32Array } {
  return { x: pack(l.x, l.a), weights: pack(l.weights, l.w) };
}

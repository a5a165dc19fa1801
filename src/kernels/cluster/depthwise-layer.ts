import { Rng } from '../../randprog/rng.ts';
import { UserError } from '../../util/errors.ts';
import { ACT_SIGNED, checkBits, range, WEIGHT_SIGNED, type Bits } from '../formats.ts';
import { REQUANT_SHIFT, type Layer } from '../layer.ts';
import { depthwise, outputSize, type ConvGeometry } from '../ref/conv.ts';
import { chooseRequant, requantize } from '../ref/requant.ts';
import { DEPTHWISE_MAX_KERNEL } from './depthwise-plan.ts';

/**
 * A seeded random depthwise convolution with its reference results, as a `Layer` the cluster kernels' host
 * side shares with the other kinds: x is the [height][width][channels] input, weights the reference layout
 * [kh][kw][channels] (the kernel's own layout is made from it, depthwise-plan.ts), n = channels,
 * k = kh * kw taps, pixels = output pixels, outputs [pixel][channel].
 */
export interface DepthwiseShape {
  height: number;
  width: number;
  channels: number;
  kh: number;
  kw: number;
  stride: number;
  pad: number;
  a: Bits;
  w: Bits;
  outBits: Bits;
}

export function checkDepthwiseShape(s: DepthwiseShape): ConvGeometry {
  checkBits(s.a, 'activation format');
  checkBits(s.w, 'weight format');
  checkBits(s.outBits, 'output format');
  const what = `depthwise ${s.height}x${s.width}x${s.channels}, ${s.kh}x${s.kw}`;
  const bad = (m: string) => { throw new UserError(`${what}: ${m}`); };
  for (const name of ['height', 'width', 'channels', 'kh', 'kw', 'stride', 'pad'] as const) {
    const v = s[name];
    if (!Number.isInteger(v) || v < (name === 'pad' ? 0 : 1)) bad(`${name} = ${v} must be ${name === 'pad' ? 'a non-negative' : 'a positive'} integer`);
  }
  if (s.kh > DEPTHWISE_MAX_KERNEL) bad(`kh = ${s.kh}: at most ${DEPTHWISE_MAX_KERNEL} kernel rows (one column of the stream is ${DEPTHWISE_MAX_KERNEL} lanes)`);
  if (s.kw > DEPTHWISE_MAX_KERNEL) bad(`kw = ${s.kw}: at most ${DEPTHWISE_MAX_KERNEL} kernel columns`);
  if ((s.channels * s.a) % 32) bad(`channels * a = ${s.channels * s.a} must be a multiple of 32 (whole words per input pixel)`);
  if ((s.channels * s.outBits) % 32) bad(`channels * outBits = ${s.channels * s.outBits} must be a multiple of 32 (whole words per output pixel)`);
  const g: ConvGeometry = { height: s.height, width: s.width, cin: s.channels, cout: s.channels, kh: s.kh, kw: s.kw, stride: s.stride, pad: s.pad };
  const { oh, ow } = outputSize(g);
  if (oh < 1 || ow < 1) bad('the kernel is larger than the padded input');
  return g;
}

const randomValues = (rng: Rng, count: number, bits: number, signed: boolean) => {
  const { min, max } = range(bits, signed);
  return Int32Array.from({ length: count }, () => rng.int(min, max));
};

export function makeDepthwiseLayer(s: DepthwiseShape, seed: number): Layer {
  const g = checkDepthwiseShape(s);
  const { oh, ow } = outputSize(g);
  const rng = new Rng(seed);
  const x = randomValues(rng, g.height * g.width * g.cin, s.a, ACT_SIGNED);
  const weights = randomValues(rng, g.kh * g.kw * g.cin, s.w, WEIGHT_SIGNED);
  const acc = depthwise(x, weights, g);
  const requant = chooseRequant(rng, acc, g.cin, s.outBits, REQUANT_SHIFT);
  return {
    a: s.a, w: s.w, outBits: s.outBits, n: g.cin, k: g.kh * g.kw, pixels: oh * ow, conv: g,
    x, weights, requant, acc, out: requantize(acc, g.cin, requant),
  };
}

import { conv2d, outputSize, type ConvGeometry } from '../../kernels/ref/conv.ts';
import type { Rng } from '../../randprog/rng.ts';
import type { Fmt, KernelEntry } from '../catalog.ts';
import { int32Bytes, NoDriver, packBytes, randomTensor, requantCalls, type Call, type Case } from '../case.ts';

/**
 * Convolutions (conv, conv 4x4, pointwise, conv1d) and the matrix multiplications they call. Layouts as in
 * PULP-NN: activations HWC, weights [cout][ky][kx][cin], outputs HWC, sub-byte elements packed with lane 0
 * in the lowest bits; bias one int32 per output channel. The reference computes the convolution directly
 * (not through im2col, so the kernels' im2col is checked too), adds the bias and requantizes.
 */

/** acc[oy][ox][co] = bias[co] + sum x[iy][ix][ci] * w[co][ky][kx][ci]: the kernels' own conv reference plus the bias. */
export function convAcc(x: Int32Array, wt: Int32Array, bias: Int32Array, g: ConvGeometry): Int32Array {
  const acc = conv2d(x, wt, g);
  for (let i = 0; i < acc.length; i++) acc[i] = (acc[i] + bias[i % g.cout]) | 0;
  return acc;
}

/** Formats of a conv-like kernel name: `<in>_<out>_<wt>`. */
function convFmts(k: KernelEntry): { fin: Fmt; fout: Fmt; fwt: Fmt } {
  if (k.fmts.length !== 3) throw new NoDriver(`${k.name}: expected 3 precisions in the name`);
  return { fin: k.fmts[0], fout: k.fmts[1], fwt: k.fmts[2] };
}

function layerCase(k: KernelEntry, cores: number, rng: Rng, g: ConvGeometry, oneD: boolean): Case {
  const { fin, fout, fwt } = convFmts(k);
  const x = randomTensor(rng, fin, g.height * g.width * g.cin);
  const wt = randomTensor(rng, fwt, g.cout * g.kh * g.kw * g.cin);
  const bias = Int32Array.from({ length: g.cout }, () => rng.int(-64, 64));
  const accOf = (withBias: boolean) => convAcc(x, wt, withBias ? bias : new Int32Array(g.cout), g);
  const { oh, ow } = outputSize(g);
  const macs = oh * ow * g.cout * g.kh * g.kw * g.cin;
  // im2col: up to 4 columns per core, 8-bit elements (the widest any kernel expands to).
  const im2col = 4 * cores * g.cin * g.kh * g.kw + 64;
  const common = [
    { name: 'x', bytes: packBytes(x, fin.bits) },
    { name: 'w', bytes: packBytes(wt, fwt.bits) },
    { name: 'bias', bytes: int32Bytes(bias) },
    { name: 'im2col', bytes: new Uint8Array(im2col), scratch: true },
  ];
  const args: Call['args'] = {
    pIn: { buffer: 'x' }, pIm2ColBuffer: { buffer: 'im2col' }, pBias: { buffer: 'bias' }, pWeight: { buffer: 'w' },
    dim_in_x: g.width, dim_in_y: g.height, ch_in: g.cin, dim_out_x: ow, dim_out_y: oh, ch_out: g.cout,
    dim_kernel_x: g.kw, dim_kernel_y: g.kh,
    padding_y_top: g.pad, padding_y_bottom: g.pad, padding_x_left: g.pad, padding_x_right: g.pad,
    stride_x: g.stride, stride_y: g.stride, dilation_x: 1,
  };
  if (oneD) for (const p of ['dim_in_y', 'dim_out_y', 'dim_kernel_y', 'padding_y_top', 'padding_y_bottom', 'stride_y']) delete args[p];
  return { parallel: true, calls: requantCalls(rng, fout, g.cout, macs, accOf, common, args) };
}

/** 3x3 convolution, 8x8 pixels, 32 -> 16 channels, padding 1 (border windows and the inner fast path). */
export const CONV_SHAPE: ConvGeometry = { height: 8, width: 8, cin: 32, cout: 16, kh: 3, kw: 3, stride: 1, pad: 1 };
export const POINTWISE_SHAPE: ConvGeometry = { height: 8, width: 8, cin: 32, cout: 16, kh: 1, kw: 1, stride: 1, pad: 0 };
export const CONV1D_SHAPE: ConvGeometry = { height: 1, width: 16, cin: 32, cout: 16, kh: 1, kw: 3, stride: 1, pad: 1, padY: 0 };

export const convCase = (k: KernelEntry, cores: number, rng: Rng) => layerCase(k, cores, rng, CONV_SHAPE, false);
export const pointwiseCase = (k: KernelEntry, cores: number, rng: Rng) => layerCase(k, cores, rng, POINTWISE_SHAPE, false);
export const conv1dCase = (k: KernelEntry, cores: number, rng: Rng) => layerCase(k, cores, rng, CONV1D_SHAPE, true);
/** A conv kernel's case on another 2-D shape (src/paper: the benchmark layer). */
export const convCaseOf = (shape: ConvGeometry) => (k: KernelEntry, cores: number, rng: Rng) => layerCase(k, cores, rng, shape, false);

/**
 * The matrix multiplication alone: 2 (or 4, for `4x4`) im2col columns of K elements against cout weight
 * rows, one output pixel per column. The column's element width is the kernel's: 8-bit in XpulpV2 (the
 * im2col widens), otherwise read from the source (`num_col_im2col_a = PACK_INT<n>_SIZE(...)`).
 */
export function matmulCase(k: KernelEntry, _cores: number, rng: Rng, source: string): Case {
  const { fin, fout, fwt } = convFmts(k);
  const m = /num_col_im2col_a\s*=\s*PACK_INT(\d+)_SIZE/.exec(source);
  const colBits = k.family === 'XpulpV2' ? 8 : m ? Number(m[1]) : undefined;
  if (colBits === undefined) throw new NoDriver(`${k.name}: cannot tell the im2col element width from the source`);
  const colFmt: Fmt = { signed: fin.signed, bits: colBits };
  const pixels = k.tile === '4x4' ? 4 : 2;
  const K = 64, cout = 16;
  const x = randomTensor(rng, fin, pixels * K);
  const wt = randomTensor(rng, fwt, cout * K);
  const bias = Int32Array.from({ length: cout }, () => rng.int(-64, 64));
  const accOf = (withBias: boolean) => convAcc(x, wt, withBias ? bias : new Int32Array(cout), { height: 1, width: pixels, cin: K, cout, kh: 1, kw: 1, stride: 1, pad: 0 });
  const outBytes = (cout * fout.bits) / 8;
  const common = [
    { name: 'x', bytes: packBytes(x, colFmt.bits) },
    { name: 'w', bytes: packBytes(wt, fwt.bits) },
    { name: 'bias', bytes: int32Bytes(bias) },
  ];
  const args: Call['args'] = { pIn: { buffer: 'x' }, pBias: { buffer: 'bias' }, pWeight: { buffer: 'w' }, num_col_im2col: K, ch_out: cout };
  const outs: Call['args'] = { pOut: { buffer: 'y' }, pOut2: { buffer: 'y', offset: outBytes } };
  if (pixels === 4) Object.assign(outs, { pOut3: { buffer: 'y', offset: 2 * outBytes }, pOut4: { buffer: 'y', offset: 3 * outBytes } });
  return { parallel: false, calls: requantCalls(rng, fout, cout, pixels * K * cout, accOf, common, args, () => outs) };
}

import type { Rng } from '../../randprog/rng.ts';
import type { Fmt, KernelEntry } from '../catalog.ts';
import { NoDriver, packBytes, randomTensor, requantCalls, type Call, type Case } from '../case.ts';

/**
 * Depthwise convolution (`depthwise_<in>_<out>_<wt>`): channel c of the output uses only channel c of the
 * input. Layouts as the PULP-NN depthwise kernels address them: the input is channel-group major,
 * [C / e][H][W] bytes where each byte packs e = 8 / bits consecutive channels (lane 0 lowest); the weights
 * likewise [C / e][KH][KW]; the output is HWC, packed like every other output. The bias is one int8 per
 * channel (`pBias[i_ch]`), unlike the other kernels' int32.
 */
export const DEPTHWISE_SHAPE = { h: 8, w: 8, c: 32, k: 3, stride: 1, pad: 1 };

/** [C][H][W] values (channel-major) -> channel-group-major bytes. */
function groupMajor(v: Int32Array, f: Fmt, c: number, plane: number): Uint8Array {
  const e = 8 / f.bits;
  const order = new Int32Array(v.length);
  let n = 0;
  for (let g = 0; g < c / e; g++) for (let p = 0; p < plane; p++) for (let j = 0; j < e; j++) order[n++] = v[(g * e + j) * plane + p];
  return packBytes(order, f.bits);
}

export function depthwiseCase(k: KernelEntry, cores: number, rng: Rng): Case {
  if (k.fmts.length !== 3) throw new NoDriver(`${k.name}: expected 3 precisions in the name`);
  const [fin, fout, fwt] = k.fmts;
  const { h, w, c, k: kk, stride, pad } = DEPTHWISE_SHAPE;
  const oh = Math.floor((h + 2 * pad - kk) / stride) + 1, ow = Math.floor((w + 2 * pad - kk) / stride) + 1;
  const x = randomTensor(rng, fin, c * h * w); // [c][y][x]
  const wt = randomTensor(rng, fwt, c * kk * kk); // [c][ky][kx]
  const bias = Int32Array.from({ length: c }, () => rng.int(-64, 64));
  const accOf = (withBias: boolean) => {
    const acc = new Int32Array(oh * ow * c);
    for (let oy = 0; oy < oh; oy++) for (let ox = 0; ox < ow; ox++) for (let ch = 0; ch < c; ch++) {
      let s = withBias ? bias[ch] : 0;
      for (let ky = 0; ky < kk; ky++) for (let kx = 0; kx < kk; kx++) {
        const iy = oy * stride - pad + ky, ix = ox * stride - pad + kx;
        if (iy >= 0 && iy < h && ix >= 0 && ix < w) s = (s + Math.imul(x[(ch * h + iy) * w + ix], wt[(ch * kk + ky) * kk + kx])) | 0;
      }
      acc[(oy * ow + ox) * c + ch] = s;
    }
    return acc;
  };
  const im2col = 8 * cores * (kk * (h + 2 * pad) + kk) + 64;
  const common = [
    { name: 'x', bytes: groupMajor(x, fin, c, h * w) },
    { name: 'w', bytes: groupMajor(wt, fwt, c, kk * kk) },
    { name: 'bias', bytes: packBytes(bias, 8) },
    { name: 'im2col', bytes: new Uint8Array(im2col), scratch: true },
    { name: 'wtbuf', bytes: new Uint8Array(16 * cores * kk * kk + 64), scratch: true },
  ];
  const args: Call['args'] = {
    pIn: { buffer: 'x' }, pIm2ColBuffer: { buffer: 'im2col' }, pBias: { buffer: 'bias' }, pWeight: { buffer: 'w' }, pWtBuffer: { buffer: 'wtbuf' },
    dim_in_x: w, dim_in_y: h, ch_in: c, dim_out_x: ow, dim_out_y: oh, ch_out: c, dim_kernel_x: kk, dim_kernel_y: kk,
    padding_y_top: pad, padding_y_bottom: pad, padding_x_left: pad, padding_x_right: pad, stride_x: stride, stride_y: stride,
  };
  return { parallel: true, calls: requantCalls(rng, fout, c, oh * ow * c * kk * kk, accOf, common, args) };
}

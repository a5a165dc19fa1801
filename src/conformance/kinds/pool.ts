import type { Rng } from '../../randprog/rng.ts';
import type { KernelEntry } from '../catalog.ts';
import { clipTo, NoDriver, outputBuffer, packBytes, randomTensor, type Call, type Case } from '../case.ts';

/**
 * Pooling over HWC tensors, windows without padding (the kernels' padding handling differs between the
 * x and y passes). Max: the largest element of each window (`maxpool_<fmt>`, which works in place on its
 * input first). Average (`avgpool_<in>_<out>`): with flag_requant, (sum * (lambda / window) + out_add) >>
 * out_shift, else sum / window; clipped to the output format. Unsigned inputs use unsigned 32-bit
 * arithmetic as the kernels do (`uint32_t sum`), signed inputs signed.
 */
export const POOL_SHAPE = { h: 8, w: 8, c: 32, k: 2, stride: 2 };

function windows(f: (oy: number, ox: number, c: number, vals: number[]) => number, x: Int32Array): Int32Array {
  const { h, w, c, k, stride } = POOL_SHAPE;
  const oh = Math.floor((h - k) / stride) + 1, ow = Math.floor((w - k) / stride) + 1;
  const out = new Int32Array(oh * ow * c);
  for (let oy = 0; oy < oh; oy++) for (let ox = 0; ox < ow; ox++) for (let ch = 0; ch < c; ch++) {
    const vals: number[] = [];
    for (let ky = 0; ky < k; ky++) for (let kx = 0; kx < k; kx++) vals.push(x[((oy * stride + ky) * w + ox * stride + kx) * c + ch]);
    out[(oy * ow + ox) * c + ch] = f(oy, ox, ch, vals);
  }
  return out;
}

function poolArgs(): Call['args'] {
  const { h, w, c, k, stride } = POOL_SHAPE;
  const oh = Math.floor((h - k) / stride) + 1, ow = Math.floor((w - k) / stride) + 1;
  return {
    pIn: { buffer: 'x' }, pOut: { buffer: 'y' }, dim_im_in_x: w, dim_im_in_y: h, ch_im_in: c, dim_im_out_x: ow, dim_im_out_y: oh,
    dim_kernel_x: k, dim_kernel_y: k, padding_t: 0, padding_b: 0, padding_l: 0, padding_r: 0, stride_x: stride, stride_y: stride,
  };
}

export function maxpoolCase(k: KernelEntry, _cores: number, rng: Rng): Case {
  if (k.fmts.length !== 1) throw new NoDriver(`${k.name}: expected 1 precision in the name`);
  const [f] = k.fmts;
  const { h, w, c } = POOL_SHAPE;
  const x = randomTensor(rng, f, h * w * c);
  const expected = packBytes(windows((_y, _x, _c, v) => Math.max(...v), x), f.bits);
  return {
    parallel: true,
    calls: [{ label: 'max', output: 'y', expected, macs: x.length, args: poolArgs(), buffers: [{ name: 'x', bytes: packBytes(x, f.bits) }, outputBuffer('y', expected.length)] }],
  };
}

export function avgpoolCase(k: KernelEntry, _cores: number, rng: Rng): Case {
  if (k.fmts.length !== 2) throw new NoDriver(`${k.name}: expected 2 precisions in the name`);
  const [fin, fout] = k.fmts;
  const { h, w, c, k: kk } = POOL_SHAPE;
  const x = randomTensor(rng, fin, h * w * c);
  const win = kk * kk;
  const out_shift = 8;
  const lambda = Math.round((256 * 2 ** fout.bits) / 2 ** fin.bits) * win + rng.int(0, win - 1);
  const out_add = rng.int(0, 64);
  const perWin = Math.trunc(lambda / win);
  const calls = [1, 0].map((flag): Call => {
    const out = windows((_y, _x, _c, v) => {
      const sum = v.reduce((s, e) => s + e, 0);
      if (fin.signed) return clipTo(flag ? (Math.imul(sum, perWin) + out_add) >> out_shift : Math.trunc(sum / win), fout);
      return clipTo(flag ? (((Math.imul(sum, perWin) + out_add) >>> 0) >>> out_shift) | 0 : Math.floor(sum / win), fout);
    }, x);
    const expected = packBytes(out, fout.bits);
    return {
      label: flag ? 'requant' : 'average', output: 'y', expected, macs: x.length,
      args: { ...poolArgs(), lambda, out_shift, out_add, flag_requant: flag },
      buffers: [{ name: 'x', bytes: packBytes(x, fin.bits) }, outputBuffer('y', expected.length)],
    };
  });
  return { parallel: true, calls };
}

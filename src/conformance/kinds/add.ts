import type { Rng } from '../../randprog/rng.ts';
import type { Fmt, KernelEntry } from '../catalog.ts';
import { clipTo, NoDriver, outputBuffer, packBytes, randomTensor, type Call, type Case } from '../case.ts';

/**
 * Element-wise addition of two HWC tensors. `add_<in1>_<in2>_<out>`: each input is requantized,
 * rq = (x * in_mul + in_add) >> in_shift, clipped to 8 bits of its signedness; the sum is optionally
 * requantized, (sum * out_mul + out_add) >> out_shift (out_requant_flag), and clipped to the output format.
 * `add_<in1>_<in2>` (the older form): out = clip_in1((x1 * m1 + x2 * m2) >> shift), unsigned arithmetic.
 */
export const ADD_SHAPE = { h: 8, w: 8, c: 32 };

const eight = (f: Fmt): Fmt => ({ signed: f.signed, bits: 8 });

export function addCase(k: KernelEntry, _cores: number, rng: Rng): Case {
  const { h, w, c } = ADD_SHAPE;
  const n = h * w * c;
  const dims = { dim_im_in_x: w, dim_im_in_y: h, ch_im_in: c };
  if (k.fmts.length === 2) {
    const [f1, f2] = k.fmts;
    const x1 = randomTensor(rng, f1, n), x2 = randomTensor(rng, f2, n);
    const m1 = rng.int(1, 300), m2 = rng.int(1, 300), shift = 8;
    const out = Int32Array.from(x1, (a, i) => clipTo((a * m1 + x2[i] * m2) >>> shift, f1));
    const expected = packBytes(out, f1.bits);
    const call: Call = {
      label: 'mult', output: 'y', expected, macs: n,
      buffers: [{ name: 'x1', bytes: packBytes(x1, f1.bits) }, { name: 'x2', bytes: packBytes(x2, f2.bits) }, outputBuffer('y', expected.length)],
      args: { pIn1: { buffer: 'x1' }, pIn2: { buffer: 'x2' }, pOut: { buffer: 'y' }, out_mult1: m1, out_mult2: m2, out_shift: shift, ...dims },
    };
    return { parallel: true, calls: [call] };
  }
  if (k.fmts.length !== 3) throw new NoDriver(`${k.name}: expected 2 or 3 precisions in the name`);
  const [f1, f2, fo] = k.fmts;
  const x1 = randomTensor(rng, f1, n), x2 = randomTensor(rng, f2, n);
  // Inputs scaled up to about 8 bits, then the sum brought to the output range.
  const in1_shift = 4, in2_shift = 4;
  const in1_mul = Math.round((16 * 256) / 2 ** f1.bits) + rng.int(0, 3), in2_mul = Math.round((16 * 256) / 2 ** f2.bits) + rng.int(0, 3);
  const in1_add = rng.int(0, 8), in2_add = rng.int(0, 8);
  const out_shift = 10, out_mul = Math.round((1024 * 2 ** fo.bits) / 512), out_add = rng.int(0, 256);
  const sums = Int32Array.from(x1, (a, i) => clipTo((a * in1_mul + in1_add) >> in1_shift, eight(f1)) + clipTo((x2[i] * in2_mul + in2_add) >> in2_shift, eight(f2)));
  const calls = [1, 0].map((flag): Call => {
    const out = Int32Array.from(sums, (s) => clipTo(flag ? (Math.imul(s, out_mul) + out_add) >> out_shift : s, fo));
    const expected = packBytes(out, fo.bits);
    return {
      label: flag ? 'requant' : 'no-requant', output: 'y', expected, macs: n,
      buffers: [{ name: 'x1', bytes: packBytes(x1, f1.bits) }, { name: 'x2', bytes: packBytes(x2, f2.bits) }, outputBuffer('y', expected.length)],
      args: {
        pIn1: { buffer: 'x1' }, pIn2: { buffer: 'x2' }, pOut: { buffer: 'y' },
        in1_mul, in1_add, in1_shift, in2_mul, in2_add, in2_shift, out_mul, out_add, out_shift, out_requant_flag: flag, ...dims,
      },
    };
  });
  return { parallel: true, calls };
}

import type { Rng } from '../../randprog/rng.ts';
import type { KernelEntry } from '../catalog.ts';
import { int32Bytes, NoDriver, outputBuffer, packBytes, randomTensor, requantCalls, type Call, type Case } from '../case.ts';

/**
 * Fully connected layers (`linear_<in>_<out>_<wt>`): out[o] = requant(bias[o] + sum_k x[k] * w[o][k]) with
 * weights [neuron][dim_vec] packed, bias one int32 per neuron; `_i32_` kernels (LinearNoQuant) store the
 * int32 sums without requantization.
 */
export const LINEAR_SHAPE = { k: 128, n: 32 };

export function linearCase(k: KernelEntry, _cores: number, rng: Rng): Case {
  if (k.fmts.length !== 3) throw new NoDriver(`${k.name}: expected 3 precisions in the name`);
  const [fin, fout, fwt] = k.fmts;
  const { k: K, n } = LINEAR_SHAPE;
  const x = randomTensor(rng, fin, K);
  const w = randomTensor(rng, fwt, n * K);
  const bias = Int32Array.from({ length: n }, () => rng.int(-64, 64));
  const accOf = (withBias: boolean) => Int32Array.from({ length: n }, (_, o) => {
    let s = withBias ? bias[o] : 0;
    for (let i = 0; i < K; i++) s = (s + Math.imul(x[i], w[o * K + i])) | 0;
    return s;
  });
  const common = [
    { name: 'x', bytes: packBytes(x, fin.bits) },
    { name: 'w', bytes: packBytes(w, fwt.bits) },
    { name: 'bias', bytes: int32Bytes(bias) },
  ];
  const args: Call['args'] = { pIn: { buffer: 'x' }, pBias: { buffer: 'bias' }, pWeight: { buffer: 'w' }, dim_vec: K, num_o_neurons: n, pOut: { buffer: 'y' } };
  const macs = K * n;
  if (fout.bits === 32) {
    const expected = int32Bytes(accOf(true));
    return { parallel: true, calls: [{ label: 'int32', buffers: [...common, outputBuffer('y', expected.length)], args, output: 'y', expected, macs }] };
  }
  return { parallel: true, calls: requantCalls(rng, fout, n, macs, accOf, common, args) };
}

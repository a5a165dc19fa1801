/**
 * Requantization as PULP-NN's `bn_quant` does it: out = clip((acc * kappa[o] + lambda[o]) >> shift) to the
 * unsigned range of the output format. The multiply and add wrap in 32 bits (C unsigned arithmetic on the
 * core), the shift is arithmetic.
 */
export interface Requant {
  kappa: Int32Array;
  lambda: Int32Array;
  shift: number;
  outBits: number;
}

export function requantOne(acc: number, kappa: number, lambda: number, shift: number, outBits: number): number {
  const v = (Math.imul(acc, kappa) + lambda) | 0;
  const q = v >> shift;
  const max = (1 << outBits) - 1;
  return q < 0 ? 0 : q > max ? max : q;
}

/** Requantizes accumulators laid out [pixel][channel] (channel = index mod n). */
export function requantize(acc: Int32Array, n: number, rq: Requant): Int32Array {
  const out = new Int32Array(acc.length);
  for (let i = 0; i < acc.length; i++) out[i] = requantOne(acc[i], rq.kappa[i % n], rq.lambda[i % n], rq.shift, rq.outBits);
  return out;
}

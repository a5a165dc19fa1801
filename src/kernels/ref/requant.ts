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

/** The random source `chooseRequant` draws from (src/randprog/rng.ts `Rng` fits). */
export interface IntSource {
  int(lo: number, hi: number): number;
}

/**
 * Per-channel kappa/lambda chosen from the accumulators' spread so that the outputs cover the whole output
 * range with some clipping at both ends (a test that only ever saw 0 or max could not fail usefully).
 */
export function chooseRequant(rng: IntSource, acc: Int32Array, n: number, outBits: number, shift: number): Requant {
  let sum = 0, sq = 0, peak = 1;
  for (const v of acc) { sum += v; sq += v * v; peak = Math.max(peak, Math.abs(v)); }
  const mean = sum / acc.length;
  const sigma = Math.max(1, Math.sqrt(Math.max(0, sq / acc.length - mean * mean)));
  const kappaMax = Math.max(1, Math.floor(2 ** 30 / peak));
  const kappa = new Int32Array(n), lambda = new Int32Array(n);
  for (let o = 0; o < n; o++) {
    const ideal = (2 ** shift * 2 ** outBits) / (4 * sigma) * (0.75 + rng.int(0, 50) / 100);
    kappa[o] = Math.min(kappaMax, Math.max(1, Math.round(ideal)));
    lambda[o] = Math.round(2 ** (shift + outBits - 1) - kappa[o] * mean) + rng.int(-(2 ** (shift - 1)), 2 ** (shift - 1));
  }
  return { kappa, lambda, shift, outBits };
}

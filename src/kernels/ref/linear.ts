/**
 * Integer references of the linear kernels: 32-bit wrap-around accumulation of products of unpacked
 * elements (the cores' dot products accumulate in 32 bits and wrap).
 */

/** acc[o] = sum_k x[k] * w[o*K + k] for o < n. */
export function matvec(x: Int32Array, w: Int32Array, n: number, k: number): Int32Array {
  const acc = new Int32Array(n);
  for (let o = 0; o < n; o++) {
    let s = 0;
    for (let i = 0; i < k; i++) s = (s + Math.imul(x[i], w[o * k + i])) | 0;
    acc[o] = s;
  }
  return acc;
}

/** acc[p*n + o] = sum_k x[p*K + k] * w[o*K + k]: P pixels (rows of x) against n output channels. */
export function matmul(x: Int32Array, w: Int32Array, p: number, n: number, k: number): Int32Array {
  const acc = new Int32Array(p * n);
  for (let q = 0; q < p; q++) acc.set(matvec(x.subarray(q * k, (q + 1) * k), w, n, k), q * n);
  return acc;
}

/* Linear kernels (fully connected / matrix-vector and matrix-matrix), one implementation per build.
   Compile-time formats: A_BITS (activations, unsigned), W_BITS (weights, signed), OUT_BITS.
   Layout: activations [pixel][k] packed (lane 0 = least significant), weights [channel][k] packed, every
   row a whole number of words; n % 4 == 0, k % 32 == 0. */
#ifndef KERNELS_LINEAR_H
#define KERNELS_LINEAR_H
#include <stdint.h>

#if !defined(A_BITS) || !defined(W_BITS) || !defined(OUT_BITS)
#error "define A_BITS, W_BITS and OUT_BITS (8, 4 or 2)"
#endif

/* Words of one packed row of `k` elements of `bits` width. */
#define ROW_WORDS(k, bits) ((k) * (bits) / 32)

/* acc[p*n + o] = sum_i x[p][i] * w[o][i] (32-bit wrap). `scratch` holds k bytes + 16 for the builds that
   unpack activations. */
void linear_s32(const uint32_t *x, const uint32_t *w, int32_t *acc, int n, int k, int pixels, uint32_t *scratch);

/* out[p][o] = clip((acc * kappa[o] + lambda[o]) >> shift, 0, 2^OUT_BITS - 1), packed OUT_BITS wide. */
void requant_pack(const int32_t *acc, const int32_t *kappa, const int32_t *lambda, int shift, int n, int pixels, uint32_t *out);

#endif

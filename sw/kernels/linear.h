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

/* One or two output pixels (np) of a convolution / pointwise layer over all n channels, requantized from
   registers into packed outputs: out_a, out_b get the n * OUT_BITS / 32 words of pixels xa, xb (xb, out_b
   unused when np == 1). w: weights in the interleaved 4-channel block layout (w[o/4][kword][o%4],
   src/kernels/cluster/weight-layout.ts), padded by 4 words; kappa, lambda, shift as requant_pack. `scratch`
   as linear_s32. n % (32 / OUT_BITS) == 0 and n % 4 == 0. */
void linear_requant_pixels(const uint32_t *xa, const uint32_t *xb, int np, const uint32_t *w, const int32_t *kappa, const int32_t *lambda,
                           int shift, int n, int k, uint32_t *out_a, uint32_t *out_b, uint32_t *scratch);

/* Runs of four output pixels (the flexv build's 4 x 4 blocks, CLUSTER_QUAD = 1: src/kernels/cluster/build.ts,
   sw/kernels/fused-quad.h): `quads` quads, quad q's pixel i (i < 4) at x + (4 q + i) * pix_dist (words),
   its n * OUT_BITS / 32 output words at out + (4 q + i) * out_row. A pixel's activations: `segs` segments of
   `seg_words` weight words' worth of elements (the reduction is segs * seg_words words of W_BITS), segment j
   at + j * seg_dist (segs = 1: one contiguous row per pixel, e.g. im2col rows, pointwise input rows; segs =
   kh: the kernel rows of a window in a zero-padded input). seg_words >= 2. Weights, kappa, lambda, shift as
   linear_requant_pixels. One call per run: the status-based set-up and the register saves are paid once. */
void linear_requant_quad(const uint32_t *x, int pix_dist, int seg_dist, int segs, int seg_words, int quads, const uint32_t *w, const int32_t *kappa,
                         const int32_t *lambda, int shift, int n, uint32_t *out, int out_row);

/* HWC convolution, zero padding, weights [cout][kh][kw][cin]; cin * A_BITS % 32 == 0,
   kh * kw * cin % 32 == 0. `col` holds two im2col rows (2 * kh * kw * cin elements of A_BITS). */
struct conv_geometry {
  int32_t height, width, cin, cout, kh, kw, stride, pad;
};
void conv_s32(const uint32_t *x, const struct conv_geometry *g, const uint32_t *w, int32_t *acc, uint32_t *col, uint32_t *scratch);

/* out[p][o] = clip((acc * kappa[o] + lambda[o]) >> shift, 0, 2^OUT_BITS - 1), packed OUT_BITS wide. */
void requant_pack(const int32_t *acc, const int32_t *kappa, const int32_t *lambda, int shift, int n, int pixels, uint32_t *out);

#endif

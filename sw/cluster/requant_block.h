/* Requantization and packing of one or two output pixels, inlined into the layer loop (PULP-NN bn_quant:
   out = clip((acc * kappa + lambda) >> shift, 0, 2^OUT_BITS - 1), the multiply-add wrapping in 32 bits).
   Same code in every build, XpulpV2 only: p.clipui clips, p.inserti places the element in its packed word,
   and the two pixels of a 4 x 2 block share each channel's kappa and lambda loads. */
#ifndef CLUSTER_REQUANT_BLOCK_H
#define CLUSTER_REQUANT_BLOCK_H
#include <stdint.h>
#include "flexv.h"
#include "linear.h"

#define RQ_PER_WORD (32 / OUT_BITS)
#define RQ_ONE(acc, k, l, shift) FLEXV_CLIPUI((int32_t)((uint32_t)(acc) * (k) + (l)) >> (shift), OUT_BITS + 1)

/* acc: np rows of n accumulators (n apart); out: np rows of n packed outputs (n * OUT_BITS / 32 words apart). */
static inline __attribute__((always_inline)) void requant_rows(const int32_t *acc, const int32_t *kappa, const int32_t *lambda, int shift, int n,
                                                               const int np, uint32_t *out) {
  const int out_row = n / RQ_PER_WORD;
  for (int o = 0; o < n; o += RQ_PER_WORD) {
    uint32_t w0 = 0, w1 = 0;
#pragma GCC unroll 16
    for (int i = 0; i < RQ_PER_WORD; i++) {
      const uint32_t k = (uint32_t)kappa[o + i], l = (uint32_t)lambda[o + i];
      w0 = FLEXV_INSERTI(w0, RQ_ONE(acc[o + i], k, l, shift), OUT_BITS - 1, i * OUT_BITS);
      if (np == 2) w1 = FLEXV_INSERTI(w1, RQ_ONE(acc[n + o + i], k, l, shift), OUT_BITS - 1, i * OUT_BITS);
    }
    out[o / RQ_PER_WORD] = w0;
    if (np == 2) out[out_row + o / RQ_PER_WORD] = w1;
  }
}
#endif

/* PULP-NN style requantization and packing of the outputs (same code in every build). */
#include "linear.h"

void requant_pack(const int32_t *acc, const int32_t *kappa, const int32_t *lambda, int shift, int n, int pixels, uint32_t *out) {
  const int per_word = 32 / OUT_BITS, max = (1 << OUT_BITS) - 1;
  for (int p = 0; p < pixels; p++) {
    for (int o = 0; o < n; o += per_word) {
      uint32_t word = 0;
      for (int i = 0; i < per_word; i++) {
        /* unsigned multiply-add: the 32-bit wrap-around the reference uses, without C signed overflow */
        int32_t v = (int32_t)((uint32_t)acc[o + i] * (uint32_t)kappa[o + i] + (uint32_t)lambda[o + i]) >> shift;
        if (v < 0) v = 0;
        if (v > max) v = max;
        word |= (uint32_t)v << (i * OUT_BITS);
      }
      *out++ = word;
    }
    acc += n;
  }
}

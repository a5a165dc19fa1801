/* Activation preparation for the builds that cannot consume packed activations as they are: writes x
   (k elements of A_BITS, unsigned) as TO_BITS-wide lanes, permuted so that they line up with weights
   expanded by expand.h: in blocks of STRIDE * (32 / TO_BITS) elements, output word j of a block holds
   elements j, j + STRIDE, j + 2 STRIDE, ... TO_BITS and STRIDE are compile-time constants of the caller. */
#ifndef KERNELS_PREP_H
#define KERNELS_PREP_H
#include "linear.h"

/* A byte/nibble mask with the low `from` bits of every `to`-bit lane set. */
#define LANE_MASK(from, to) ((to) == 8 ? 0x01010101u * ((1u << (from)) - 1) : 0x11111111u * ((1u << (from)) - 1))

static inline __attribute__((always_inline)) void prep_acts_inline(const uint32_t *x, int k, const int to_bits, const int stride, uint32_t *out) {
  if (stride * A_BITS == to_bits && to_bits != A_BITS) {
    /* The permuted order is exactly what shifting and masking one packed word gives: part j holds the
       elements j, j + stride, ... of the word. */
    for (int i = 0; i < ROW_WORDS(k, A_BITS); i++) {
      const uint32_t v = x[i];
#pragma GCC unroll 4
      for (int j = 0; j < stride; j++) out[j] = (v >> (j * A_BITS)) & LANE_MASK(A_BITS, to_bits);
      out += stride;
    }
    return;
  }
  if (A_BITS == 8 && to_bits == 8) {
    /* A byte permutation: byte loads and stores. */
    const uint8_t *xb = (const uint8_t *)x;
    uint8_t *ob = (uint8_t *)out;
    for (int base = 0; base < k; base += 4 * stride)
      for (int j = 0; j < stride; j++)
#pragma GCC unroll 4
        for (int m = 0; m < 4; m++) *ob++ = xb[base + j + m * stride];
    return;
  }
  if (stride == 1) {
    /* Natural order, widened: each output word takes the next 32 / to_bits elements, which sit in
       consecutive bits of one input word. */
    const int lanes = 32 / to_bits, per_in = 32 / A_BITS, outs_per_in = per_in / lanes;
    const uint32_t mask = (1u << A_BITS) - 1;
    for (int i = 0; i < ROW_WORDS(k, A_BITS); i++) {
      const uint32_t v = x[i];
#pragma GCC unroll 4
      for (int j = 0; j < outs_per_in; j++) {
        uint32_t word = 0;
#pragma GCC unroll 8
        for (int m = 0; m < lanes; m++) word |= ((v >> ((j * lanes + m) * A_BITS)) & mask) << (m * to_bits);
        *out++ = word;
      }
    }
    return;
  }
  /* General gather: element by element. */
  const int lanes = 32 / to_bits, block = stride * lanes, per_in = 32 / A_BITS;
  const uint32_t mask = (1u << A_BITS) - 1;
  for (int base = 0; base < k; base += block) {
    for (int j = 0; j < stride; j++) {
      uint32_t word = 0;
#pragma GCC unroll 16
      for (int m = 0; m < lanes; m++) {
        const int e = base + j + m * stride;
        word |= ((x[e / per_in] >> ((e % per_in) * A_BITS)) & mask) << (m * to_bits);
      }
      *out++ = word;
    }
  }
}
#endif

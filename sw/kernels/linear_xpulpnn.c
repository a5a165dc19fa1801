/* XpulpNN build: uniform-precision sub-byte SIMD and Mac&Load; only the operand whose format differs is
   unpacked. Narrower activations are widened once per pixel (then the uniform Mac&Load loop runs);
   narrower weights are expanded in registers for the register-form dot product. */
#include "linear.h"
#include "expand.h"
#include "flexv.h"
#include "macload.h"
/* No linker relaxation in this unit: the hardware-loop alignment directives then pad with the exact number
   of c.nop (with relaxation the linker often leaves two executed c.nop before an aligned lp.setup). */
__asm__(".option norelax");

#if A_BITS > W_BITS
/* Weights expanded to A_BITS lanes: PARTS words per weight word; activations permuted to match. */
#define PREP_BITS A_BITS
#define PARTS (A_BITS / W_BITS)
#if A_BITS == 8
#define WPART_SETUP
#define WPART(word, j) EXPAND_TO_8(word, W_BITS, j)
#define SDOT(acc, a, b) FLEXV_SDOTUSP_B(acc, a, b)
#else
#define WPART_SETUP const uint32_t two = 2
#define WPART(word, j) EXPAND_2_TO_4(word, j, two)
#define SDOT(acc, a, b) FLEXV_SDOTUSP_N(acc, a, b)
#endif
#include "regform-loop.h"

#else
/* A_BITS <= W_BITS: uniform Mac&Load at W_BITS over activations widened to W_BITS (natural order). */
#include "prep.h"
#define MAC_BUILD XPULPNN
#define MAC_A W_BITS
#define MAC_W W_BITS
#include "macload-loop.h"

void linear_s32(const uint32_t *x, const uint32_t *w, int32_t *acc, int n, int k, int pixels, uint32_t *scratch) {
  const int row = ROW_WORDS(k, W_BITS);
  for (int p = 0; p < pixels;) {
    const int two = pixels - p >= 2;
    const uint32_t *xa = x + p * ROW_WORDS(k, A_BITS), *xb = xa + ROW_WORDS(k, A_BITS);
    if (A_BITS != W_BITS) {
      prep_acts_inline(xa, k, W_BITS, 1, scratch);
      if (two) prep_acts_inline(xb, k, W_BITS, 1, scratch + row);
      xa = scratch;
      xb = scratch + row;
    }
    for (int o = 0; o < n; o += 4) {
      if (two) macload_block4x2(xa, xb, w + o * row, acc + p * n + o, n, k);
      else macload_block4(xa, w + o * row, acc + p * n + o, k);
    }
    p += two ? 2 : 1;
  }
}

/* Narrower activations widened to W_BITS (natural order) in scratch, once per pixel. */
static inline __attribute__((always_inline)) const uint32_t *fused_acts(const uint32_t *x, int k, uint32_t *scratch, const int slot) {
  if (A_BITS == W_BITS) return x;
  uint32_t *out = scratch + slot * ROW_WORDS(k, W_BITS);
  prep_acts_inline(x, k, W_BITS, 1, out);
  return out;
}
#include "fused-pixels.h"
#endif

/* Flex-V build: mixed-precision Mac&Load (pv.mlsdotusp.m) with the formats in mpc; nothing is unpacked.
   skip = the dot products of one step (4 or 8): the narrower operand's sub-group advances per step. */
#include "linear.h"
#include "flexv.h"
#include "macload.h"
/* No linker relaxation in this unit: the hardware-loop alignment directives then pad with the exact number
   of c.nop (with relaxation the linker often leaves two executed c.nop before an aligned lp.setup). */
__asm__(".option norelax");

#define MAC_BUILD FLEXV
#define MAC_A A_BITS
#define MAC_W W_BITS
/* Written per block: idx and cnt start at 0 whatever ran before. */
#define MAC_BEGIN(skip) FLEXV_MPC_SET(MPC_FMT(A_BITS), MPC_FMT(W_BITS), skip)
#include "macload-loop.h"

void linear_s32(const uint32_t *x, const uint32_t *w, int32_t *acc, int n, int k, int pixels, uint32_t *scratch) {
  (void)scratch;
  const int in_row = ROW_WORDS(k, A_BITS), w_row = ROW_WORDS(k, W_BITS);
  for (int p = 0; p < pixels;) {
    const int two = pixels - p >= 2;
    const uint32_t *xa = x + p * in_row;
    for (int o = 0; o < n; o += 4) {
      if (two) macload_block4x2(xa, xa + in_row, w + o * w_row, acc + p * n + o, n, k);
      else macload_block4(xa, w + o * w_row, acc + p * n + o, k);
    }
    p += two ? 2 : 1;
  }
}

/* Packed activations are consumed as they are. */
static inline __attribute__((always_inline)) const uint32_t *fused_acts(const uint32_t *x, int k, uint32_t *scratch, const int slot) {
  (void)k, (void)scratch, (void)slot;
  return x;
}
#include "fused-pixels.h"

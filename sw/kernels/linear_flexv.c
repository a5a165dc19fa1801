/* Flex-V build: mixed-precision Mac&Load in status-based mode (spec §5, revision 2; macload-sb.h): the
   formats in ivec_fmt, the operands from the Mac&Load address streams; nothing is unpacked. */
#include "linear.h"
#include "flexv.h"
/* No linker relaxation in this unit: the hardware-loop alignment directives then pad with the exact number
   of c.nop (with relaxation the linker often leaves two executed c.nop before an aligned lp.setup). */
__asm__(".option norelax");

#include "macload-sb.h"

void linear_s32(const uint32_t *x, const uint32_t *w, int32_t *acc, int n, int k, int pixels, uint32_t *scratch) {
  (void)scratch;
  const int in_row = ROW_WORDS(k, A_BITS), w_row = ROW_WORDS(k, W_BITS);
  int np = pixels >= 2 ? 2 : 1;
  sb_enter(np);
  sb_act_stream(np, 4 * in_row);
  sb_weight_stream(4 * w_row);
  for (int p = 0; p < pixels;) {
    const uint32_t *xa = x + p * in_row;
    if (pixels - p < 2 && np == 2) {
      /* The last odd pixel: one pixel per step. */
      np = 1;
      FLEXV_SET_SKIP(4);
      sb_act_stream(1, 0);
    }
    for (int o = 0; o < n; o += 4) {
      if (np == 2) macload_block4x2(xa, w + o * w_row, acc + p * n + o, n, k);
      else macload_block4(xa, w + o * w_row, acc + p * n + o, k);
    }
    p += np;
  }
  sb_leave();
}

/* Packed activations are consumed as they are. */
static inline __attribute__((always_inline)) const uint32_t *fused_acts(const uint32_t *x, int k, uint32_t *scratch, const int slot) {
  (void)k, (void)scratch, (void)slot;
  return x;
}
#include "fused-pixels.h"
#include "fused-quad.h"

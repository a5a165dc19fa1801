/* Flex-V build: mixed-precision Mac&Load (pv.mlsdotusp.m) with the formats in mpc; nothing is unpacked.
   skip = the dot products of one step (4 or 8): the narrower operand's sub-group advances per step. */
#include "linear.h"
#include "flexv.h"
#include "macload.h"

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

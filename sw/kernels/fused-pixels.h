/* linear_requant_pixels (linear.h): the convolution / pointwise inner pipeline of the cluster kernels. For
   one or two pixels, every 4-channel block's sums stay in registers and are requantized straight into the
   pixels' running packed output words (RQ_WORD_ELEMS / 4 blocks fill a word), so there is no accumulator
   buffer and no call per block. Weights are in the interleaved block layout (src/kernels/cluster/
   weight-layout.ts). The including build provides, as always-inline functions:
     fused_acts(x, k, scratch, slot)   the activation row the blocks read (x itself, or prepared in scratch)
     fused_begin(np, xa, xb, &w)       once per call, before the first block (NN-RF weight fills; flexv:
                                       status-based mode, format and address streams)
     fused_end()                       once per call, after the last block (flexv: back to legacy decoding)
     fused_block2(xa, xb, &w, k)       the 4 x 2 block's sums (struct block_sums); w moves to the next block
     fused_block1(xa, &w, k)           the 4 x 1 block's sums (s0..s3) */
#include "requant-regs.h"

#define FUSED_BLOCKS_PER_WORD (RQ_WORD_ELEMS / 4)

void linear_requant_pixels(const uint32_t *xa, const uint32_t *xb, int np, const uint32_t *w, const int32_t *kappa, const int32_t *lambda,
                           int shift, int n, int k, uint32_t *out_a, uint32_t *out_b, uint32_t *scratch) {
  xa = fused_acts(xa, k, scratch, 0);
  if (np == 2) {
    xb = fused_acts(xb, k, scratch, 1);
    fused_begin(2, xa, xb, &w);
    for (int o = 0; o < n; o += RQ_WORD_ELEMS) {
      uint32_t wa, wb;
#pragma GCC unroll 4
      for (int b = 0; b < FUSED_BLOCKS_PER_WORD; b++) rq_block2(fused_block2(xa, xb, &w, k), &kappa, &lambda, shift, 4 * b, &wa, &wb);
      *out_a++ = wa;
      *out_b++ = wb;
    }
  } else {
    fused_begin(1, xa, xa, &w);
    for (int o = 0; o < n; o += RQ_WORD_ELEMS) {
      uint32_t wa;
#pragma GCC unroll 4
      for (int b = 0; b < FUSED_BLOCKS_PER_WORD; b++) rq_block1(fused_block1(xa, &w, k), &kappa, &lambda, shift, 4 * b, &wa);
      *out_a++ = wa;
    }
  }
  fused_end();
}

/* The layer a cluster kernel ELF runs, as the generated data translation unit describes it
   (src/kernels/cluster/c-data.ts): shape, where the tensors start (TCDM or L2), the TCDM buffers, and the
   expected checksum of the outputs. Formats are compile-time: A_BITS, W_BITS, OUT_BITS (linear.h). */
#ifndef CLUSTER_LAYER_H
#define CLUSTER_LAYER_H
#include <stdint.h>
#include "linear.h"

/* Passes of a depthwise output row at most (src/kernels/cluster/depthwise-plan.ts checks it). */
#define DW_MAX_PASSES 8

enum layer_kind { LAYER_CONV = 0, LAYER_POINTWISE = 1, LAYER_FC = 2, LAYER_DEPTHWISE = 3 };

/* EOC status: 1 = outputs equal the expected checksum; otherwise one of these. */
enum eoc_status { EOC_OK = 1, EOC_BAD_CHECKSUM = 2, EOC_TOO_MANY_CORES = 3 };

struct cluster_layer {
  int32_t kind, dma, max_cores;
  /* Linear view: n output channels, k reduction, pixels output pixels; the requantization shift. */
  int32_t n, k, pixels, shift;
  struct conv_geometry g;
  /* DMA variant: output rows per tile (convolution, pointwise) or output channels per tile (fc). */
  int32_t tile;
  /* Tensors where they are at the start: TCDM (compute-only) or L2 (DMA). */
  const uint32_t *x, *w;
  const int32_t *kappa, *lambda;
  /* The output tensor in L2 (what the host reads) and, compute-only, its TCDM copy the kernel writes. */
  uint32_t *y, *y_l1;
  int32_t y_words;
  /* Per-core TCDM buffers, `*_words` each: im2col rows, activation preparation, accumulators. */
  uint32_t *col, *scratch;
  int32_t *acc;
  int32_t col_words, scratch_words, acc_words;
  /* Compute-only convolution with the 4 x 4 blocks (src/kernels/cluster/block.ts, directQuads): the input
     zero-padded, (height + 2 pad) x (width + 2 pad) pixels, filled by the cores at the start of the layer,
     which the blocks then read in place (no im2col); null otherwise. Rows xpad_row words apart (at least the
     padded width's words: paddedRowWords spreads the cores' rows over the TCDM banks). */
  uint32_t *xpad;
  int32_t xpad_row;
  /* DMA variant: the TCDM copy of the operand that stays (convolution, pointwise: the weights; fc: the
     activations) and of the requantization parameters; double buffers of the tiles that stream (input rows;
     fc: weight rows) and of the output tiles. */
  uint32_t *resident_l1, *ibuf[2], *obuf[2];
  int32_t *kappa_l1, *lambda_l1;
  uint32_t checksum;
  /* Depthwise (src/kernels/cluster/depthwise-plan.ts): an output row is taken in dw_npasses passes; the
     outputs of a pass are dw_step apart, each dw_adv column groups after the previous, and share one window
     phase: dots dot products with the channel's weight words from `weights` on, the first output at column
     group `grp`. dw_phase_words weight words per phase, dw_channel_words per channel. `col` holds the
     per-core column streams. */
  int32_t dw_step, dw_adv, dw_phase_words, dw_channel_words, dw_npasses;
  struct dw_pass { int32_t dots, grp, count, weights; } dw_pass[DW_MAX_PASSES];
};
extern const struct cluster_layer layer;

/* Per-core instructions retired inside the timed region, and hart 0's cycle count of it. */
extern volatile uint32_t perf_instr[];
extern volatile uint32_t perf_cycles;

/* Runs the layer on core `id` of `cores` (every core calls it; it ends with all outputs written). */
void cluster_layer_run(const struct cluster_layer *L, int id, int cores);
/* FNV-1a over words: what the host computes over the reference outputs. */
uint32_t checksum_words(const uint32_t *p, int words);
#endif

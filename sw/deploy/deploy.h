/* Deployment kernels (src/deploy): whole-network layers on the cluster, every activation an unsigned byte
   with a zero point (the generated layer folds it into its constants), weights signed bytes, 32-bit
   accumulators, requantization in 64 bits:  u = clamp((acc * mul[c] + add[c]) >> shift, lo, hi).
   Every kernel is SPMD: all cores call it with their id and it splits the work itself. */
#ifndef DEPLOY_H
#define DEPLOY_H
#include <stdint.h>

struct dp_requant {
  const int32_t *mul;
  const int64_t *add;
  int32_t shift, lo, hi;
  /* 1: per-channel mul/add (index c), 0: index 0 for every channel */
  int32_t per_channel;
  /* 0: x * mul + add and the shift fit 32 bits for every input the layer can see (the host checked it) */
  int32_t wide;
};

/* Convolution (group 1), fully connected (h = w = kh = kw = 1) and depthwise convolution. */
struct dp_conv {
  const uint8_t *x;
  void *y;
  int32_t h, w, cin, oh, ow, cout, kh, kw, sh, sw, pt, pl;
  /* zero point of the input: the byte padding taps read */
  int32_t zp_in;
  /* [cout][kpad] (kpad = kh * kw * cin rounded up to 4, zero tail); depthwise: [c][kw][ceil(kh / 4) words] (depthwise.c) */
  const int8_t *wt;
  int32_t kpad;
  /* per-channel bias of the accumulator (the input zero point folded in) */
  const int32_t *bias;
  struct dp_requant rq;
  /* 1: raw 32-bit accumulators out (no requantization) */
  int32_t out32;
  /* per-core im2col rows (2 * kpad bytes) or column buffer, col_bytes each, in the TCDM */
  uint8_t *col;
  int32_t col_bytes;
  /* Fast path (host-chosen when the requantization is the build's bn_quant: 32-bit exact, clamp 0..255,
     cout % 4 == 0): the build's linear_requant_pixels (sw/kernels, linear.h) on the same im2col rows, with
     weights in the interleaved 4-channel block layout and kappa / lambda (bias folded in); 0 = generic. */
  const uint32_t *fast_w;
  const int32_t *kappa, *lambda;
  uint32_t *scratch;
  int32_t scratch_words;
  /* 1: column buffers instead of per-pixel im2col rows (cin % 4 == 0, weights in [cout][kw][kh][cin] order):
     for each output row of its share, a core gathers the window columns once, [column][ky][cin] (padding =
     zp_in), and every pixel's activation row is kw consecutive columns of it, read in place */
  int32_t cols;
};

/* Max / average pooling (sum; the division is in the requantization). */
struct dp_pool {
  const uint8_t *x;
  uint8_t *y;
  int32_t h, w, c, oh, ow, kh, kw, sh, sw, pt, pl;
  int32_t is_max, zp_in;
  struct dp_requant rq;
};

/* Residual add: u = rq(pre_a(a) + pre_b(b)), each pre a requantization of the input byte. */
struct dp_add {
  const uint8_t *a, *b;
  uint8_t *y;
  int32_t pixels, c;
  struct dp_requant pre_a, pre_b, rq;
  /* table form (the host evaluated every requantization): y = to[ta[a] + tb[b]], byte tables of 256,
     256 and ta's + tb's range entries; ta == 0: arithmetic */
  const uint8_t *ta, *tb, *to;
};

/* Requantization of a tensor on its own. */
struct dp_requant_layer {
  const uint8_t *x;
  uint8_t *y;
  int32_t pixels, c;
  struct dp_requant rq;
};

void dp_conv_run(const struct dp_conv *L, int id, int cores);
void dp_depthwise_run(const struct dp_conv *L, int id, int cores);
void dp_pool_run(const struct dp_pool *L, int id, int cores);
void dp_add_run(const struct dp_add *L, int id, int cores);
void dp_requant_run(const struct dp_requant_layer *L, int id, int cores);

/* A DMA transfer: `rows` rows of `bytes` (a multiple of 4), src_stride / dst_stride bytes apart. */
struct dp_xfer {
  const void *src;
  void *dst;
  int32_t bytes, rows, src_stride, dst_stride;
};

/* One tile of a layer (src/deploy/tiling.ts): its kernel descriptor (pointing at the tile's TCDM buffers),
   the transfers that must be done before it runs (issued by core 0 while the previous tile computes) and
   those that take its output back (issued while the next tile computes). */
struct dp_tile {
  const void *layer;
  const struct dp_xfer *xin, *xout;
  int32_t nin, nout;
};

/* Core 0's DMA queue: the kernels call dp_dma_kick() between pieces of work (core 0 only), which starts
   the next queued transfer when the engine is idle. */
void dp_dma_kick(void);

/* The network: generated network_data.c defines the layer table; network.c runs it, tile by tile, double
   buffered, inside each layer's timed region. */
struct dp_step {
  void (*run)(const void *layer, int id, int cores);
  const struct dp_tile *tiles;
  int32_t ntiles;
  /* where the layer's output is and how many bytes to copy to its dump slot (0: no dump) */
  const void *out;
  void *dump;
  int32_t out_bytes;
};
extern const struct dp_step dp_steps[];
extern const int32_t dp_nsteps;
extern const int32_t dp_max_cores;
/* hart 0's cycle count of each layer's timed region, every core's retired instructions per layer */
extern volatile uint32_t dp_cycles[];
extern volatile uint32_t dp_instr[];
#endif

/* The parallel layer: work split across the cores by output pixels (convolution, pointwise: contiguous
   runs of pixel pairs, i.e. output rows) or output channels (fully connected), each core calling the
   build's linear kernel (sw/kernels/linear_<build>.c) on its share and requantizing what it produced.
   Compute-only: tensors pre-placed in the TCDM. DMA: tensors in L2, tiles of output rows (channels for fc)
   double-buffered; core 0 drives the DMA, starting queued transfers between its own pixel pairs. */
#include "cluster.h"
#include "layer.h"
#include "requant_block.h"

/* The first scheduling pass hoists the unrolled requantization loads and spills them to the stack (and
   with the pragma, the zero-padding loop would become a memset call: there is no libc). */
#pragma GCC optimize("no-schedule-insns", "no-tree-loop-distribute-patterns")

#define OUT_WORDS(elems) ((elems) * OUT_BITS / 32)

/* [lo, hi) of `total` items in units of `unit` for core `id` of `cores` (contiguous, balanced). */
static void share(int total, int unit, int id, int cores, int *lo, int *hi) {
  const int units = (total + unit - 1) / unit, per = (units + cores - 1) / cores;
  const int a = id * per * unit, b = a + per * unit;
  *lo = a < total ? a : total;
  *hi = b < total ? b : total;
}

/* ---- DMA queue of core 0: transfers are started in order whenever the engine is idle. ---- */
struct transfer { const void *src; void *dst; uint32_t bytes; };
static struct transfer queue[4];
static int q_head, q_tail;

static void dma_push(const void *src, void *dst, uint32_t bytes) {
  if (bytes == 0) return;
  queue[q_tail & 3] = (struct transfer){ src, dst, bytes };
  q_tail++;
}
/* Starts the next queued transfer if the engine is idle (cheap: one status read). */
static void dma_kick(void) {
  if (q_head != q_tail && !dma_busy()) {
    const struct transfer *t = &queue[q_head & 3];
    dma_start_1d(t->src, t->dst, t->bytes);
    q_head++;
  }
}
/* Runs the queue to its end and waits for the last transfer. */
static void dma_drain(void) {
  while (q_head != q_tail) dma_kick();
  dma_wait();
}

/* ---- convolution and pointwise ---- */

/* The im2col row of output pixel p from input rows [iy0, ...) held at x (whole words; zero padding). */
static void im2col_row(const struct conv_geometry *g, const uint32_t *x, int iy0, int p, int ow, uint32_t *col) {
  const int pix_words = ROW_WORDS(g->cin, A_BITS);
  const int oy = p / ow, ox = p % ow;
  for (int ky = 0; ky < g->kh; ky++) {
    const int iy = oy * g->stride - g->pad + ky;
    for (int kx = 0; kx < g->kw; kx++) {
      const int ix = ox * g->stride - g->pad + kx;
      if (iy < 0 || iy >= g->height || ix < 0 || ix >= g->width) {
        for (int i = 0; i < pix_words; i++) *col++ = 0;
      } else {
        const uint32_t *src = x + ((iy - iy0) * g->width + ix) * pix_words;
        for (int i = 0; i < pix_words; i++) *col++ = src[i];
      }
    }
  }
}

struct conv_operands {
  const uint32_t *x; /* input rows from iy0 */
  int iy0;
  const uint32_t *w;
  const int32_t *kappa, *lambda;
  uint32_t *out; /* output pixel `out_p0` is here */
  int out_p0;
};

/* Output pixels [lo, hi) of a convolution or pointwise layer, by pairs (the 4 x 2 block), requantized. */
static void conv_pixels(const struct cluster_layer *L, const struct conv_operands *op, int lo, int hi, int id, int drive_dma) {
  const struct conv_geometry *g = &L->g;
  const int ow = (g->width + 2 * g->pad - g->kw) / g->stride + 1;
  const int row_words = ROW_WORDS(L->k, A_BITS);
  uint32_t *col = L->col + id * L->col_words, *scratch = L->scratch + id * L->scratch_words;
  int32_t *acc = L->acc + id * L->acc_words;
  for (int p = lo; p < hi; p += 2) {
    const int np = hi - p >= 2 ? 2 : 1;
    const uint32_t *xa;
    if (L->kind == LAYER_POINTWISE) {
      xa = op->x + (p - op->iy0 * g->width) * row_words;
    } else {
      for (int q = 0; q < np; q++) im2col_row(g, op->x, op->iy0, p + q, ow, col + q * row_words);
      xa = col;
    }
    linear_s32(xa, op->w, acc, L->n, L->k, np, scratch);
    uint32_t *out = op->out + OUT_WORDS((p - op->out_p0) * L->n);
    if (np == 2) requant_rows(acc, op->kappa, op->lambda, L->shift, L->n, 2, out);
    else requant_rows(acc, op->kappa, op->lambda, L->shift, L->n, 1, out);
    if (drive_dma) dma_kick();
  }
}

static void conv_compute_only(const struct cluster_layer *L, int id, int cores) {
  const struct conv_operands op = { L->x, 0, L->w, L->kappa, L->lambda, L->y_l1, 0 };
  int lo, hi;
  share(L->pixels, 2, id, cores, &lo, &hi);
  conv_pixels(L, &op, lo, hi, id, 0);
}

/* Input rows [*lo, *hi) that output rows [oy0, oy1) read. */
static void input_band(const struct conv_geometry *g, int oy0, int oy1, int *lo, int *hi) {
  const int a = oy0 * g->stride - g->pad, b = (oy1 - 1) * g->stride - g->pad + g->kh;
  *lo = a < 0 ? 0 : a;
  *hi = b > g->height ? g->height : b;
}

/* Output rows [*oy0, *oy1) of tile v and the input rows [*iy0, *iy1) they read. */
static void conv_tile(const struct cluster_layer *L, int oh, int v, int *oy0, int *oy1, int *iy0, int *iy1) {
  *oy0 = v * L->tile;
  *oy1 = *oy0 + L->tile < oh ? *oy0 + L->tile : oh;
  input_band(&L->g, *oy0, *oy1, iy0, iy1);
}

/* Core 0 queues the input band of tile v into ibuf[v % 2]. */
static void push_input(const struct cluster_layer *L, int oh, int v) {
  const int pix_words = ROW_WORDS(L->g.cin, A_BITS);
  int oy0, oy1, iy0, iy1;
  conv_tile(L, oh, v, &oy0, &oy1, &iy0, &iy1);
  dma_push(L->x + iy0 * L->g.width * pix_words, L->ibuf[v & 1], 4 * (iy1 - iy0) * L->g.width * pix_words);
}

/* Core 0 queues the outputs of tile v from obuf[v % 2] to L2. */
static void push_output(const struct cluster_layer *L, int oh, int ow, int v) {
  int oy0, oy1, iy0, iy1;
  conv_tile(L, oh, v, &oy0, &oy1, &iy0, &iy1);
  dma_push(L->obuf[v & 1], L->y + OUT_WORDS(oy0 * ow * L->n), 4 * OUT_WORDS((oy1 - oy0) * ow * L->n));
}

/* Tile v computes from ibuf[v % 2] into obuf[v % 2] while the DMA brings tile v + 1 in and tile v - 1 out:
   both buffers they touch were released at the previous barrier. */
static void conv_with_dma(const struct cluster_layer *L, int id, int cores) {
  const struct conv_geometry *g = &L->g;
  const int ow = (g->width + 2 * g->pad - g->kw) / g->stride + 1, oh = L->pixels / ow;
  const int tiles = (oh + L->tile - 1) / L->tile;
  if (id == 0) {
    dma_push(L->w, L->resident_l1, 4 * ROW_WORDS(L->n * L->k, W_BITS));
    dma_push(L->kappa, L->kappa_l1, 4 * L->n);
    dma_push(L->lambda, L->lambda_l1, 4 * L->n);
    push_input(L, oh, 0);
    dma_drain();
  }
  barrier(cores);
  for (int v = 0; v < tiles; v++) {
    if (id == 0) {
      if (v + 1 < tiles) push_input(L, oh, v + 1);
      if (v >= 1) push_output(L, oh, ow, v - 1);
      dma_kick();
    }
    int oy0, oy1, iy0, iy1, lo, hi;
    conv_tile(L, oh, v, &oy0, &oy1, &iy0, &iy1);
    const struct conv_operands op = { L->ibuf[v & 1], iy0, L->resident_l1, L->kappa_l1, L->lambda_l1, L->obuf[v & 1], oy0 * ow };
    share((oy1 - oy0) * ow, 2, id, cores, &lo, &hi);
    conv_pixels(L, &op, oy0 * ow + lo, oy0 * ow + hi, id, id == 0);
    if (id == 0) dma_drain();
    barrier(cores);
  }
  if (id == 0) {
    push_output(L, oh, ow, tiles - 1);
    dma_drain();
  }
}

/* ---- fully connected: output channels split across the cores ---- */

/* Channels are handed out in units that keep every core's packed outputs on whole words. */
#define FC_UNIT (OUT_BITS == 2 ? 16 : OUT_BITS == 4 ? 8 : 4)

/* Channels [lo, hi): weights of channel o at w + (o - w_o0) * row (w holds channels from w_o0 on). */
static void fc_channels(const struct cluster_layer *L, const uint32_t *x, const uint32_t *w, int w_o0, const int32_t *kappa,
                        const int32_t *lambda, uint32_t *out, int lo, int hi, int id) {
  const int w_row = ROW_WORDS(L->k, W_BITS);
  int32_t *acc = L->acc + id * L->acc_words;
  uint32_t *scratch = L->scratch + id * L->scratch_words;
  for (int o = lo; o < hi; o += L->acc_words) {
    const int cnt = hi - o < L->acc_words ? hi - o : L->acc_words;
    linear_s32(x, w + (o - w_o0) * w_row, acc, cnt, L->k, 1, scratch);
    requant_rows(acc, kappa + o, lambda + o, L->shift, cnt, 1, out + OUT_WORDS(o));
  }
}

static void fc_compute_only(const struct cluster_layer *L, int id, int cores) {
  int lo, hi;
  share(L->n, FC_UNIT, id, cores, &lo, &hi);
  fc_channels(L, L->x, L->w, 0, L->kappa, L->lambda, L->y_l1, lo, hi, id);
}

/* Weight tiles of L->tile channels double-buffered in ibuf; x and the requantization parameters are
   brought in first; outputs gather in obuf[0] and go out at the end. */
static void fc_with_dma(const struct cluster_layer *L, int id, int cores) {
  const int w_row = ROW_WORDS(L->k, W_BITS), tiles = (L->n + L->tile - 1) / L->tile;
  if (id == 0) {
    dma_push(L->x, L->resident_l1, 4 * ROW_WORDS(L->k, A_BITS));
    dma_push(L->kappa, L->kappa_l1, 4 * L->n);
    dma_push(L->lambda, L->lambda_l1, 4 * L->n);
    dma_push(L->w, L->ibuf[0], 4 * L->tile * w_row);
    dma_drain();
  }
  barrier(cores);
  for (int v = 0; v < tiles; v++) {
    const int o0 = v * L->tile, cnt = L->n - o0 < L->tile ? L->n - o0 : L->tile;
    if (id == 0 && v + 1 < tiles) {
      const int o1 = o0 + L->tile, next = L->n - o1 < L->tile ? L->n - o1 : L->tile;
      dma_push(L->w + o1 * w_row, L->ibuf[(v + 1) & 1], 4 * next * w_row);
      dma_kick();
    }
    int lo, hi;
    share(cnt, FC_UNIT, id, cores, &lo, &hi);
    fc_channels(L, L->resident_l1, L->ibuf[v & 1], o0, L->kappa_l1, L->lambda_l1, L->obuf[0], o0 + lo, o0 + hi, id);
    if (id == 0) dma_drain();
    barrier(cores);
  }
  if (id == 0) {
    dma_push(L->obuf[0], L->y, 4 * L->y_words);
    dma_drain();
  }
}

void cluster_layer_run(const struct cluster_layer *L, int id, int cores) {
  if (L->kind == LAYER_FC) {
    if (L->dma) fc_with_dma(L, id, cores);
    else fc_compute_only(L, id, cores);
  } else {
    if (L->dma) conv_with_dma(L, id, cores);
    else conv_compute_only(L, id, cores);
  }
}

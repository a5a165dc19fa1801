/* The parallel layer: work split across the cores by output pixels (convolution, pointwise: contiguous
   runs of pixel pairs, i.e. output rows) or output channels (fully connected), each core calling the
   build's linear_requant_pixels (sw/kernels/fused-pixels.h: 4-channel blocks requantized from registers) on
   its share; depthwise layers go to depthwise_layer_run (sw/cluster/depthwise.c).
   Compute-only: tensors pre-placed in the TCDM. DMA: tensors in L2, tiles of output rows (channels for fc)
   double-buffered; core 0 drives the DMA, starting queued transfers between its own pixel pairs. */
#include "cluster.h"
#include "layer.h"
#include "im2col.h"
#include "depthwise.h"
/* No linker relaxation in this unit: the hardware-loop alignment directives then pad with the exact number
   of c.nop (with relaxation the linker often leaves two executed c.nop before an aligned lp.setup). */
__asm__(".option norelax");

#define OUT_WORDS(elems) ((elems) * OUT_BITS / 32)

/* Core 0's DMA queue (cluster.h): transfers start in order whenever the engine is idle. */
static struct dma_queue dq;

/* ---- convolution and pointwise ---- */

struct conv_operands {
  const uint32_t *x; /* input rows from iy0 */
  int iy0;
  const uint32_t *w;
  const int32_t *kappa, *lambda;
  uint32_t *out; /* output pixel `out_p0` is here */
  int out_p0;
};

/* Pixels per call of the pixel pipeline: 4 with the flexv build's 4 x 4 blocks (linear_requant_quad), else
   2 (the 4 x 2 block pair of linear_requant_pixels). The work split hands out whole units of it. */
#if CLUSTER_QUAD
#define CONV_UNIT 4
#else
#define CONV_UNIT 2
#endif

/* Output pixels [lo, hi) of a convolution or pointwise layer, four at a time (CLUSTER_QUAD) and then by
   pairs (the 4 x 2 block), requantized from registers by the build's pipeline (weights in the interleaved
   block layout). Im2col rows of a call are consecutive in the core's buffer. */
static void conv_pixels(const struct cluster_layer *L, const struct conv_operands *op, int lo, int hi, int id, int drive_dma) {
  const struct conv_geometry *g = &L->g;
  const int ow = (g->width + 2 * g->pad - g->kw) / g->stride + 1;
  const int row_words = ROW_WORDS(L->k, A_BITS), out_row = OUT_WORDS(L->n);
  uint32_t *col = L->col + id * L->col_words, *scratch = L->scratch + id * L->scratch_words;
  const struct im2col_plan plan = im2col_plan_of(g);
  /* (oy, ox) of pixel p, stepped without division (a divide takes tens of cycles on the core). */
  int oy = lo / ow, ox = lo % ow;
#if CLUSTER_QUAD
  /* Weight words of the reduction, and per kernel row for the padded input's segments (one division per
     call, not per quad: tens of cycles). */
  const int w_words = ROW_WORDS(L->k, W_BITS), seg_words = L->xpad ? w_words / g->kh : 0;
#endif
  for (int p = lo; p < hi;) {
    const int np = hi - p >= CONV_UNIT ? CONV_UNIT : hi - p >= 2 ? 2 : 1;
    const uint32_t *xa;
#if CLUSTER_QUAD
    if (np == 4 && L->xpad && ox + 4 <= ow) {
      /* The quads of this output row in one call, their windows in the padded input: kernel rows are
         segments one padded row apart. */
      const int prow = L->xpad_row, step = g->stride * plan.pix_words;
      int quads = (ow - ox) / 4;
      if (quads > (hi - p) / 4) quads = (hi - p) / 4;
      linear_requant_quad(L->xpad + oy * g->stride * prow + ox * step, step, prow, g->kh, seg_words, quads, op->w, op->kappa, op->lambda, L->shift,
                          L->n, op->out + (p - op->out_p0) * out_row, out_row);
      for (ox += 4 * quads; ox >= ow; ox -= ow) oy++;
      p += 4 * quads;
      continue;
    }
    if (np == 4 && L->kind == LAYER_POINTWISE && !drive_dma) {
      /* Pointwise input rows are contiguous: the whole run of quads in one call. */
      const int quads = (hi - p) / 4;
      linear_requant_quad(op->x + (p - op->iy0 * g->width) * row_words, row_words, 0, 1, w_words, quads, op->w, op->kappa, op->lambda, L->shift,
                          L->n, op->out + (p - op->out_p0) * out_row, out_row);
      p += 4 * quads;
      for (ox += 4 * quads; ox >= ow; ox -= ow) oy++;
      continue;
    }
#endif
    if (L->kind == LAYER_POINTWISE) {
      xa = op->x + (p - op->iy0 * g->width) * row_words;
    } else {
      for (int i = 0; i + 1 < np; i += 2) {
        im2col_pair(plan, op->x, op->iy0, oy, ox, ow, col + i * row_words, col + (i + 1) * row_words);
        for (ox += 2; ox >= ow; ox -= ow) oy++;
      }
      if (np == 1) im2col_pixel(plan, op->x, op->iy0, oy, ox, col);
      xa = col;
    }
    uint32_t *out = op->out + (p - op->out_p0) * out_row;
#if CLUSTER_QUAD
    if (np == 4)
      linear_requant_quad(xa, row_words, 0, 1, w_words, 1, op->w, op->kappa, op->lambda, L->shift, L->n, out, out_row);
    else
#endif
      linear_requant_pixels(xa, xa + row_words, np, op->w, op->kappa, op->lambda, L->shift, L->n, L->k, out, out + out_row, scratch);
    p += np;
    if (drive_dma) dma_queue_kick(&dq);
  }
}

/* The zero-padded copy of the input (L->xpad), rows shared out to the cores; the caller waits at a barrier. */
static void pad_input(const struct cluster_layer *L, int id, int cores) {
  const struct conv_geometry *g = &L->g;
  const int pix = ROW_WORDS(g->cin, A_BITS), side = g->pad * pix, row = g->width * pix, prow = L->xpad_row;
  int lo, hi;
  cluster_share(g->height + 2 * g->pad, 1, id, cores, &lo, &hi);
  for (int r = lo; r < hi; r++) {
    uint32_t *dst = L->xpad + r * prow;
    const int iy = r - g->pad;
    if (iy < 0 || iy >= g->height) {
      im2col_zero(dst, prow);
      continue;
    }
    if (side) dst = im2col_zero(dst, side);
    dst = im2col_copy(L->x + iy * row, dst, row);
    im2col_zero(dst, prow - row - side); /* the right padding and the pitch's spare words */
  }
}

static void conv_compute_only(const struct cluster_layer *L, int id, int cores) {
  const struct conv_operands op = { L->x, 0, L->w, L->kappa, L->lambda, L->y_l1, 0 };
  int lo, hi;
  if (L->xpad) {
    pad_input(L, id, cores);
    barrier(cores);
  }
  cluster_share(L->pixels, CONV_UNIT, id, cores, &lo, &hi);
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
  dma_queue_push(&dq, L->x + iy0 * L->g.width * pix_words, L->ibuf[v & 1], 4 * (iy1 - iy0) * L->g.width * pix_words);
}

/* Core 0 queues the outputs of tile v from obuf[v % 2] to L2. */
static void push_output(const struct cluster_layer *L, int oh, int ow, int v) {
  int oy0, oy1, iy0, iy1;
  conv_tile(L, oh, v, &oy0, &oy1, &iy0, &iy1);
  dma_queue_push(&dq, L->obuf[v & 1], L->y + OUT_WORDS(oy0 * ow * L->n), 4 * OUT_WORDS((oy1 - oy0) * ow * L->n));
}

/* Tile v computes from ibuf[v % 2] into obuf[v % 2] while the DMA brings tile v + 1 in and tile v - 1 out:
   both buffers they touch were released at the previous barrier. */
static void conv_with_dma(const struct cluster_layer *L, int id, int cores) {
  const struct conv_geometry *g = &L->g;
  const int ow = (g->width + 2 * g->pad - g->kw) / g->stride + 1, oh = L->pixels / ow;
  const int tiles = (oh + L->tile - 1) / L->tile;
  if (id == 0) {
    dma_queue_push(&dq, L->w, L->resident_l1, 4 * ROW_WORDS(L->n * L->k, W_BITS));
    dma_queue_push(&dq, L->kappa, L->kappa_l1, 4 * L->n);
    dma_queue_push(&dq, L->lambda, L->lambda_l1, 4 * L->n);
    push_input(L, oh, 0);
    dma_queue_drain(&dq);
  }
  barrier(cores);
  for (int v = 0; v < tiles; v++) {
    if (id == 0) {
      if (v + 1 < tiles) push_input(L, oh, v + 1);
      if (v >= 1) push_output(L, oh, ow, v - 1);
      dma_queue_kick(&dq);
    }
    int oy0, oy1, iy0, iy1, lo, hi;
    conv_tile(L, oh, v, &oy0, &oy1, &iy0, &iy1);
    const struct conv_operands op = { L->ibuf[v & 1], iy0, L->resident_l1, L->kappa_l1, L->lambda_l1, L->obuf[v & 1], oy0 * ow };
    cluster_share((oy1 - oy0) * ow, CONV_UNIT, id, cores, &lo, &hi);
    conv_pixels(L, &op, oy0 * ow + lo, oy0 * ow + hi, id, id == 0);
    if (id == 0) dma_queue_drain(&dq);
    barrier(cores);
  }
  if (id == 0) {
    push_output(L, oh, ow, tiles - 1);
    dma_queue_drain(&dq);
  }
}

/* ---- fully connected: output channels split across the cores ---- */

/* Channels are handed out in units that keep every core's packed outputs on whole words. */
#define FC_UNIT (OUT_BITS == 2 ? 16 : OUT_BITS == 4 ? 8 : 4)

/* Channels [lo, hi) (whole output words): the pixel pipeline on one pixel; weights in the interleaved block
   layout, channel o's block at w + (o - w_o0) * row (w holds channels from w_o0 on). */
static void fc_channels(const struct cluster_layer *L, const uint32_t *x, const uint32_t *w, int w_o0, const int32_t *kappa,
                        const int32_t *lambda, uint32_t *out, int lo, int hi, int id) {
  if (hi <= lo) return;
  uint32_t *scratch = L->scratch + id * L->scratch_words;
  linear_requant_pixels(x, x, 1, w + (lo - w_o0) * ROW_WORDS(L->k, W_BITS), kappa + lo, lambda + lo, L->shift, hi - lo, L->k,
                        out + OUT_WORDS(lo), out + OUT_WORDS(lo), scratch);
}

static void fc_compute_only(const struct cluster_layer *L, int id, int cores) {
  int lo, hi;
  cluster_share(L->n, FC_UNIT, id, cores, &lo, &hi);
  fc_channels(L, L->x, L->w, 0, L->kappa, L->lambda, L->y_l1, lo, hi, id);
}

/* Weight tiles of L->tile channels double-buffered in ibuf; x and the requantization parameters are
   brought in first; outputs gather in obuf[0] and go out at the end. */
static void fc_with_dma(const struct cluster_layer *L, int id, int cores) {
  const int w_row = ROW_WORDS(L->k, W_BITS), tiles = (L->n + L->tile - 1) / L->tile;
  if (id == 0) {
    dma_queue_push(&dq, L->x, L->resident_l1, 4 * ROW_WORDS(L->k, A_BITS));
    dma_queue_push(&dq, L->kappa, L->kappa_l1, 4 * L->n);
    dma_queue_push(&dq, L->lambda, L->lambda_l1, 4 * L->n);
    dma_queue_push(&dq, L->w, L->ibuf[0], 4 * L->tile * w_row);
    dma_queue_drain(&dq);
  }
  barrier(cores);
  for (int v = 0; v < tiles; v++) {
    const int o0 = v * L->tile, cnt = L->n - o0 < L->tile ? L->n - o0 : L->tile;
    if (id == 0 && v + 1 < tiles) {
      const int o1 = o0 + L->tile, next = L->n - o1 < L->tile ? L->n - o1 : L->tile;
      dma_queue_push(&dq, L->w + o1 * w_row, L->ibuf[(v + 1) & 1], 4 * next * w_row);
      dma_queue_kick(&dq);
    }
    int lo, hi;
    cluster_share(cnt, FC_UNIT, id, cores, &lo, &hi);
    fc_channels(L, L->resident_l1, L->ibuf[v & 1], o0, L->kappa_l1, L->lambda_l1, L->obuf[0], o0 + lo, o0 + hi, id);
    if (id == 0) dma_queue_drain(&dq);
    barrier(cores);
  }
  if (id == 0) {
    dma_queue_push(&dq, L->obuf[0], L->y, 4 * L->y_words);
    dma_queue_drain(&dq);
  }
}

void cluster_layer_run(const struct cluster_layer *L, int id, int cores) {
  if (L->kind == LAYER_DEPTHWISE) { depthwise_layer_run(L, id, cores); return; }
  if (L->kind == LAYER_FC) {
    if (L->dma) fc_with_dma(L, id, cores);
    else fc_compute_only(L, id, cores);
  } else {
    if (L->dma) conv_with_dma(L, id, cores);
    else conv_compute_only(L, id, cores);
  }
}

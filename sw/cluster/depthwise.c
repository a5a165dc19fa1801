/* Depthwise convolution on the cluster (docs/cluster-kernels.md, "Depthwise convolution"). Work unit: a
   block of channels that fills whole output words (32 / OUT_BITS channels) x a chunk of output rows, handed
   out to the cores in contiguous runs, block-major. Per channel of a unit, down its rows:
     1. column stream: the window's kh input rows as columns (column j = input column j - pad, its lane ky
        = window row ky, zero outside the image), DW_PA bits per lane (depthwise.h); gathered for the first
        row of a run, then slid down (the rows that stay shift down, only the new rows are read);
     2. outputs: each is the sum of a few dot products of consecutive column groups with the channel's
        weight words for its phase (laid out host-side, zero where no tap falls); requantized (bn_quant,
        src/kernels/ref/requant.ts) and inserted into the packed HWC output. 8-bit lanes, stride 1, kw = 3:
        the slide and the outputs in one loop (dw_slide_rows3).
   Every build runs the 8-bit stream by default (depthwise-plan.ts, lanes 'fastest'). With lanes 'native'
   the flexv build keeps the column stream at the activation width (a < w: several groups per packed
   word) and its mixed dot products read the activations packed (DW_STORE, DW_CYCLE_RESET).
   The flexv build runs the layer in status-based mode (spec §5, revision 2): ivec_fmt = FLEXV_FMT(DW_PA,
   DW_D) (VEC_MODE8 by default; a < w native: flexv's extension formats 11..13), the register-form dot
   products take their widths from it; sb_legacy = 1 again before returning to main. The code run in
   between has no other packed-SIMD (opcode 0x57) or Mac&Load instruction, so its decoding does not
   depend on the mode.
   Compute-only: tensors in the TCDM. DMA: tiles of output rows, input bands and outputs double-buffered. */
#include "cluster.h"
#include "depthwise.h"
#include "flexv.h"
#include "macload.h"

/* Same reason as layer_run.c: the first scheduling pass hoists loads and spills. */
#pragma GCC optimize("no-schedule-insns", "no-tree-loop-distribute-patterns")

#define A_PER_WORD (32 / A_BITS)
#define OUT_PER_WORD (32 / OUT_BITS)

/* flexv: ivec_skip_size at its largest, so the sub-group index stays 0 (every stream word has its group
   in sub-group 0, DW_STORE) for DW_SKIP dot products after each write of ivec_mixed_cycle (DW_CYCLE_RESET). */
#define DW_SKIP (FLEXV_IVEC_SKIP_SIZE_SKIP_MASK >> FLEXV_IVEC_SKIP_SIZE_SKIP_SHIFT)

/* The dot product of the build: DW_DOT0 starts a sum, DW_DOT accumulates. flexv: status-based, the
   widths (DW_PA activations, DW_D weights) from ivec_fmt, whatever the encoding's lane width. */
#if defined(CLUSTER_BUILD_FLEXV)
#define DW_FMT FLEXV_FMT(DW_PA, DW_D)
_Static_assert(DW_FMT > 0, "no status-based format for (DW_PA, DW_D)");
#define DW_DOT0(a, w) FLEXV_DOTUSP_B(a, w)
#define DW_DOT(acc, a, w) FLEXV_SDOTUSP_B(acc, a, w)
#elif DW_D == 8
#define DW_DOT0(a, w) FLEXV_DOTUSP_B(a, w)
#define DW_DOT(acc, a, w) FLEXV_SDOTUSP_B(acc, a, w)
#elif DW_D == 4
#define DW_DOT0(a, w) FLEXV_DOTUSP_N(a, w)
#define DW_DOT(acc, a, w) FLEXV_SDOTUSP_N(acc, a, w)
#else
#define DW_DOT0(a, w) FLEXV_DOTUSP_C(a, w)
#define DW_DOT(acc, a, w) FLEXV_SDOTUSP_C(acc, a, w)
#endif

/* Where a unit reads and writes: input rows from `row0` at x, output rows from `out_row0` at out. */
struct dw_operands {
  const uint32_t *x;
  int row0;
  const uint32_t *w;
  const int32_t *kappa, *lambda;
  uint8_t *out;
  int out_row0;
};

/* Element of channel c in row r of the window at column pointer q: rows are `off[r]` bytes apart (register
   offset loads, p.lbu / p.lw rd, rs2(rs1)); ex is the element's field as p.extractu takes it. */
#if A_BITS == 8
#define DW_ELEM_AT(q, off, ex) FLEXV_LBU_RR(q, off)
#else
#define DW_ELEM_AT(q, off, ex) FLEXV_EXTRACTU(FLEXV_LW_RR(q, off), ex)
#endif

/* Packed stream word i holds groups i * DW_RA ... of the columns. It is stored once per group (DW_RA
   times), shifted so that group g is sub-group 0 of word g: the dot products walk the stream with one
   pointer, and with DW_RA > 1 (flexv, a < w) the mixed dot product always reads sub-group 0. Word
   i * DW_RA is the packed word itself (what sliding reads back). */
#define DW_STORE(col, i, v) do { \
    const uint32_t v_ = (v); \
    _Pragma("GCC unroll 4") for (int r_ = 0; r_ < DW_RA; r_++) (col)[(i) * DW_RA + r_] = v_ >> (r_ * (32 / DW_RA)); \
  } while (0)

/* flexv with narrower activations: sub-group 0 again (the write also restarts the skip count), so that the
   index stays 0 for the next DW_SKIP dot products. */
#if defined(CLUSTER_BUILD_FLEXV) && DW_RA > 1
#define DW_CYCLE_RESET() FLEXV_SET_MIXED_CYCLE(0)
#else
#define DW_CYCLE_RESET() ((void)0)
#endif

/* Stream words [i0, i1) from window rows [KY0, KY0 + R) (lanes KY0..), all inside the image. q points at
   row KY0's pixel of image column ix = i0 * DW_WORD_COLS - pad (channel c's byte or word) and walks along.
   CHECKED: columns may fall outside the image (edge words; they stay zero). */
static inline __attribute__((always_inline)) void dw_gather_words(const int KY0, const int R, const int CHECKED, const uint8_t *q, int row_bytes,
                                                                  int pix_bytes, uint32_t ex, int ix, int width, int i0, int i1, uint32_t *col) {
  int off[DW_COL_LANES];
#pragma GCC unroll 4
  for (int r = 0; r < R; r++) off[r] = r * row_bytes;
  (void)ex;
  for (int i = i0; i < i1; i++) {
    uint32_t v = 0;
#pragma GCC unroll 4
    for (int t = 0; t < DW_WORD_COLS; t++, ix++, q += pix_bytes) {
      if (CHECKED && (unsigned)ix >= (unsigned)width) continue;
#pragma GCC unroll 4
      for (int r = 0; r < R; r++) v = FLEXV_INSERTI(v, DW_ELEM_AT(q, off[r], ex), DW_PA - 1, (t * DW_COL_LANES + KY0 + r) * DW_PA);
    }
    DW_STORE(col, i, v);
  }
}

/* All stream words, for window rows [KY0, KY0 + R): edge words checked, the others not. */
static inline __attribute__((always_inline)) void dw_gather_rows(const int KY0, const int R, const struct conv_geometry *g, const uint8_t *p0, int row_bytes,
                                                                 int pix_bytes, uint32_t ex, int words, uint32_t *col) {
  const int pad = g->pad, width = g->width;
  /* Words whose columns all lie in the image: [i0, i1). */
  int i0 = (pad + DW_WORD_COLS - 1) / DW_WORD_COLS, i1 = (pad + width) / DW_WORD_COLS;
  if (i1 > words) i1 = words;
  if (i0 > i1) i0 = i1 = words;
  const uint8_t *start = p0 - pad * pix_bytes;
  dw_gather_words(KY0, R, 1, start, row_bytes, pix_bytes, ex, -pad, width, 0, i0, col);
  dw_gather_words(KY0, R, 0, start + i0 * DW_WORD_COLS * pix_bytes, row_bytes, pix_bytes, ex, i0 * DW_WORD_COLS - pad, width, i0, i1, col);
  dw_gather_words(KY0, R, 1, start + i1 * DW_WORD_COLS * pix_bytes, row_bytes, pix_bytes, ex, i1 * DW_WORD_COLS - pad, width, i1, words, col);
}

#define DW_ROWS_CASE(ky0, n) \
  case (ky0) * 8 + (n): dw_gather_rows(ky0, n, g, p0, row_bytes, pix_bytes, ex, words, col); break;

/* Column stream of channel c for output row oy (`words` words): column j holds input column j - pad, its
   lane ky the window row ky, zero outside the image. Input rows from row0 at x. */
static void dw_gather(const struct cluster_layer *L, const uint32_t *x, int row0, int oy, int c, int words, uint32_t *col) {
  const struct conv_geometry *g = &L->g;
  const int pix_bytes = g->cin * A_BITS / 8, row_bytes = g->width * pix_bytes;
  const int top = oy * g->stride - g->pad;
  const int ky0 = top < 0 ? -top : 0, ky1 = g->height - top < g->kh ? g->height - top : g->kh;
  if (ky0 >= ky1) {
    for (int i = 0; i < words; i++) DW_STORE(col, i, 0);
    return;
  }
  const uint32_t ex = ((A_BITS - 1) << 5) | ((c % A_PER_WORD) * A_BITS);
#if A_BITS == 8
  const uint8_t *p0 = (const uint8_t *)x + c + (top + ky0 - row0) * row_bytes;
#else
  const uint8_t *p0 = (const uint8_t *)(x + c / A_PER_WORD) + (top + ky0 - row0) * row_bytes;
#endif
  switch (ky0 * 8 + (ky1 - ky0)) {
    DW_ROWS_CASE(0, 1) DW_ROWS_CASE(0, 2) DW_ROWS_CASE(0, 3) DW_ROWS_CASE(0, 4)
    DW_ROWS_CASE(1, 1) DW_ROWS_CASE(1, 2) DW_ROWS_CASE(1, 3)
    DW_ROWS_CASE(2, 1) DW_ROWS_CASE(2, 2)
    DW_ROWS_CASE(3, 1)
    default: break;
  }
}

/* Sliding down to the next output row (stride < kh): the window rows that stay move down `stride` lanes
   (one shift of the whole word; the lanes that leak in from the next column are masked off), and only the
   NR = stride new rows are read, into lanes [kept, kh). Same walk and CHECKED as dw_gather_words. */
static inline __attribute__((always_inline)) void dw_slide_words(const int NR, const int CHECKED, const uint8_t *q, int row_bytes, int pix_bytes,
                                                                 uint32_t ex, int ix, int width, int i0, int i1, uint32_t shift, uint32_t keep,
                                                                 uint32_t ins0, uint32_t *col) {
  (void)ex;
  for (int i = i0; i < i1; i++) {
    uint32_t v = col[i * DW_RA] >> shift;
    /* One column per word: the shift brings in zeros, nothing leaks from a neighbour. */
    if (DW_WORD_COLS > 1) v &= keep;
#pragma GCC unroll 4
    for (int t = 0; t < DW_WORD_COLS; t++, ix++, q += pix_bytes) {
      if (CHECKED && (unsigned)ix >= (unsigned)width) continue;
#pragma GCC unroll 2
      for (int r = 0; r < NR; r++) v = FLEXV_INSERT(v, DW_ELEM_AT(q, r * row_bytes, ex), ins0 + (t * DW_COL_LANES + r) * DW_PA);
    }
    DW_STORE(col, i, v);
  }
}

/* Interior stream words [i0, i1) of a row: those whose columns all lie in the image. */
static inline __attribute__((always_inline)) void dw_interior(const struct conv_geometry *g, int words, int *i0, int *i1) {
  *i0 = (g->pad + DW_WORD_COLS - 1) / DW_WORD_COLS;
  *i1 = (g->pad + g->width) / DW_WORD_COLS;
  if (*i1 > words) *i1 = words;
  if (*i0 > *i1) *i0 = *i1 = words;
}

static inline __attribute__((always_inline)) void dw_slide_rows(const int NR, const struct conv_geometry *g, const uint8_t *p0, int row_bytes, int pix_bytes,
                                                                uint32_t ex, int words, int i0, int i1, uint32_t shift, uint32_t keep, uint32_t ins0,
                                                                uint32_t *col) {
  const int pad = g->pad, width = g->width;
  const uint8_t *start = p0 - pad * pix_bytes;
  /* With one column per word, the words outside the image are padding columns: zero in every row, they
     stay zero (the gather of the run's first row wrote them). */
  if (DW_WORD_COLS > 1) dw_slide_words(NR, 1, start, row_bytes, pix_bytes, ex, -pad, width, 0, i0, shift, keep, ins0, col);
  dw_slide_words(NR, 0, start + i0 * DW_WORD_COLS * pix_bytes, row_bytes, pix_bytes, ex, i0 * DW_WORD_COLS - pad, width, i0, i1, shift, keep, ins0, col);
  if (DW_WORD_COLS > 1) dw_slide_words(NR, 1, start + i1 * DW_WORD_COLS * pix_bytes, row_bytes, pix_bytes, ex, i1 * DW_WORD_COLS - pad, width, i1, words, shift, keep, ins0, col);
}

/* Keeps the lanes [0, kept) of every column of a stream word. */
static inline __attribute__((always_inline)) uint32_t dw_keep_mask(int kept) {
  uint32_t keep = 0;
  for (int t = 0; t < DW_WORD_COLS; t++) keep |= ((1u << (kept * DW_PA)) - 1) << (t * DW_COL_LANES * DW_PA);
  return keep;
}

/* The column stream of output row oy from that of row oy - 1 (stride < kh). */
static void dw_slide(const struct cluster_layer *L, const uint32_t *x, int row0, int oy, int c, int words, uint32_t *col) {
  const struct conv_geometry *g = &L->g;
  const int pix_bytes = g->cin * A_BITS / 8, row_bytes = g->width * pix_bytes;
  const int kept = g->kh - g->stride, top = oy * g->stride - g->pad;
  /* New window rows [kept, kh) that lie in the image: [ky0, ky1). */
  int ky0 = kept, ky1 = g->kh;
  if (top + ky0 < 0) ky0 = -top;
  if (top + ky1 > g->height) ky1 = g->height - top;
  const uint32_t keep = dw_keep_mask(kept), shift = g->stride * DW_PA;
  if (ky0 >= ky1) {
    for (int i = 0; i < words; i++) DW_STORE(col, i, (col[i * DW_RA] >> shift) & keep);
    return;
  }
  const uint32_t ex = ((A_BITS - 1) << 5) | ((c % A_PER_WORD) * A_BITS);
  const uint32_t ins0 = ((DW_PA - 1) << 5) | (ky0 * DW_PA);
#if A_BITS == 8
  const uint8_t *p0 = (const uint8_t *)x + c + (top + ky0 - row0) * row_bytes;
#else
  const uint8_t *p0 = (const uint8_t *)(x + c / A_PER_WORD) + (top + ky0 - row0) * row_bytes;
#endif
  int i0, i1;
  dw_interior(g, words, &i0, &i1);
  if (ky1 - ky0 == 1) dw_slide_rows(1, g, p0, row_bytes, pix_bytes, ex, words, i0, i1, shift, keep, ins0, col);
  else if (ky1 - ky0 == 2) dw_slide_rows(2, g, p0, row_bytes, pix_bytes, ex, words, i0, i1, shift, keep, ins0, col);
  else dw_gather(L, x, row0, oy, c, words, col);
}

/* One pass: `count` outputs `stride_bytes` apart, the first at column group col[0], each `adv` groups after
   the previous, M dot products each with the weight words wv[0..M). */
static inline __attribute__((always_inline)) void dw_pass(const int M, const uint32_t *col, int adv, const uint32_t *wv, int count,
                                                          uint8_t *out, int stride_bytes, uint32_t kappa, uint32_t lambda, int shift, uint32_t ins) {
  uint32_t w[8];
#pragma GCC unroll 8
  for (int m = 0; m < M; m++) w[m] = wv[m];
  (void)ins;
  for (int i = 0; i < count; i++) {
    DW_CYCLE_RESET();
    uint32_t acc = DW_DOT0(col[0], w[0]);
#pragma GCC unroll 8
    for (int m = 1; m < M; m++) acc = DW_DOT(acc, col[m], w[m]);
    col += adv;
    /* bn_quant (src/kernels/ref/requant.ts), the multiply-add in one p.mac. */
    const uint32_t q = FLEXV_CLIPUI((int32_t)FLEXV_MAC(lambda, acc, kappa) >> shift, OUT_BITS + 1);
#if OUT_BITS == 8
    FLEXV_SB_RR_POSTINC(q, out, stride_bytes);
#else
    const uint32_t o = FLEXV_INSERT(*(const uint32_t *)out, q, ins);
    FLEXV_SW_RR_POSTINC(o, out, stride_bytes);
#endif
  }
}

/* Requantizes one sum and stores it into the packed output at o: bn_quant as src/kernels/ref/requant.ts,
   out = clip((acc * kappa + lambda) >> shift, 0, 2^OUT_BITS - 1), the multiply-add wrapping in one p.mac. */
static inline __attribute__((always_inline)) void dw_out(uint32_t acc, uint32_t kappa, uint32_t lambda, int shift, uint32_t ins, uint8_t *o) {
  const uint32_t q = FLEXV_CLIPUI((int32_t)FLEXV_MAC(lambda, acc, kappa) >> shift, OUT_BITS + 1);
  (void)ins;
#if OUT_BITS == 8
  *o = (uint8_t)q;
#else
  *(uint32_t *)o = FLEXV_INSERT(*(const uint32_t *)o, q, ins);
#endif
}

/* Dot products of phase PHI of a 3-wide window: ceil((PHI + 3) / group) groups. */
#define DW3_DOTS(phi) (((phi) + 3 + DW_GROUP_COLS - 1) / DW_GROUP_COLS)

/* Stride 1, kw = 3: the outputs of a row in runs of one group
   (DW_GROUP_COLS outputs, one per phase): the run's stream words are loaded once for all its phases and
   every phase's weights stay in registers. The last ow % group outputs one by one. */
static inline __attribute__((always_inline)) void dw_row3(int ow, const uint32_t *col, const uint32_t *wc, int phase_words, int pix_bytes, uint32_t kappa,
                                                          uint32_t lambda, int shift, uint32_t ins, uint8_t *o) {
  enum { G = DW_GROUP_COLS, MAXD = DW3_DOTS(DW_GROUP_COLS - 1) };
  uint32_t w[G][MAXD];
#pragma GCC unroll 4
  for (int phi = 0; phi < G; phi++)
#pragma GCC unroll 4
    for (int m = 0; m < DW3_DOTS(phi); m++) w[phi][m] = wc[phi * phase_words + m];
  const int runs = ow / G;
#if defined(CLUSTER_BUILD_FLEXV) && DW_RA > 1
  /* Runs between two writes of ivec_mixed_cycle: at most DW_SKIP mixed dot products. */
  enum { RUN_DOTS = G == 1 ? 3 : G == 2 ? 4 : 6, RESET_RUNS = DW_SKIP / RUN_DOTS };
  for (int r0 = 0; r0 < runs; r0 += RESET_RUNS) {
    DW_CYCLE_RESET();
    const int r1 = runs - r0 < RESET_RUNS ? runs : r0 + RESET_RUNS;
#else
  {
    const int r0 = 0, r1 = runs;
#endif
    for (int r = r0; r < r1; r++, col++, o += G * pix_bytes) {
      uint32_t a[MAXD];
#pragma GCC unroll 4
      for (int m = 0; m < MAXD; m++) a[m] = col[m];
#pragma GCC unroll 4
      for (int phi = 0; phi < G; phi++) {
        uint32_t acc = DW_DOT0(a[0], w[phi][0]);
#pragma GCC unroll 4
        for (int m = 1; m < DW3_DOTS(phi); m++) acc = DW_DOT(acc, a[m], w[phi][m]);
        dw_out(acc, kappa, lambda, shift, ins, o + phi * pix_bytes);
      }
    }
  }
  DW_CYCLE_RESET();
  for (int phi = 0; phi < ow - runs * G; phi++) {
    uint32_t acc = DW_DOT0(col[0], w[phi][0]);
    for (int m = 1; m < DW3_DOTS(phi); m++) acc = DW_DOT(acc, col[m], w[phi][m]);
    dw_out(acc, kappa, lambda, shift, ins, o + phi * pix_bytes);
  }
}

#if DW_WORD_COLS == 1 && DW_GROUP_COLS == 1
/* One column per word and per dot product (8-bit lanes), stride 1, kw = 3, the new window row (lane
   kh - 1) inside the image: the slide and the outputs of `rows` consecutive rows, each in one pass. Column
   j + 2 is slid when output j needs it and the window's three columns rotate in registers (one stream load
   per output). Columns outside the image are zero and stay so. xnew: the first row's new input row at image
   column 0 (channel c's byte or word); o: the first row's first output of channel c. The row loop is here,
   not in the caller, so that the weights and the row constants stay in registers from row to row. */
static __attribute__((noinline)) void dw_slide_rows3(const struct conv_geometry *g, uint32_t *col, const uint8_t *xnew, uint32_t ex, const uint32_t *wc, uint32_t kappa,
                          uint32_t lambda, int shift, uint32_t ins, uint8_t *o_row, int rows) {
  const int pad = g->pad, width = g->width, ow = width + 2 * pad - 2, pix_bytes = g->cin * A_BITS / 8;
  const int out_pix = g->cin * OUT_BITS / 8, in_row = width * pix_bytes, out_row = ow * out_pix;
  const uint32_t ins_new = ((DW_PA - 1) << 5) | ((g->kh - 1) * DW_PA);
  const uint32_t w0 = wc[0], w1 = wc[1], w2 = wc[2];
  (void)ex;
  for (; rows > 0; rows--, xnew += in_row, o_row += out_row) {
    uint8_t *o = o_row;
    /* Column j slid in place (zero outside the image). */
#define DW_SLID(j) ((unsigned)((j) - pad) < (unsigned)width \
      ? (col[j] = FLEXV_INSERT(col[j] >> DW_PA, DW_ELEM_AT(xnew, ((j) - pad) * pix_bytes, ex), ins_new)) : 0u)
    uint32_t c0 = DW_SLID(0), c1 = DW_SLID(1);
    /* Outputs whose new column (ox + 2) lies in the image: [a, b). */
    int a = pad - 2, b = pad + width - 2;
    if (a < 0) a = 0;
    if (b > ow) b = ow;
    if (a > b) a = b;
    int ox = 0;
    for (; ox < a; ox++, o += out_pix) {
      dw_out(DW_DOT(DW_DOT0(c0, w0), c1, w1), kappa, lambda, shift, ins, o);
      c0 = c1;
      c1 = 0;
    }
    uint32_t *cp = col + a + 2;
    const uint8_t *q = xnew + (a + 2 - pad) * pix_bytes;
    /* One output: slide column ox + 2 into cn, sum the window (cx, cy, cn). Unrolled by 3 so that the three
       columns rotate by renaming, not by moves. */
#if A_BITS == 8
#define DW_NEXT_ELEM() FLEXV_LBU_RR_POSTINC(q, pix_bytes)
#else
#define DW_NEXT_ELEM() FLEXV_EXTRACTU(FLEXV_LW_RR_POSTINC(q, pix_bytes), ex)
#endif
#define DW_STEP(cx, cy, cn) do { \
      cn = FLEXV_INSERT(*cp >> DW_PA, DW_NEXT_ELEM(), ins_new); \
      *cp++ = cn; \
      dw_out(DW_DOT(DW_DOT(DW_DOT0(cx, w0), cy, w1), cn, w2), kappa, lambda, shift, ins, o); \
      o += out_pix; \
    } while (0)
    uint32_t c2;
    for (; ox + 3 <= b; ox += 3) {
      DW_STEP(c0, c1, c2);
      DW_STEP(c1, c2, c0);
      DW_STEP(c2, c0, c1);
    }
    for (; ox < b; ox++) {
      DW_STEP(c0, c1, c2);
      c0 = c1;
      c1 = c2;
    }
#undef DW_STEP
#undef DW_NEXT_ELEM
    for (; ox < ow; ox++, o += out_pix) {
      dw_out(DW_DOT(DW_DOT0(c0, w0), c1, w1), kappa, lambda, shift, ins, o);
      c0 = c1;
      c1 = 0;
    }
  }
#undef DW_SLID
}
#endif

/* The outputs of channel c on one output row: `out` is the row's first pixel. */
static inline __attribute__((always_inline)) void dw_row(const struct cluster_layer *L, const uint32_t *col, const uint32_t *wc, int c, uint32_t kappa, uint32_t lambda, uint8_t *out) {
  const int pix_bytes = L->g.cin * OUT_BITS / 8, stride_bytes = L->dw_step * pix_bytes, adv = L->dw_adv, shift = L->shift;
  const uint32_t ins = ((OUT_BITS - 1) << 5) | ((c % OUT_PER_WORD) * OUT_BITS);
#if OUT_BITS == 8
  uint8_t *o = out + c;
#else
  uint8_t *o = out + (c / OUT_PER_WORD) * 4;
#endif
  if (L->g.stride == 1 && L->g.kw == 3) {
    const int ow = L->g.width + 2 * L->g.pad - 2;
    dw_row3(ow, col, wc, L->dw_phase_words, pix_bytes, kappa, lambda, shift, ins, o);
    return;
  }
  const struct dw_pass *ps = L->dw_pass;
  for (int p = 0; p < L->dw_npasses; p++, o += pix_bytes) {
    const struct dw_pass *q = &ps[p];
    const uint32_t *wv = wc + q->weights;
    const uint32_t *cg = col + q->grp;
    switch (q->dots) {
      case 1: dw_pass(1, cg, adv, wv, q->count, o, stride_bytes, kappa, lambda, shift, ins); break;
      case 2: dw_pass(2, cg, adv, wv, q->count, o, stride_bytes, kappa, lambda, shift, ins); break;
      case 3: dw_pass(3, cg, adv, wv, q->count, o, stride_bytes, kappa, lambda, shift, ins); break;
      case 4: dw_pass(4, cg, adv, wv, q->count, o, stride_bytes, kappa, lambda, shift, ins); break;
      case 5: dw_pass(5, cg, adv, wv, q->count, o, stride_bytes, kappa, lambda, shift, ins); break;
      case 6: dw_pass(6, cg, adv, wv, q->count, o, stride_bytes, kappa, lambda, shift, ins); break;
      case 7: dw_pass(7, cg, adv, wv, q->count, o, stride_bytes, kappa, lambda, shift, ins); break;
      default: dw_pass(8, cg, adv, wv, q->count, o, stride_bytes, kappa, lambda, shift, ins); break;
    }
  }
}

/* Output rows [oy0, oy1) (a tile, or the whole layer), split into units of (block of channels filling
   whole output words, chunk of rows): a core takes a contiguous run of units, block-major, and for each
   channel of a block walks down its rows, gathering the first row's column stream and sliding to the next
   ones. Chunks per block: enough for about two units per core. */
static void dw_rows(const struct cluster_layer *L, const struct dw_operands *op, int oy0, int oy1, int id, int cores, struct dma_queue *dq) {
  const struct conv_geometry *g = &L->g;
  const int ow = (g->width + 2 * g->pad - g->kw) / g->stride + 1;
  const int blocks = g->cin / OUT_PER_WORD, row_bytes = ow * g->cin * OUT_BITS / 8, rows = oy1 - oy0;
  const int words = ((ow - 1) * g->stride + g->kw + DW_WORD_COLS - 1) / DW_WORD_COLS;
  const int slide = g->stride < g->kh;
  int chunks = (2 * cores + blocks - 1) / blocks;
  if (chunks > rows) chunks = rows;
  const int chunk_rows = (rows + chunks - 1) / chunks;
  chunks = (rows + chunk_rows - 1) / chunk_rows;
  int lo, hi;
  cluster_share(blocks * chunks, 1, id, cores, &lo, &hi);
  uint32_t *col = L->col + id * L->col_words;
  for (int u = lo; u < hi;) {
    /* This core's consecutive chunks of one block make one run of rows. */
    const int block = u / chunks, u_end = (block + 1) * chunks < hi ? (block + 1) * chunks : hi;
    const int r0 = oy0 + (u % chunks) * chunk_rows, r1e = oy0 + ((u_end - 1) % chunks + 1) * chunk_rows;
    const int r1 = r1e < oy1 ? r1e : oy1;
    for (int c = block * OUT_PER_WORD; c < (block + 1) * OUT_PER_WORD; c++) {
      const uint32_t *wc = op->w + c * L->dw_channel_words;
      const uint32_t kappa = (uint32_t)op->kappa[c], lambda = (uint32_t)op->lambda[c];
      for (int oy = r0; oy < r1; oy++) {
        uint8_t *out = op->out + (oy - op->out_row0) * row_bytes;
#if DW_WORD_COLS == 1 && DW_GROUP_COLS == 1
        /* Rows [oy, fused_end) slide with their new input row inside the image: all in one call. */
        const int new_row = oy - g->pad + g->kh - 1, last = g->height + g->pad - g->kh + 1;
        const int fused_end = r1 < last ? r1 : last;
        if (oy > r0 && g->stride == 1 && g->kw == 3 && oy < fused_end) {
          const uint32_t ex = ((A_BITS - 1) << 5) | ((c % A_PER_WORD) * A_BITS);
          const uint32_t ins = ((OUT_BITS - 1) << 5) | ((c % OUT_PER_WORD) * OUT_BITS);
          const uint8_t *xnew = (const uint8_t *)op->x + (new_row - op->row0) * g->width * (g->cin * A_BITS / 8) + (A_BITS == 8 ? c : (c / A_PER_WORD) * 4);
          uint8_t *o = out + (OUT_BITS == 8 ? c : (c / OUT_PER_WORD) * 4);
          dw_slide_rows3(g, col, xnew, ex, wc, kappa, lambda, L->shift, ins, o, fused_end - oy);
          oy = fused_end - 1;
          continue;
        }
#endif
        if (oy > r0 && slide) dw_slide(L, op->x, op->row0, oy, c, words, col);
        else dw_gather(L, op->x, op->row0, oy, c, words, col);
        dw_row(L, col, wc, c, kappa, lambda, out);
      }
      if (dq) dma_queue_kick(dq);
    }
    u = u_end;
  }
}

static void dw_compute_only(const struct cluster_layer *L, int id, int cores) {
  const struct conv_geometry *g = &L->g;
  const int ow = (g->width + 2 * g->pad - g->kw) / g->stride + 1, oh = L->pixels / ow;
  const struct dw_operands op = { L->x, 0, L->w, L->kappa, L->lambda, (uint8_t *)L->y_l1, 0 };
  dw_rows(L, &op, 0, oh, id, cores, 0);
}

/* Output rows [*oy0, *oy1) of tile v and the input rows [*iy0, *iy1) they read. */
static void dw_tile(const struct cluster_layer *L, int oh, int v, int *oy0, int *oy1, int *iy0, int *iy1) {
  const struct conv_geometry *g = &L->g;
  *oy0 = v * L->tile;
  *oy1 = *oy0 + L->tile < oh ? *oy0 + L->tile : oh;
  const int a = *oy0 * g->stride - g->pad, b = (*oy1 - 1) * g->stride - g->pad + g->kh;
  *iy0 = a < 0 ? 0 : a;
  *iy1 = b > g->height ? g->height : b;
  if (*iy1 < *iy0) *iy1 = *iy0;
}

static void dw_push_input(const struct cluster_layer *L, struct dma_queue *dq, int oh, int v) {
  const int row_words = L->g.width * (L->g.cin / A_PER_WORD);
  int oy0, oy1, iy0, iy1;
  dw_tile(L, oh, v, &oy0, &oy1, &iy0, &iy1);
  dma_queue_push(dq, L->x + iy0 * row_words, L->ibuf[v & 1], 4 * (iy1 - iy0) * row_words);
}

static void dw_push_output(const struct cluster_layer *L, struct dma_queue *dq, int oh, int ow, int v) {
  const int row_words = ow * L->g.cin / OUT_PER_WORD;
  int oy0, oy1, iy0, iy1;
  dw_tile(L, oh, v, &oy0, &oy1, &iy0, &iy1);
  dma_queue_push(dq, L->obuf[v & 1], L->y + oy0 * row_words, 4 * (oy1 - oy0) * row_words);
}

/* Tile v computes from ibuf[v % 2] into obuf[v % 2] while core 0's DMA queue brings band v + 1 in and sends
   tile v - 1 out: both buffers were released at the previous barrier. */
static void dw_with_dma(const struct cluster_layer *L, int id, int cores) {
  static struct dma_queue dq;
  const struct conv_geometry *g = &L->g;
  const int ow = (g->width + 2 * g->pad - g->kw) / g->stride + 1, oh = L->pixels / ow;
  const int tiles = (oh + L->tile - 1) / L->tile;
  if (id == 0) {
    dma_queue_push(&dq, L->w, L->resident_l1, 4 * g->cin * L->dw_channel_words);
    dma_queue_push(&dq, L->kappa, L->kappa_l1, 4 * g->cin);
    dma_queue_push(&dq, L->lambda, L->lambda_l1, 4 * g->cin);
    dw_push_input(L, &dq, oh, 0);
    dma_queue_drain(&dq);
  }
  barrier(cores);
  for (int v = 0; v < tiles; v++) {
    if (id == 0) {
      if (v + 1 < tiles) dw_push_input(L, &dq, oh, v + 1);
      if (v >= 1) dw_push_output(L, &dq, oh, ow, v - 1);
      dma_queue_kick(&dq);
    }
    int oy0, oy1, iy0, iy1;
    dw_tile(L, oh, v, &oy0, &oy1, &iy0, &iy1);
    const struct dw_operands op = { L->ibuf[v & 1], iy0, L->resident_l1, L->kappa_l1, L->lambda_l1, (uint8_t *)L->obuf[v & 1], oy0 };
    dw_rows(L, &op, oy0, oy1, id, cores, id == 0 ? &dq : 0);
    if (id == 0) dma_queue_drain(&dq);
    barrier(cores);
  }
  if (id == 0) {
    dw_push_output(L, &dq, oh, ow, tiles - 1);
    dma_queue_drain(&dq);
  }
}

void depthwise_layer_run(const struct cluster_layer *L, int id, int cores) {
#if defined(CLUSTER_BUILD_FLEXV)
  FLEXV_SET_FORMAT(DW_FMT);
#if DW_RA > 1
  /* Mixed format: the sub-group index starts at 0 and steps only every DW_SKIP dot products. */
  FLEXV_SET_MIXED_CYCLE(0);
  FLEXV_SET_SKIP(DW_SKIP);
#endif
  FLEXV_LEGACY_MODE(0);
#endif
  if (L->dma) dw_with_dma(L, id, cores);
  else dw_compute_only(L, id, cores);
#if defined(CLUSTER_BUILD_FLEXV)
  FLEXV_LEGACY_MODE(1);
#endif
}

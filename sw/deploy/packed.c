/* Packed sub-byte layers (packed.h): convolution / fully connected on the build's pipeline compiled for the
   layer's formats, and the residual add in table form over packed operands. SPMD like kernels.c: every core
   calls the layer's kernel, which splits the work itself; core 0 kicks the DMA queue between pieces of work. */
#include "deploy.h"
#include "packed.h"
#include "flexv.h"
#include "im2col.h"

/* [*lo, *hi) of `total` items in units of `unit` for core `id` of `cores`. */
static inline void pshare(int total, int unit, int id, int cores, int *lo, int *hi) {
  const int units = (total + unit - 1) / unit, per = (units + cores - 1) / cores;
  const int a = id * per * unit, b = a + per * unit;
  *lo = a < total ? a : total;
  *hi = b < total ? b : total;
}

static inline uint32_t *fillw(uint32_t *d, uint32_t v, int n) {
  for (int i = 0; i < n; i++) *d++ = v;
  return d;
}

/* The padding word: the input zero point in every byte (bytes), 0 (packed: narrowed tensors are unsigned). */
static inline uint32_t pad_word(const struct dp_pconv *L) { return L->a_bits == 8 ? (uint32_t)(uint8_t)L->zp_in * 0x01010101u : 0; }

/* The im2col row of output pixel (oy, ox): whole-word pixels (pw words each), padding taps = pad word, zero
   tail up to k elements. */
static void row_words(const struct dp_pconv *L, int pw, int oy, int ox, uint32_t *col) {
  const int kh = L->kh, kw = L->kw, rs = L->w * pw;
  const uint32_t fill = pad_word(L);
  const uint32_t *x = (const uint32_t *)L->x;
  uint32_t *d = col;
  const int iy0 = oy * L->sh - L->pt, ix0 = ox * L->sw - L->pl;
  const int kx_lo = ix0 < 0 ? -ix0 : 0, kx_hi = L->w - ix0 < kw ? L->w - ix0 : kw;
  for (int ky = 0; ky < kh; ky++) {
    const int iy = iy0 + ky;
    if (iy < 0 || iy >= L->h || kx_hi <= kx_lo) {
      d = fillw(d, fill, kw * pw);
      continue;
    }
    d = fillw(d, fill, kx_lo * pw);
    d = im2col_copy(x + iy * rs + (ix0 + kx_lo) * pw, d, (kx_hi - kx_lo) * pw);
    d = fillw(d, fill, (kw - kx_hi) * pw);
  }
  fillw(d, 0, (L->k * L->a_bits) / 32 - kh * kw * pw);
}

/* The same for byte pixels that are not whole words (8-bit input only). */
static void row_bytes(const struct dp_pconv *L, int oy, int ox, uint8_t *col) {
  const int cin = L->cin;
  uint8_t *d = col;
  for (int ky = 0; ky < L->kh; ky++) {
    const int iy = oy * L->sh - L->pt + ky;
    for (int kx = 0; kx < L->kw; kx++) {
      const int ix = ox * L->sw - L->pl + kx;
      const int in = iy >= 0 && iy < L->h && ix >= 0 && ix < L->w;
      const uint8_t *s = L->x + (iy * L->w + ix) * cin;
      for (int c = 0; c < cin; c++) *d++ = in ? s[c] : (uint8_t)L->zp_in;
    }
  }
  for (int i = L->kh * L->kw * cin; i < L->k; i++) *d++ = 0;
}

static inline void im2row(const struct dp_pconv *L, int oy, int ox, uint32_t *col) {
  if ((L->cin * L->a_bits) % 32 == 0) row_words(L, (L->cin * L->a_bits) / 32, oy, ox, col);
  else row_bytes(L, oy, ox, (uint8_t *)col);
}

/* The window columns cx0 .. cx1 - 1 of output row oy into col: [column][ky][pixel words], padding = pad word. */
static void gather_columns(const struct dp_pconv *L, int pw, int oy, int cx0, int cx1, uint32_t *col) {
  const int kh = L->kh, rs = L->w * pw;
  const uint32_t fill = pad_word(L);
  const uint32_t *x = (const uint32_t *)L->x;
  const int iy0 = oy * L->sh - L->pt;
  const int ky_lo = iy0 < 0 ? -iy0 : 0, ky_hi = L->h - iy0 < kh ? L->h - iy0 : kh;
  for (int cx = cx0; cx < cx1; cx++) {
    if (cx < 0 || cx >= L->w || ky_hi <= ky_lo) {
      col = fillw(col, fill, kh * pw);
      continue;
    }
    col = fillw(col, fill, ky_lo * pw);
    col = im2col_copy_rows(x + (iy0 + ky_lo) * rs + cx * pw, col, ky_hi - ky_lo, pw, 4 * rs);
    col = fillw(col, fill, (kh - ky_hi) * pw);
  }
}

/* Fully connected: output channels in whole output words split across the cores, one activation row. */
static void pconv_fc(const struct dp_pconv *L, int id, int cores) {
  const int unit = 32 / L->out_bits < 4 ? 4 : 32 / L->out_bits;
  int lo, hi;
  pshare(L->cout, unit, id, cores, &lo, &hi);
  if (id == 0) dp_dma_kick();
  if (hi <= lo) return;
  const uint32_t *xa = (const uint32_t *)L->x;
  if (L->mode != DP_DIRECT) {
    uint32_t *col = (uint32_t *)(L->col + id * L->col_bytes);
    im2row(L, 0, 0, col);
    xa = col;
  }
  uint32_t *y = (uint32_t *)L->y + (lo * L->out_bits) / 32;
  L->pixels(xa, xa, 1, L->wt + lo * ((L->k * L->w_bits) / 32), L->kappa + lo, L->lambda + lo, L->shift, hi - lo, L->k, y, y,
            L->scratch + id * L->scratch_words);
}

void dp_pconv_run(const struct dp_pconv *L2desc, int id, int cores) {
  /* the descriptor lives in L2; the loops read it from this core's stack (TCDM) */
  const struct dp_pconv desc = *L2desc, *L = &desc;
  const int pixels = L->oh * L->ow;
  if (pixels == 1) {
    pconv_fc(L, id, cores);
    return;
  }
  const int ow = L->ow, orow = (L->cout * L->out_bits) / 32, krow = (L->k * L->a_bits) / 32, pw = (L->cin * L->a_bits) / 32;
  /* units of 4 pixels (the 4 x 4 block) when every core gets one, else pairs (src/deploy/packed.ts pixelUnit) */
  const int unit = L->quad && pixels >= 4 * cores ? 4 : 2;
  uint32_t *const y = (uint32_t *)L->y, *const scratch = L->scratch + id * L->scratch_words;
  uint32_t *const col = (uint32_t *)(L->col + id * L->col_bytes);
  int lo, hi;
  pshare(pixels, unit, id, cores, &lo, &hi);
  for (int p = lo; p < hi;) {
    /* a run of pixels of one output row */
    const int oy = p / ow, ox0 = p % ow, ox1 = ox0 + (hi - p) < ow ? ox0 + (hi - p) : ow;
    const uint32_t *base;
    int step; /* words between consecutive pixels' rows */
    if (L->mode == DP_COLS) {
      gather_columns(L, pw, oy, ox0 * L->sw - L->pl, (ox1 - 1) * L->sw - L->pl + L->kw, col);
      base = col;
      step = L->sw * L->kh * pw;
    } else if (L->mode == DP_DIRECT) {
      base = (const uint32_t *)L->x + (oy * L->sh * L->w + ox0 * L->sw) * pw;
      step = L->sw * pw;
    } else {
      base = col;
      step = krow;
    }
    for (int ox = ox0; ox < ox1;) {
      if (id == 0) dp_dma_kick();
      const int left = ox1 - ox, np = L->quad && left >= 4 ? 4 : left >= 2 ? 2 : 1;
      const uint32_t *xa;
      if (L->mode == DP_ROWS) {
        for (int i = 0; i < np; i++) im2row(L, oy, ox + i, col + i * krow);
        xa = col;
      } else {
        xa = base + (ox - ox0) * step;
      }
      uint32_t *out = y + p * orow;
      if (np == 4) L->quad(xa, step, 0, 1, (L->k * L->w_bits) / 32, 1, L->wt, L->kappa, L->lambda, L->shift, L->cout, out, orow);
      else L->pixels(xa, xa + step, np, L->wt, L->kappa, L->lambda, L->shift, L->cout, L->k, out, out + orow, scratch);
      ox += np;
      p += np;
    }
  }
}

/* ---- the packed residual add ---- */

#define PMIN(a, b) ((a) < (b) ? (a) : (b))

/* p.lbu rd, idx(base) on a table the layer never writes while it runs (no volatile, no memory clobber: the
   lookups of neighbouring elements interleave). */
#define TABLE(base, idx)                                                                         \
  ({                                                                                             \
    uint32_t __v;                                                                                \
    __asm__(FLEXV_ASM_LBU_RR("%[v]", "%[b]", "%[i]") : [v] "=r"(__v) : [b] "r"(base), [i] "r"(idx)); \
    __v;                                                                                         \
  })

/* One function per width triple: blocks of G elements (a word of the narrowest operand), every shift and
   word index a constant of the unrolled block; per element p.extractui of each operand, three table loads
   (p.lbu register offset), an add and p.inserti into the output word (XpulpV2: every build). */
#define PADD_FN(BA, BB, BO)                                                                                                 \
  static void __attribute__((noinline)) padd_##BA##_##BB##_##BO(const uint32_t *pa, const uint32_t *pb, uint32_t *py, int blocks, \
                                                                const uint8_t *ta, const uint8_t *tb, const uint8_t *to, int kick) { \
    enum { G = 32 / PMIN(PMIN(BA, BB), BO), NA = G * BA / 32, NB = G * BB / 32, NO = G * BO / 32 };                    \
    for (int n = 0; n < blocks; n++) {                                                                                  \
      if (kick && (n & 15) == 0) dp_dma_kick();                                                                         \
      uint32_t wa[NA], wb[NB], wo[NO];                                                                                  \
      _Pragma("GCC unroll 16") for (int i = 0; i < NA; i++) wa[i] = pa[i];                                              \
      _Pragma("GCC unroll 16") for (int i = 0; i < NB; i++) wb[i] = pb[i];                                              \
      _Pragma("GCC unroll 16") for (int j = 0; j < G; j++) {                                                            \
        const uint32_t a = FLEXV_EXTRACTUI(wa[j * BA / 32], BA - 1, (j * BA) % 32);                                     \
        const uint32_t b = FLEXV_EXTRACTUI(wb[j * BB / 32], BB - 1, (j * BB) % 32);                                     \
        const uint32_t v = TABLE(to, TABLE(ta, a) + TABLE(tb, b));                                                      \
        if ((j * BO) % 32 == 0) wo[j * BO / 32] = v;                                                                    \
        else wo[j * BO / 32] = FLEXV_INSERTI(wo[j * BO / 32], v, BO - 1, (j * BO) % 32);                                \
      }                                                                                                                 \
      _Pragma("GCC unroll 16") for (int i = 0; i < NO; i++) py[i] = wo[i];                                              \
      pa += NA;                                                                                                         \
      pb += NB;                                                                                                         \
      py += NO;                                                                                                         \
    }                                                                                                                   \
  }

#define PADD_ALL(X) \
  X(8, 8, 4) X(8, 8, 2) X(8, 4, 8) X(8, 4, 4) X(8, 4, 2) X(8, 2, 8) X(8, 2, 4) X(8, 2, 2) \
  X(4, 8, 8) X(4, 8, 4) X(4, 8, 2) X(4, 4, 8) X(4, 4, 4) X(4, 4, 2) X(4, 2, 8) X(4, 2, 4) X(4, 2, 2) \
  X(2, 8, 8) X(2, 8, 4) X(2, 8, 2) X(2, 4, 8) X(2, 4, 4) X(2, 4, 2) X(2, 2, 8) X(2, 2, 4) X(2, 2, 2)
PADD_ALL(PADD_FN)

void dp_padd_run(const struct dp_padd *L, int id, int cores) {
  const int ba = L->a_bits, bb = L->b_bits, bo = L->out_bits;
  const int g = 32 / PMIN(PMIN(ba, bb), bo);
  int lo, hi;
  pshare(L->elems / g, 1, id, cores, &lo, &hi);
  if (id == 0) dp_dma_kick();
  if (hi <= lo) return;
  const uint32_t *pa = (const uint32_t *)L->a + lo * g * ba / 32, *pb = (const uint32_t *)L->b + lo * g * bb / 32;
  uint32_t *py = (uint32_t *)L->y + lo * g * bo / 32;
  switch ((ba << 8) | (bb << 4) | bo) {
#define PADD_CASE(BA, BB, BO) \
  case ((BA << 8) | (BB << 4) | BO): padd_##BA##_##BB##_##BO(pa, pb, py, hi - lo, L->ta, L->tb, L->to, id == 0); break;
    PADD_ALL(PADD_CASE)
    default: break;
  }
}

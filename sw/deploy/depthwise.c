/* Depthwise convolution (deploy.h dp_depthwise_run) on the build's SIMD dot products.

   In HWC a channel's taps are `c` bytes apart, so a 4-lane dot product cannot read them in place. The
   kernel packs them: per work item (one output row x a group of up to 4 channels) a core gathers, for each
   channel of the group and each input column the row's windows touch, the column's kh taps into
   ceil(kh / 4) words ([ch][column][word], lane j of word k = tap ky = 4k + j, padding = zp_in; lanes past kh
   hold zero and meet zero weights). An output's window is then kw * ceil(kh / 4) consecutive words of that
   buffer (sw columns further for the next output), and each word is one pv.sdotusp.b (unsigned activation
   bytes x signed weights, XpulpV2: every build) against the channel's weights, which stay in registers for
   the whole row. Weights per channel: [kx][ceil(kh / 4) words] (src/deploy/lower.ts); the bias has the
   input zero point folded in (bias - zp_in * sum w), since the padding taps read zp_in. */
#include "deploy.h"
#include "flexv.h"

/* Up to 4 channels x the row's columns of packed taps, per core, in dp_col (col_bytes each). */
static void __attribute__((noinline)) gather(const struct dp_conv *L, int oy, int c0, int gc, int ncols, int kwords, uint32_t *col) {
  const int c = L->cout, h = L->h, w = L->w, kh = L->kh, rs = w * c, pl = L->pl;
  const int iy0 = oy * L->sh - L->pt;
  const int ky_lo = iy0 < 0 ? -iy0 : 0, ky_hi = h - iy0 < kh ? h - iy0 : kh;
  const uint32_t zp = (uint8_t)L->zp_in, zpw = zp * 0x01010101u;
  /* the interior case of 3-tap columns: all three rows inside the band */
  const int three = kh == 3 && ky_lo == 0 && ky_hi == 3;
  const int left = pl < ncols ? pl : ncols, inside = w < ncols - left ? w : ncols - left;
  if (three && gc == 4 && kwords == 1 && (((uintptr_t)(L->x + c0) | (uintptr_t)c) & 3) == 0) {
    /* 4 channels at once: one word per row holds the 4 channels' taps; transposed with p.lw, pv.packlo.b /
       pv.packhi.b (each takes its operands' low bytes) and shifts to the next channel */
    uint32_t *d = col;
    const int o1 = 4 * ncols, o2 = 8 * ncols, o3 = 12 * ncols;
    for (int i = 0; i < left; i++, d++) d[0] = d[ncols] = d[2 * ncols] = d[3 * ncols] = zpw;
    const uint32_t *p0 = (const uint32_t *)(L->x + iy0 * rs + c0), *p1 = (const uint32_t *)((const uint8_t *)p0 + rs),
                   *p2 = (const uint32_t *)((const uint8_t *)p1 + rs);
    const int cb = c;
    uint32_t t = 0;
    for (int i = 0; i < inside; i++, d++) {
      /* packlo writes t's low half, packhi its high half: t's old value is overwritten whole */
      uint32_t r0 = FLEXV_LW_RR_POSTINC(p0, cb), r1 = FLEXV_LW_RR_POSTINC(p1, cb), r2 = FLEXV_LW_RR_POSTINC(p2, cb);
      t = FLEXV_PACKHI_B(FLEXV_PACKLO_B(t, r1, r0), 0u, r2);
      *d = t;
      r0 >>= 8, r1 >>= 8, r2 >>= 8;
      t = FLEXV_PACKHI_B(FLEXV_PACKLO_B(t, r1, r0), 0u, r2);
      FLEXV_SW_RR(t, d, o1);
      r0 >>= 8, r1 >>= 8, r2 >>= 8;
      t = FLEXV_PACKHI_B(FLEXV_PACKLO_B(t, r1, r0), 0u, r2);
      FLEXV_SW_RR(t, d, o2);
      t = FLEXV_PACKHI_B(FLEXV_PACKLO_B(t, r1 >> 8, r0 >> 8), 0u, r2 >> 8);
      FLEXV_SW_RR(t, d, o3);
    }
    for (int i = left + inside; i < ncols; i++, d++) d[0] = d[ncols] = d[2 * ncols] = d[3 * ncols] = zpw;
    return;
  }
  for (int ch = 0; ch < gc; ch++) {
    uint32_t *d = col + ch * ncols * kwords;
    /* the columns left of the input, inside it, right of it */
    for (int i = 0; i < left * kwords; i++) *d++ = zpw;
    if (three) {
      const uint8_t *p0 = L->x + iy0 * rs + c0 + ch, *p1 = p0 + rs, *p2 = p1 + rs;
      for (int i = 0; i < inside; i++) {
        const uint32_t b0 = FLEXV_LBU_RR_POSTINC(p0, c), b1 = FLEXV_LBU_RR_POSTINC(p1, c), b2 = FLEXV_LBU_RR_POSTINC(p2, c);
        const uint32_t lo = FLEXV_PACKLO_B(0u, b1, b0);
        *d++ = FLEXV_PACKHI_B(lo, 0u, b2);
      }
    } else {
      const uint8_t *p = L->x + iy0 * rs + c0 + ch;
      for (int i = 0; i < inside; i++, p += c) {
        for (int k = 0; k < kwords; k++) {
          uint32_t word = 0;
          for (int j = 0; j < 4; j++) {
            const int ky = 4 * k + j;
            if (ky >= kh) break;
            const uint32_t b = ky >= ky_lo && ky < ky_hi ? p[ky * rs] : zp;
            word |= b << (8 * j);
          }
          *d++ = word;
        }
      }
    }
    for (int i = (left + inside) * kwords; i < ncols * kwords; i++) *d++ = zpw;
  }
}

/* The requantized (or raw 32-bit) output of one accumulator. */
static inline void put(const struct dp_conv *L, uint8_t *y8, int32_t *y32, int32_t acc, int32_t m, int32_t a, int64_t a64) {
  if (L->out32) {
    *y32 = acc;
    return;
  }
  int32_t q;
  if (!L->rq.wide) q = (acc * m + a) >> L->rq.shift;
  else {
    const int64_t t = ((int64_t)acc * m + a64) >> L->rq.shift;
    q = t < L->rq.lo ? L->rq.lo : t > L->rq.hi ? L->rq.hi : (int32_t)t;
  }
  *y8 = (uint8_t)FLEXV_MIN(FLEXV_MAX(q, L->rq.lo), L->rq.hi);
}

/* One channel's output row from its packed columns: kw * kwords words per window, sw columns apart. */
static void __attribute__((noinline)) row(const struct dp_conv *L, int oy, int ch, const uint32_t *cols, int kwords) {
  const int c = L->cout, ow = L->ow, n = L->kw * kwords, step = L->sw * kwords;
  const int i = L->rq.per_channel ? ch : 0;
  const int32_t m = L->rq.mul[i], a = (int32_t)L->rq.add[i], bias = L->bias[ch];
  const int64_t a64 = L->rq.add[i];
  const uint32_t *wt = (const uint32_t *)L->wt + ch * n;
  uint8_t *y8 = (uint8_t *)L->y + oy * ow * c + ch;
  int32_t *y32 = (int32_t *)L->y + oy * ow * c + ch;
  if (n == 3 && !L->out32 && !L->rq.wide) {
    /* 3 x 3 (or any kh <= 4 with kw = 3): the three weight words in registers, 32-bit requantization */
    const uint32_t w0 = wt[0], w1 = wt[1], w2 = wt[2];
    const int32_t shift = L->rq.shift, lo = L->rq.lo, hi = L->rq.hi;
    const uint32_t *x = cols;
    if (step == 1) {
      /* stride 1: consecutive windows share two words; one load per output (three outputs per iteration,
         so the words rotate through the registers without moves) */
      uint32_t x0 = x[0], x1 = x[1];
      x += 2;
#define DW_OUT(a, b, c_)                                                    \
  {                                                                         \
    c_ = FLEXV_LW_POSTINC(x, 4);                                            \
    uint32_t acc = FLEXV_SDOTUSP_B((uint32_t)bias, a, w0);                  \
    acc = FLEXV_SDOTUSP_B(acc, b, w1);                                      \
    acc = FLEXV_SDOTUSP_B(acc, c_, w2);                                     \
    const int32_t q = ((int32_t)acc * m + a_) >> shift;                     \
    FLEXV_SB_RR_POSTINC((uint8_t)FLEXV_MIN(FLEXV_MAX(q, lo), hi), y8, c);   \
  }
      const int32_t a_ = a;
      uint32_t x2 = 0;
      int ox = 0;
      for (; ox + 3 <= ow; ox += 3) {
        DW_OUT(x0, x1, x2);
        DW_OUT(x1, x2, x0);
        DW_OUT(x2, x0, x1);
      }
      if (ox < ow) DW_OUT(x0, x1, x2);
      if (ox + 1 < ow) DW_OUT(x1, x2, x0);
#undef DW_OUT
      return;
    }
    for (int ox = 0; ox < ow; ox++, x += step) {
      uint32_t acc = FLEXV_SDOTUSP_B((uint32_t)bias, x[0], w0);
      acc = FLEXV_SDOTUSP_B(acc, x[1], w1);
      acc = FLEXV_SDOTUSP_B(acc, x[2], w2);
      const int32_t q = ((int32_t)acc * m + a) >> shift;
      *y8 = (uint8_t)FLEXV_MIN(FLEXV_MAX(q, lo), hi);
      y8 += c;
    }
    return;
  }
  const uint32_t *x = cols;
  for (int ox = 0; ox < ow; ox++, x += step, y8 += c, y32 += c) {
    uint32_t acc = (uint32_t)bias;
    for (int k = 0; k < n; k++) acc = FLEXV_SDOTUSP_B(acc, x[k], wt[k]);
    put(L, y8, y32, (int32_t)acc, m, a, a64);
  }
}

void dp_depthwise_run(const struct dp_conv *L2desc, int id, int cores) {
  /* the descriptor lives in L2; the loops read it from this core's stack (TCDM) */
  const struct dp_conv desc = *L2desc, *L = &desc;
  const int c = L->cout, groups = (c + 3) / 4, kwords = (L->kh + 3) / 4;
  const int ncols = (L->ow - 1) * L->sw + L->kw;
  uint32_t *col = (uint32_t *)(L->col + id * L->col_bytes);
  /* work items: (output row, channel group), contiguous runs per core */
  const int items = L->oh * groups, per = (items + cores - 1) / cores;
  const int lo = id * per < items ? id * per : items, hi = lo + per < items ? lo + per : items;
  for (int it = lo; it < hi; it++) {
    if (id == 0) dp_dma_kick();
    const int oy = it / groups, g = it % groups, c0 = 4 * g, gc = c - c0 < 4 ? c - c0 : 4;
    gather(L, oy, c0, gc, ncols, kwords, col);
    for (int ch = 0; ch < gc; ch++) row(L, oy, c0 + ch, col + ch * ncols * kwords, kwords);
  }
}

/* Deployment kernels (deploy.h): convolution / fully connected through im2col rows and 4-channel x
   2-pixel blocks of pv.sdotusp.b (unsigned activation bytes x signed weight bytes, XpulpV2: every build),
   pooling, residual add and requantization, each split across the cores (depthwise convolution: depthwise.c). */
#include "deploy.h"
#include "flexv.h"
#include "linear.h"
#include "im2col.h"

static inline int64_t clamp64(int64_t v, int32_t lo, int32_t hi) { return v < lo ? lo : v > hi ? hi : v; }

static inline int32_t dp_rq(const struct dp_requant *r, int32_t x, int c) {
  const int i = r->per_channel ? c : 0;
  if (!r->wide) {
    const int32_t q = (x * r->mul[i] + (int32_t)r->add[i]) >> r->shift;
    return q < r->lo ? r->lo : q > r->hi ? r->hi : q;
  }
  const int64_t t = (int64_t)x * r->mul[i] + r->add[i];
  return (int32_t)clamp64(t >> r->shift, r->lo, r->hi);
}

/* [*lo, *hi) of `total` items in units of `unit` for core `id` of `cores`. */
static inline void share(int total, int unit, int id, int cores, int *lo, int *hi) {
  const int units = (total + unit - 1) / unit, per = (units + cores - 1) / cores;
  const int a = id * per * unit, b = a + per * unit;
  *lo = a < total ? a : total;
  *hi = b < total ? b : total;
}

/* Byte copy and fill, by words when everything is word-aligned (no libc in these programs). */
static void copy_bytes(uint8_t *d, const uint8_t *s, int n) {
  if ((((uintptr_t)d | (uintptr_t)s | (uintptr_t)n) & 3) == 0) {
    uint32_t *dw = (uint32_t *)d;
    const uint32_t *sw = (const uint32_t *)s;
    for (int i = 0; i < n / 4; i++) dw[i] = sw[i];
    return;
  }
  for (int i = 0; i < n; i++) d[i] = s[i];
}
static void fill_bytes(uint8_t *d, uint8_t v, int n) {
  for (int i = 0; i < n; i++) d[i] = v;
}

/* The im2col row of output pixel (oy, ox): kh * kw * cin bytes, padding taps = the input zero point, zero
   tail up to kpad. */
static void im2col(const struct dp_conv *L, int oy, int ox, uint8_t *col) {
  const int cin = L->cin, kc = L->kw * cin;
  uint8_t *d = col;
  for (int ky = 0; ky < L->kh; ky++, d += kc) {
    const int iy = oy * L->sh - L->pt + ky;
    if (iy < 0 || iy >= L->h) {
      fill_bytes(d, (uint8_t)L->zp_in, kc);
      continue;
    }
    const int ix0 = ox * L->sw - L->pl;
    const uint8_t *row = L->x + iy * L->w * cin;
    if (ix0 >= 0 && ix0 + L->kw <= L->w) {
      copy_bytes(d, row + ix0 * cin, kc);
      continue;
    }
    for (int kx = 0; kx < L->kw; kx++) {
      const int ix = ix0 + kx;
      if (ix < 0 || ix >= L->w) fill_bytes(d + kx * cin, (uint8_t)L->zp_in, cin);
      else copy_bytes(d + kx * cin, row + ix * cin, cin);
    }
  }
  for (int i = L->kh * kc; i < L->kpad; i++) col[i] = 0;
}

/* Requantize-and-store of one output: everything it reads is in locals, so the byte stores (which may alias
   anything) do not force reloads of the layer descriptor. */
struct out_ctx {
  struct dp_requant rq;
  void *y;
  int cout, out32;
};

static inline void store(const struct out_ctx *o, int p, int ch, int32_t acc) {
  if (o->out32) ((int32_t *)o->y)[p * o->cout + ch] = acc;
  else ((uint8_t *)o->y)[p * o->cout + ch] = (uint8_t)dp_rq(&o->rq, acc, ch);
}

/* Output channels of pixels pa (and pb when two) from their im2col rows xa, xb: 4-channel blocks, each
   word of the rows loaded once per block, weights with post-increment loads. */
static void channels(const struct dp_conv *L, const uint32_t *xa, const uint32_t *xb, int np, int pa, int pb) {
  const int words = L->kpad / 4, cout = L->cout;
  const uint32_t *wt = (const uint32_t *)L->wt;
  const int32_t *bias = L->bias;
  const struct out_ctx oc = { L->rq, L->y, L->cout, L->out32 };
  int o = 0;
  for (; o + 4 <= cout; o += 4) {
    const uint32_t *w0 = wt + o * words, *w1 = w0 + words, *w2 = w1 + words, *w3 = w2 + words;
    const uint32_t *pxa = xa, *pxb = xb;
    uint32_t a0 = bias[o], a1 = bias[o + 1], a2 = bias[o + 2], a3 = bias[o + 3];
    if (np == 2) {
      uint32_t b0 = a0, b1 = a1, b2 = a2, b3 = a3;
      for (int i = 0; i < words; i++) {
        const uint32_t x = FLEXV_LW_POSTINC(pxa, 4), y = FLEXV_LW_POSTINC(pxb, 4);
        const uint32_t v0 = FLEXV_LW_POSTINC(w0, 4), v1 = FLEXV_LW_POSTINC(w1, 4), v2 = FLEXV_LW_POSTINC(w2, 4), v3 = FLEXV_LW_POSTINC(w3, 4);
        a0 = FLEXV_SDOTUSP_B(a0, x, v0);
        a1 = FLEXV_SDOTUSP_B(a1, x, v1);
        a2 = FLEXV_SDOTUSP_B(a2, x, v2);
        a3 = FLEXV_SDOTUSP_B(a3, x, v3);
        b0 = FLEXV_SDOTUSP_B(b0, y, v0);
        b1 = FLEXV_SDOTUSP_B(b1, y, v1);
        b2 = FLEXV_SDOTUSP_B(b2, y, v2);
        b3 = FLEXV_SDOTUSP_B(b3, y, v3);
      }
      store(&oc, pb, o, (int32_t)b0);
      store(&oc, pb, o + 1, (int32_t)b1);
      store(&oc, pb, o + 2, (int32_t)b2);
      store(&oc, pb, o + 3, (int32_t)b3);
    } else {
      for (int i = 0; i < words; i++) {
        const uint32_t x = FLEXV_LW_POSTINC(pxa, 4);
        a0 = FLEXV_SDOTUSP_B(a0, x, FLEXV_LW_POSTINC(w0, 4));
        a1 = FLEXV_SDOTUSP_B(a1, x, FLEXV_LW_POSTINC(w1, 4));
        a2 = FLEXV_SDOTUSP_B(a2, x, FLEXV_LW_POSTINC(w2, 4));
        a3 = FLEXV_SDOTUSP_B(a3, x, FLEXV_LW_POSTINC(w3, 4));
      }
    }
    store(&oc, pa, o, (int32_t)a0);
    store(&oc, pa, o + 1, (int32_t)a1);
    store(&oc, pa, o + 2, (int32_t)a2);
    store(&oc, pa, o + 3, (int32_t)a3);
  }
  for (; o < cout; o++) {
    const uint32_t *w0 = wt + o * words;
    uint32_t a0 = bias[o], b0 = bias[o];
    for (int i = 0; i < words; i++) {
      a0 = FLEXV_SDOTUSP_B(a0, xa[i], w0[i]);
      if (np == 2) b0 = FLEXV_SDOTUSP_B(b0, xb[i], w0[i]);
    }
    store(&oc, pa, o, (int32_t)a0);
    if (np == 2) store(&oc, pb, o, (int32_t)b0);
  }
}

/* The window columns cx0 .. cx1 - 1 of output row oy into col: [column][ky][cin], padding = zp_in. */
static void gather_columns(const struct dp_conv *L, int oy, int cx0, int cx1, uint32_t *col) {
  const int cw = L->cin / 4, kh = L->kh, rs = L->w * L->cin;
  const uint32_t zpw = (uint32_t)(uint8_t)L->zp_in * 0x01010101u;
  const int iy0 = oy * L->sh - L->pt;
  const int ky_lo = iy0 < 0 ? -iy0 : 0, ky_hi = L->h - iy0 < kh ? L->h - iy0 : kh;
  for (int cx = cx0; cx < cx1; cx++) {
    if (cx < 0 || cx >= L->w || ky_hi <= ky_lo) {
      for (int i = 0; i < kh * cw; i++) *col++ = zpw;
      continue;
    }
    for (int i = 0; i < ky_lo * cw; i++) *col++ = zpw;
    col = im2col_copy_rows((const uint32_t *)(L->x + (iy0 + ky_lo) * rs + cx * L->cin), col, ky_hi - ky_lo, cw, rs);
    for (int i = ky_hi * cw; i < kh * cw; i++) *col++ = zpw;
  }
}

/* Pixels [lo, hi) through column buffers (struct dp_conv.cols), row segment by row segment. */
static void conv_cols(const struct dp_conv *L, int id, int lo, int hi) {
  uint32_t *col = (uint32_t *)(L->col + id * L->col_bytes);
  const int ow = L->ow, step = L->sw * L->kh * L->cin;
  for (int p = lo; p < hi;) {
    const int oy = p / ow, ox0 = p % ow, ox1 = ox0 + (hi - p) < ow ? ox0 + (hi - p) : ow;
    gather_columns(L, oy, ox0 * L->sw - L->pl, (ox1 - 1) * L->sw - L->pl + L->kw, col);
    const uint8_t *xa = (const uint8_t *)col;
    for (int ox = ox0; ox < ox1; ox += 2, p += 2, xa += 2 * step) {
      if (id == 0) dp_dma_kick();
      const int np = ox1 - ox >= 2 ? 2 : 1;
      if (L->fast_w) {
        uint8_t *y = (uint8_t *)L->y;
        linear_requant_pixels((const uint32_t *)xa, (const uint32_t *)(xa + step), np, L->fast_w, L->kappa, L->lambda, L->rq.shift, L->cout, L->kpad,
                              (uint32_t *)(y + p * L->cout), (uint32_t *)(y + (p + 1) * L->cout), L->scratch + id * L->scratch_words);
      } else {
        channels(L, (const uint32_t *)xa, (const uint32_t *)(xa + step), np, p, p + 1);
      }
      if (np == 1) p--;
    }
  }
}

void dp_conv_run(const struct dp_conv *L2desc, int id, int cores) {
  /* the descriptor lives in L2; the per-pixel-pair loop reads it from this core's stack (TCDM) */
  const struct dp_conv desc = *L2desc, *L = &desc;
  const int pixels = L->oh * L->ow;
  /* A 1 x 1 unpadded layer whose pixels are whole words reads its input pixels in place. */
  const int direct = L->kh == 1 && L->kw == 1 && L->pt == 0 && L->pl == 0 && L->cin == L->kpad;
  if (pixels == 1) {
    /* fully connected: split the output channels (blocks of 4) instead of the pixels */
    int lo, hi;
    share(L->cout, 4, id, cores, &lo, &hi);
    if (id == 0) dp_dma_kick();
    if (hi <= lo) return;
    const uint32_t *xa;
    if (direct) xa = (const uint32_t *)L->x;
    else {
      uint8_t *col = L->col + id * L->col_bytes;
      im2col(L, 0, 0, col);
      xa = (const uint32_t *)col;
    }
    if (L->fast_w) {
      /* the build's fused pipeline on one pixel over this core's channels (whole words of outputs) */
      linear_requant_pixels(xa, xa, 1, L->fast_w + lo * (L->kpad / 4), L->kappa + lo, L->lambda + lo, L->rq.shift, hi - lo, L->kpad,
                            (uint32_t *)((uint8_t *)L->y + lo), (uint32_t *)((uint8_t *)L->y + lo), L->scratch + id * L->scratch_words);
      return;
    }
    struct dp_conv part = *L;
    part.cout = hi - lo;
    part.wt = L->wt + lo * L->kpad;
    part.bias = L->bias + lo;
    if (L->out32) part.y = (int32_t *)L->y + lo;
    else part.y = (uint8_t *)L->y + lo;
    if (L->rq.per_channel) {
      part.rq.mul = L->rq.mul + lo;
      part.rq.add = L->rq.add + lo;
    }
    /* stores index p * cout + o with p = 0: relative to the shifted y */
    channels(&part, xa, xa, 1, 0, 0);
    return;
  }
  int lo, hi;
  share(pixels, 2, id, cores, &lo, &hi);
  if (L->cols) {
    conv_cols(L, id, lo, hi);
    return;
  }
  uint8_t *col = L->col + id * L->col_bytes;
  for (int p = lo; p < hi; p += 2) {
    if (id == 0) dp_dma_kick();
    const int np = hi - p >= 2 ? 2 : 1;
    const uint32_t *xa, *xb;
    if (direct) {
      const int ya = p / L->ow, xa0 = p % L->ow, yb = (p + 1) / L->ow, xb0 = (p + 1) % L->ow;
      xa = (const uint32_t *)(L->x + (ya * L->sh * L->w + xa0 * L->sw) * L->cin);
      xb = (const uint32_t *)(L->x + (yb * L->sh * L->w + xb0 * L->sw) * L->cin);
    } else {
      im2col(L, p / L->ow, p % L->ow, col);
      if (np == 2) im2col(L, (p + 1) / L->ow, (p + 1) % L->ow, col + L->kpad);
      xa = (const uint32_t *)col;
      xb = (const uint32_t *)(col + L->kpad);
    }
    if (L->fast_w) {
      uint8_t *y = (uint8_t *)L->y;
      linear_requant_pixels(xa, xb, np, L->fast_w, L->kappa, L->lambda, L->rq.shift, L->cout, L->kpad, (uint32_t *)(y + p * L->cout),
                            (uint32_t *)(y + (p + 1) * L->cout), L->scratch + id * L->scratch_words);
    } else {
      channels(L, xa, xb, np, p, p + 1);
    }
  }
}

void dp_pool_run(const struct dp_pool *L, int id, int cores) {
  const int c = L->c, h = L->h, w = L->w, kh = L->kh, kw = L->kw, sh = L->sh, sw = L->sw, pt = L->pt, pl = L->pl, ow = L->ow;
  const int is_max = L->is_max, zp = L->zp_in, rs = w * c;
  const uint8_t *x = L->x;
  uint8_t *y = L->y;
  const struct dp_requant rq = L->rq;
  /* work items are (pixel, channel): a global pooling has one pixel */
  int lo, hi;
  share(L->oh * ow * c, 1, id, cores, &lo, &hi);
  int p = lo / c, ch = lo % c;
  for (int i = lo; i < hi; i++) {
    if (id == 0 && (i & 15) == 0) dp_dma_kick();
    const int oy = p / ow, ox = p % ow;
    const int iy0 = oy * sh - pt, ix0 = ox * sw - pl;
    /* the window rows and columns inside the input */
    const int ky0 = iy0 < 0 ? -iy0 : 0, ky1 = h - iy0 < kh ? h - iy0 : kh;
    const int kx0 = ix0 < 0 ? -ix0 : 0, kx1 = w - ix0 < kw ? w - ix0 : kw;
    const uint8_t *base = x + iy0 * rs + ix0 * c + ch;
    int32_t acc;
    if (is_max) {
      /* the largest input byte (its zero point is folded into the requantization) */
      int32_t m = -1;
      for (int ky = ky0; ky < ky1; ky++) {
        const uint8_t *r = base + ky * rs;
        for (int kx = kx0; kx < kx1; kx++) m = FLEXV_MAX(m, (int32_t)r[kx * c]);
      }
      acc = m;
    } else {
      /* the sum of the values inside the input */
      int32_t sum = 0;
      for (int ky = ky0; ky < ky1; ky++) {
        const uint8_t *r = base + ky * rs + kx0 * c;
        for (int kx = kx0; kx < kx1; kx++, r += c) sum += *r;
      }
      acc = sum - zp * (ky1 - ky0) * (kx1 - kx0);
    }
    y[i] = (uint8_t)dp_rq(&rq, acc, ch);
    if (++ch == c) {
      ch = 0;
      p++;
    }
  }
}

/* A scalar 32-bit requantization with its constants in registers: mul, add, arithmetic shift, p.min, p.max. */
#define RQ32(x, m, a, sh, lo, hi) ((int32_t)FLEXV_MAX((int32_t)FLEXV_MIN((int32_t)(((x) * (m) + (a)) >> (sh)), (hi)), (lo)))

static void __attribute__((noinline)) add_flat(const uint8_t *pa, const uint8_t *pb, uint8_t *py, int n, const struct dp_requant *ra,
                                                const struct dp_requant *rb, const struct dp_requant *rq) {
  const int32_t ma = ra->mul[0], aa = (int32_t)ra->add[0], sa = ra->shift, la = ra->lo, ha = ra->hi;
  const int32_t mb = rb->mul[0], ab = (int32_t)rb->add[0], sb = rb->shift, lb = rb->lo, hb = rb->hi;
  const int32_t mo = rq->mul[0], ao = (int32_t)rq->add[0], so = rq->shift, lo = rq->lo, ho = rq->hi;
  const uint8_t *end = pa + n;
  while (pa < end) {
    const int32_t s = RQ32((int32_t)*pa++, ma, aa, sa, la, ha) + RQ32((int32_t)*pb++, mb, ab, sb, lb, hb);
    *py++ = (uint8_t)RQ32(s, mo, ao, so, lo, ho);
  }
}

/* Table form of the add, two elements per hardware-loop iteration: y = to[ta[a] + tb[b]] with byte tables
   (p.lbu rd, rs2(rs1) looks each up in one instruction; the loads of one element are spaced so that no
   result is used by the next instruction). */
static void __attribute__((noinline)) add_lut(const uint8_t *pa, const uint8_t *pb, uint8_t *py, int n, const uint8_t *ta, const uint8_t *tb, const uint8_t *to) {
  if (n >= 2) {
    register int pairs __asm__("t0") = n / 2;
    uint32_t a0, a1, b0, b1;
    __asm__ volatile(FLEXV_ASM_LP_SETUP(0, 5, a)
                     FLEXV_ASM_LBU_POSTINC("%[a0]", "%[pa]", 1)
                     FLEXV_ASM_LBU_POSTINC("%[a1]", "%[pa]", 1)
                     FLEXV_ASM_LBU_POSTINC("%[b0]", "%[pb]", 1)
                     FLEXV_ASM_LBU_POSTINC("%[b1]", "%[pb]", 1)
                     FLEXV_ASM_LBU_RR("%[a0]", "%[ta]", "%[a0]")
                     FLEXV_ASM_LBU_RR("%[a1]", "%[ta]", "%[a1]")
                     FLEXV_ASM_LBU_RR("%[b0]", "%[tb]", "%[b0]")
                     FLEXV_ASM_LBU_RR("%[b1]", "%[tb]", "%[b1]")
                     "add %[a0], %[a0], %[b0]\n"
                     "add %[a1], %[a1], %[b1]\n"
                     FLEXV_ASM_LBU_RR("%[a0]", "%[to]", "%[a0]")
                     FLEXV_ASM_LBU_RR("%[a1]", "%[to]", "%[a1]")
                     FLEXV_ASM_SB_POSTINC("%[a0]", "%[py]", 1)
                     FLEXV_ASM_LP_LAST(a)
                     FLEXV_ASM_SB_POSTINC("%[a1]", "%[py]", 1)
                     FLEXV_ASM_LP_DONE
                     : [a0] "=&r"(a0), [a1] "=&r"(a1), [b0] "=&r"(b0), [b1] "=&r"(b1), [pa] "+r"(pa), [pb] "+r"(pb), [py] "+r"(py)
                     : [ta] "r"(ta), [tb] "r"(tb), [to] "r"(to), "r"(pairs)
                     : "memory");
  }
  if (n & 1) *py = to[ta[*pa] + tb[*pb]];
}

void dp_add_run(const struct dp_add *L, int id, int cores) {
  const struct dp_requant ra = L->pre_a, rb = L->pre_b, rq = L->rq;
  const uint8_t *pa = L->a, *pb = L->b;
  uint8_t *py = L->y;
  const int c = L->c;
  if (L->ta) {
    int lo, hi;
    share(L->pixels * c, 4, id, cores, &lo, &hi);
    for (int a = lo; a < hi; a += id == 0 ? 256 : hi - lo) {
      if (id == 0) dp_dma_kick();
      const int b = id == 0 && a + 256 < hi ? a + 256 : hi;
      add_lut(pa + a, pb + a, py + a, b - a, L->ta, L->tb, L->to);
    }
    return;
  }
  if (!ra.per_channel && !rb.per_channel && !rq.per_channel && !ra.wide && !rb.wide && !rq.wide) {
    /* every element alike: a flat split, the constants in registers (a function of its own, so the
       general path's registers do not crowd them out) */
    int lo, hi;
    share(L->pixels * c, 4, id, cores, &lo, &hi);
    /* core 0 in chunks, kicking the DMA queue between them */
    for (int a = lo; a < hi; a += id == 0 ? 256 : hi - lo) {
      if (id == 0) dp_dma_kick();
      const int b = id == 0 && a + 256 < hi ? a + 256 : hi;
      add_flat(pa + a, pb + a, py + a, b - a, &ra, &rb, &rq);
    }
    return;
  }
  int lo, hi;
  share(L->pixels, 1, id, cores, &lo, &hi);
  for (int p = lo; p < hi; p++) {
    if (id == 0) dp_dma_kick();
    const uint8_t *a = pa + p * c, *b = pb + p * c;
    uint8_t *y = py + p * c;
    for (int ch = 0; ch < c; ch++) y[ch] = (uint8_t)dp_rq(&rq, dp_rq(&ra, a[ch], ch) + dp_rq(&rb, b[ch], ch), ch);
  }
}

void dp_requant_run(const struct dp_requant_layer *L, int id, int cores) {
  int lo, hi;
  share(L->pixels, 1, id, cores, &lo, &hi);
  const int c = L->c;
  const struct dp_requant rq = L->rq;
  const uint8_t *x = L->x;
  uint8_t *y = L->y;
  for (int p = lo; p < hi; p++) {
    if (id == 0) dp_dma_kick();
    for (int ch = 0; ch < c; ch++) y[p * c + ch] = (uint8_t)dp_rq(&rq, x[p * c + ch], ch);
  }
}

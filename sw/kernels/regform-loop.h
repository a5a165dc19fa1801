/* Register-form inner loops shared by the baseline build and the xpulpnn build when weights are the
   narrower operand: activations come prepared (prep.h) in PREP_BITS lanes; each weight word is loaded once
   and expanded in registers into PARTS words (WPART), each used by SDOT for every pixel of the block.
   Blocks: 4 output channels x 1 pixel, and 4 x 2 (the expansion is then shared by two pixels). Loads are
   XpulpV2 post-increment loads (p.lw rd, 4(rs1!)). */
#include "linear.h"
#include "prep.h"
#include "flexv.h"
#include "requant-regs.h"

/* Loop heads on 4-byte boundaries: on the core a taken branch to a 32-bit instruction at 2 mod 4 costs a
   cycle per iteration, so without this the register-form builds' speed depended on where the linker
   happened to put this unit (conv3x3 baseline a2w8 on 8 cores: 353.8 k or 371.7 k cycles). The padding
   is c.nop on the fall-through path (.option norelax in the including unit), once per loop entry. */
#pragma GCC optimize("align-loops=4")

/* The inner loops of every block, shared by both weight layouts: per weight word of each of the 4 channels
   (LOAD4 declares v0..v3, stepping the weight pointers), PARTS activation words of pixel a (REGFORM_LOOP1)
   or of pixels a and b (REGFORM_LOOP2); they use the enclosing block's row, xa, xb, s0..s3, t0..t3.
   Macros, not an always-inline helper: the expansion is token for token the loop each block had, so the
   generated code is unchanged (a helper with np/layout parameters moved GCC's register allocation: baseline
   a2w8 on 8 cores gained 64 instructions and lost 5 % of its RTL cycles). */
#define REGFORM_LOOP1(LOAD4)                                     \
  for (int q = 0; q < row; q++) {                                \
    LOAD4;                                                       \
    _Pragma("GCC unroll 4")                                      \
    for (int j = 0; j < PARTS; j++) {                            \
      const uint32_t a = FLEXV_LW_POSTINC(xa, 4);                \
      s0 = SDOT(s0, a, WPART(v0, j));                            \
      s1 = SDOT(s1, a, WPART(v1, j));                            \
      s2 = SDOT(s2, a, WPART(v2, j));                            \
      s3 = SDOT(s3, a, WPART(v3, j));                            \
    }                                                            \
  }
#define REGFORM_LOOP2(LOAD4)                                                       \
  for (int q = 0; q < row; q++) {                                                  \
    LOAD4;                                                                         \
    _Pragma("GCC unroll 4")                                                        \
    for (int j = 0; j < PARTS; j++) {                                              \
      const uint32_t a = FLEXV_LW_POSTINC(xa, 4), b = FLEXV_LW_POSTINC(xb, 4);     \
      uint32_t e = WPART(v0, j);                                                   \
      s0 = SDOT(s0, a, e); t0 = SDOT(t0, b, e);                                    \
      e = WPART(v1, j);                                                            \
      s1 = SDOT(s1, a, e); t1 = SDOT(t1, b, e);                                    \
      e = WPART(v2, j);                                                            \
      s2 = SDOT(s2, a, e); t2 = SDOT(t2, b, e);                                    \
      e = WPART(v3, j);                                                            \
      s3 = SDOT(s3, a, e); t3 = SDOT(t3, b, e);                                    \
    }                                                                              \
  }
/* Plain layout: the channels' rows are `row` words apart, one pointer each. */
#define LOAD4_ROWS                                                                  \
  const uint32_t v0 = FLEXV_LW_POSTINC(w0, 4), v1 = FLEXV_LW_POSTINC(w1, 4);        \
  const uint32_t v2 = FLEXV_LW_POSTINC(w2, 4), v3 = FLEXV_LW_POSTINC(w3, 4)
/* Interleaved layout w[kword][o % 4]: one pointer, four loads. */
#define LOAD4_INTERLEAVED                                                           \
  const uint32_t v0 = FLEXV_LW_POSTINC(w, 4), v1 = FLEXV_LW_POSTINC(w, 4);          \
  const uint32_t v2 = FLEXV_LW_POSTINC(w, 4), v3 = FLEXV_LW_POSTINC(w, 4)

static void block4(const uint32_t *xa, const uint32_t *w, int32_t *acc, int k) {
  const int row = ROW_WORDS(k, W_BITS);
  const uint32_t *w0 = w, *w1 = w + row, *w2 = w + 2 * row, *w3 = w + 3 * row;
  uint32_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  WPART_SETUP;
  REGFORM_LOOP1(LOAD4_ROWS)
  acc[0] = s0; acc[1] = s1; acc[2] = s2; acc[3] = s3;
}

/* xb: the second pixel's prepared activations; acc rows n apart. */
static void block4x2(const uint32_t *xa, const uint32_t *xb, const uint32_t *w, int32_t *acc, int n, int k) {
  const int row = ROW_WORDS(k, W_BITS);
  const uint32_t *w0 = w, *w1 = w + row, *w2 = w + 2 * row, *w3 = w + 3 * row;
  uint32_t s0 = 0, s1 = 0, s2 = 0, s3 = 0, t0 = 0, t1 = 0, t2 = 0, t3 = 0;
  WPART_SETUP;
  REGFORM_LOOP2(LOAD4_ROWS)
  acc[0] = s0; acc[1] = s1; acc[2] = s2; acc[3] = s3;
  acc[n] = t0; acc[n + 1] = t1; acc[n + 2] = t2; acc[n + 3] = t3;
}

/* Activations already in the expanded order (same width, no permutation) are used in place. */
#define PREP_IDENTITY (A_BITS == PREP_BITS && PARTS == 1)

void linear_s32(const uint32_t *x, const uint32_t *w, int32_t *acc, int n, int k, int pixels, uint32_t *scratch) {
  const int prepared = ROW_WORDS(k, PREP_BITS);
  for (int p = 0; p < pixels;) {
    const int two = pixels - p >= 2;
    const uint32_t *xa = x + p * ROW_WORDS(k, A_BITS), *xb = xa + ROW_WORDS(k, A_BITS);
    if (!PREP_IDENTITY) {
      prep_acts_inline(xa, k, PREP_BITS, PARTS, scratch);
      if (two) prep_acts_inline(xb, k, PREP_BITS, PARTS, scratch + prepared);
      xa = scratch;
      xb = scratch + prepared;
    }
    for (int o = 0; o < n; o += 4) {
      const uint32_t *wo = w + o * ROW_WORDS(k, W_BITS);
      if (two) block4x2(xa, xb, wo, acc + p * n + o, n, k);
      else block4(xa, wo, acc + p * n + o, k);
    }
    p += two ? 2 : 1;
  }
}

/* ---- Interleaved weights (fused-pixels.h): the four channels' words of a block are consecutive, so one
   pointer loads them; activations are prepared once per pixel into scratch (slot 0 or 1). ---- */
static inline __attribute__((always_inline)) const uint32_t *fused_acts(const uint32_t *x, int k, uint32_t *scratch, const int slot) {
  if (PREP_IDENTITY) return x;
  uint32_t *out = scratch + slot * ROW_WORDS(k, PREP_BITS);
  prep_acts_inline(x, k, PREP_BITS, PARTS, out);
  return out;
}

static inline __attribute__((always_inline)) void fused_begin(const int np, const uint32_t *xa, const uint32_t *xb, const uint32_t **pw) {
  (void)np, (void)xa, (void)xb, (void)pw;
}

static inline __attribute__((always_inline)) void fused_end(void) {}

static inline __attribute__((always_inline)) struct block_sums fused_block2(const uint32_t *xa, const uint32_t *xb, const uint32_t **pw, int k) {
  const int row = ROW_WORDS(k, W_BITS);
  const uint32_t *w = *pw;
  uint32_t s0 = 0, s1 = 0, s2 = 0, s3 = 0, t0 = 0, t1 = 0, t2 = 0, t3 = 0;
  WPART_SETUP;
  REGFORM_LOOP2(LOAD4_INTERLEAVED)
  *pw = w;
  return (struct block_sums){ s0, s1, s2, s3, t0, t1, t2, t3 };
}

static inline __attribute__((always_inline)) struct block_sums fused_block1(const uint32_t *xa, const uint32_t **pw, int k) {
  const int row = ROW_WORDS(k, W_BITS);
  const uint32_t *w = *pw;
  uint32_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  WPART_SETUP;
  REGFORM_LOOP1(LOAD4_INTERLEAVED)
  *pw = w;
  return (struct block_sums){ s0, s1, s2, s3, 0, 0, 0, 0 };
}

#include "fused-pixels.h"

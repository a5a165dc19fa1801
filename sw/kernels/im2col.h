/* im2col of one output pixel of an HWC convolution, in whole words (cin * A_BITS % 32 == 0): the kh * kw
   taps' input pixels one after the other, zero words for the padding. Shared by the single-core convolution
   (sw/kernels/conv.c) and the cluster layers (sw/cluster/layer_run.c), which hold a band of input rows
   from row iy0 on (iy0 = 0: the whole input). Taps of one kernel row are contiguous in the input when the
   window lies inside it horizontally, so the interior copies kw pixels per kernel row with one
   post-increment load/store hardware loop; windows across the left or right border copy the taps inside
   the input as one run per kernel row. */
#ifndef KERNELS_IM2COL_H
#define KERNELS_IM2COL_H
#include <stdint.h>
#include "flexv.h"
#include "linear.h"

/* Copies `words` (> 0) words from src to dst with p.lw / p.sw post-increment in hardware loop 0. */
static inline __attribute__((always_inline)) uint32_t *im2col_copy(const uint32_t *src, uint32_t *dst, int words) {
  register int count __asm__("t1") = words;
  uint32_t tmp;
  __asm__ volatile(FLEXV_ASM_LP_SETUP(0, 6, c)
                   FLEXV_ASM_LW_POSTINC("%[tmp]", "%[src]", 4)
                   FLEXV_ASM_LP_LAST(c)
                   FLEXV_ASM_SW_POSTINC("%[tmp]", "%[dst]", 4)
                   FLEXV_ASM_LP_DONE
                   : [tmp] "=&r"(tmp), [src] "+r"(src), [dst] "+r"(dst)
                   : "r"(count)
                   : "memory");
  return dst;
}

/* Copies `rows` (> 0) runs of `words` (> 0) words, `stride_bytes` apart at src, one after the other to dst:
   the copy loop nested in hardware loop 1 (its last instruction steps src to the next run). */
static inline __attribute__((always_inline)) uint32_t *im2col_copy_rows(const uint32_t *src, uint32_t *dst, int rows, int words, int stride_bytes) {
  register int count __asm__("t1") = words;
  register int outer __asm__("t2") = rows;
  const int skip = stride_bytes - 4 * words;
  uint32_t tmp;
  __asm__ volatile(FLEXV_ASM_LP_SETUP(1, 7, r)
                   FLEXV_ASM_LP_SETUP(0, 6, c)
                   FLEXV_ASM_LW_POSTINC("%[tmp]", "%[src]", 4)
                   FLEXV_ASM_LP_LAST(c)
                   FLEXV_ASM_SW_POSTINC("%[tmp]", "%[dst]", 4)
                   FLEXV_ASM_LP_LAST(r)
                   "add %[src], %[src], %[skip]\n"
                   FLEXV_ASM_LP_DONE
                   FLEXV_ASM_LP_DONE
                   : [tmp] "=&r"(tmp), [src] "+r"(src), [dst] "+r"(dst)
                   : "r"(count), "r"(outer), [skip] "r"(skip)
                   : "memory");
  return dst;
}

static inline __attribute__((always_inline)) uint32_t *im2col_zero(uint32_t *dst, int words) {
  for (int i = 0; i < words; i++) FLEXV_SW_POSTINC(0, dst, 4);
  return dst;
}

/* The geometry as the copy loops use it, read once per run of pixels (a copy of struct conv_geometry in
   locals: the asm statements clobber memory, so fields read through a pointer would be reloaded per tap). */
struct im2col_plan {
  int height, width, kh, kw, stride, pad, pix_words, row_words;
};

static inline __attribute__((always_inline)) struct im2col_plan im2col_plan_of(const struct conv_geometry *g) {
  const int pix_words = ROW_WORDS(g->cin, A_BITS);
  return (struct im2col_plan){ g->height, g->width, g->kh, g->kw, g->stride, g->pad, pix_words, g->width * pix_words };
}

/* The im2col row of output pixel (oy, ox) into col; x holds input rows from iy0 on. */
static inline __attribute__((always_inline)) void im2col_pixel(const struct im2col_plan P, const uint32_t *x, int iy0, int oy, int ox, uint32_t *col) {
  const int iy_first = oy * P.stride - P.pad, ix0 = ox * P.stride - P.pad;
  const uint32_t *src = x + (iy_first - iy0) * P.row_words + ix0 * P.pix_words;
  /* Kernel rows [ky_lo, ky_hi) lie inside the input. */
  const int ky_lo = iy_first < 0 ? -iy_first : 0, ky_hi = P.height - iy_first < P.kh ? P.height - iy_first : P.kh;
  if (ix0 >= 0 && ix0 + P.kw <= P.width) {
    const int run = P.kw * P.pix_words;
    if (ky_lo > 0) col = im2col_zero(col, ky_lo * run);
    if (ky_hi > ky_lo) col = im2col_copy_rows(src + ky_lo * P.row_words, col, ky_hi - ky_lo, run, 4 * P.row_words);
    if (ky_hi < P.kh) col = im2col_zero(col, (P.kh - (ky_hi > ky_lo ? ky_hi : ky_lo)) * run);
    return;
  }
  /* Across the left or right border: taps [kx_lo, kx_hi) lie inside the input, one run per kernel row. */
  const int kx_lo = ix0 < 0 ? -ix0 : 0, kx_hi = P.width - ix0 < P.kw ? P.width - ix0 : P.kw;
  for (int ky = 0; ky < P.kh; ky++, src += P.row_words) {
    if (ky < ky_lo || ky >= ky_hi || kx_hi <= kx_lo) {
      col = im2col_zero(col, P.kw * P.pix_words);
      continue;
    }
    col = im2col_zero(col, kx_lo * P.pix_words);
    col = im2col_copy(src + kx_lo * P.pix_words, col, (kx_hi - kx_lo) * P.pix_words);
    col = im2col_zero(col, (P.kw - kx_hi) * P.pix_words);
  }
}

/* The im2col rows of output pixels (oy, ox) and (oy, ox + 1) into col_a, col_b (ow: output width). Both
   windows inside the input horizontally (the common case): the kernel rows inside it vertically are worked
   out once for the pair, and each pixel is one nested copy. */
static inline __attribute__((always_inline)) void im2col_pair(const struct im2col_plan P, const uint32_t *x, int iy0, int oy, int ox, int ow,
                                                              uint32_t *col_a, uint32_t *col_b) {
  const int ix0 = ox * P.stride - P.pad;
  if (ox + 1 >= ow || ix0 < 0 || ix0 + P.stride + P.kw > P.width) {
    im2col_pixel(P, x, iy0, oy, ox, col_a);
    if (ox + 1 < ow) im2col_pixel(P, x, iy0, oy, ox + 1, col_b);
    else im2col_pixel(P, x, iy0, oy + 1, 0, col_b);
    return;
  }
  const int iy_first = oy * P.stride - P.pad, run = P.kw * P.pix_words;
  const int ky_lo = iy_first < 0 ? -iy_first : 0, ky_hi = P.height - iy_first < P.kh ? P.height - iy_first : P.kh;
  if (ky_lo == 0 && ky_hi == P.kh) {
    const uint32_t *src = x + (iy_first - iy0) * P.row_words + ix0 * P.pix_words;
    im2col_copy_rows(src, col_a, P.kh, run, 4 * P.row_words);
    im2col_copy_rows(src + P.stride * P.pix_words, col_b, P.kh, run, 4 * P.row_words);
    return;
  }
  im2col_pixel(P, x, iy0, oy, ox, col_a);
  im2col_pixel(P, x, iy0, oy, ox + 1, col_b);
}
#endif

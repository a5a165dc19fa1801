/* HWC convolution as im2col + the build's linear kernel: the im2col rows of two output pixels (one
   4 x 2 block's activations) are gathered into `col`, as whole words since cin * A_BITS % 32 == 0; zero
   padding is zero words. Output [pixel][cout] is the linear kernel's layout. */
#include "linear.h"

static void im2col_row(const uint32_t *x, const struct conv_geometry *g, int pixel, int ow, uint32_t *col) {
  const int pix_words = ROW_WORDS(g->cin, A_BITS);
  const int oy = pixel / ow, ox = pixel % ow;
  for (int ky = 0; ky < g->kh; ky++) {
    const int iy = oy * g->stride - g->pad + ky;
    for (int kx = 0; kx < g->kw; kx++) {
      const int ix = ox * g->stride - g->pad + kx;
      if (iy < 0 || iy >= g->height || ix < 0 || ix >= g->width) {
        for (int i = 0; i < pix_words; i++) *col++ = 0;
      } else {
        const uint32_t *src = x + (iy * g->width + ix) * pix_words;
        for (int i = 0; i < pix_words; i++) *col++ = src[i];
      }
    }
  }
}

void conv_s32(const uint32_t *x, const struct conv_geometry *g, const uint32_t *w, int32_t *acc, uint32_t *col, uint32_t *scratch) {
  const int oh = (g->height + 2 * g->pad - g->kh) / g->stride + 1, ow = (g->width + 2 * g->pad - g->kw) / g->stride + 1;
  const int k = g->kh * g->kw * g->cin, row_words = ROW_WORDS(k, A_BITS), pixels = oh * ow;
  for (int p = 0; p < pixels; p += 2) {
    const int np = pixels - p >= 2 ? 2 : 1;
    for (int q = 0; q < np; q++) im2col_row(x, g, p + q, ow, col + q * row_words);
    linear_s32(col, w, acc + p * g->cout, g->cout, k, np, scratch);
  }
}

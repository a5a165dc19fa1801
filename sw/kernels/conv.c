/* HWC convolution as im2col + the build's linear kernel: the im2col rows of two output pixels (one
   4 x 2 block's activations) are gathered into `col` (im2col.h). Output [pixel][cout] is the linear kernel's layout. */
#include "linear.h"
#include "im2col.h"

void conv_s32(const uint32_t *x, const struct conv_geometry *g, const uint32_t *w, int32_t *acc, uint32_t *col, uint32_t *scratch) {
  const int oh = (g->height + 2 * g->pad - g->kh) / g->stride + 1, ow = (g->width + 2 * g->pad - g->kw) / g->stride + 1;
  const int k = g->kh * g->kw * g->cin, row_words = ROW_WORDS(k, A_BITS), pixels = oh * ow;
  const struct im2col_plan plan = im2col_plan_of(g);
  for (int p = 0; p < pixels; p += 2) {
    const int np = pixels - p >= 2 ? 2 : 1;
    for (int q = 0; q < np; q++) im2col_pixel(plan, x, 0, (p + q) / ow, (p + q) % ow, col + q * row_words);
    linear_s32(col, w, acc + p * g->cout, g->cout, k, np, scratch);
  }
}

/* Packed sub-byte layers of the deployment flow (src/deploy/packed.ts, lower.ts): tensors narrowed by a
   --bits policy are stored packed at their width (HWC, element i of a word at bits i * b, lane 0 the least
   significant, as sw/kernels/linear.h). A convolution / fully connected layer with any operand narrower than
   8 bits calls the build's linear_requant_pixels (and, flexv, linear_requant_quad) compiled for its formats:
   the generated layer points at the variant (src/deploy/build.ts compiles sw/kernels/linear_<build>.c once per
   format triple, the entry points renamed dp_rq_pixels_a<A>w<W>o<OUT> / dp_rq_quad_...). */
#ifndef DEPLOY_PACKED_H
#define DEPLOY_PACKED_H
#include <stdint.h>

/* linear_requant_pixels and linear_requant_quad of sw/kernels/linear.h, for one format triple: the function
   types (the generated layers declare each variant with them) and the pointers the layers hold. */
typedef void dp_rq_pixels_t(const uint32_t *xa, const uint32_t *xb, int np, const uint32_t *w, const int32_t *kappa, const int32_t *lambda,
                            int shift, int n, int k, uint32_t *out_a, uint32_t *out_b, uint32_t *scratch);
typedef void dp_rq_quad_t(const uint32_t *x, int pix_dist, int seg_dist, int segs, int seg_words, int quads, const uint32_t *w,
                          const int32_t *kappa, const int32_t *lambda, int shift, int n, uint32_t *out, int out_row);
typedef dp_rq_pixels_t *dp_rq_pixels_fn;
typedef dp_rq_quad_t *dp_rq_quad_fn;

/* How a packed convolution reads its activation rows: im2col rows of k elements (zero tail), column
   buffers (windows of whole-word pixels, k = kh * kw * cin, weights in [cout][kx][ky][cin] order), or the
   input pixels in place (1 x 1 unpadded, or a fully connected layer's one row). */
#define DP_ROWS 0
#define DP_COLS 1
#define DP_DIRECT 2

struct dp_pconv {
  const uint8_t *x;
  uint8_t *y;
  int32_t h, w, cin, oh, ow, cout, kh, kw, sh, sw, pt, pl;
  /* element bits of the input, weights and output; the input's zero point (bytes only; packed: 0) */
  int32_t a_bits, w_bits, out_bits, zp_in;
  /* activation row elements (a whole number of groups of the pipeline) and how rows are formed */
  int32_t k, mode;
  /* interleaved packed weights (+ 4 zero words), bn_quant constants (bias folded into lambda) */
  const uint32_t *wt;
  const int32_t *kappa, *lambda;
  int32_t shift;
  /* per-core im2col rows or column buffer, and the pipeline's scratch */
  uint8_t *col;
  int32_t col_bytes;
  uint32_t *scratch;
  int32_t scratch_words;
  dp_rq_pixels_fn pixels;
  /* 0: no 4 x 4 block for these formats in this build */
  dp_rq_quad_fn quad;
};

/* Residual add in table form over packed (or byte) operands: y = to[ta[a] + tb[b]], `elems` elements, the
   operands and the output each of its own width (8, 4 or 2 bits). */
struct dp_padd {
  const uint8_t *a, *b;
  uint8_t *y;
  int32_t elems, a_bits, b_bits, out_bits;
  const uint8_t *ta, *tb, *to;
};

void dp_pconv_run(const struct dp_pconv *L, int id, int cores);
void dp_padd_run(const struct dp_padd *L, int id, int cores);
#endif

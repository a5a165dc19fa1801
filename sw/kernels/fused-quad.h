/* linear_requant_quad (linear.h): the flexv build's 4 x 4 block pipeline (4 output channels x 4 pixels,
   16 accumulators), for the pairs whose activations are at least as wide as the weights (CLUSTER_QUAD,
   set by src/kernels/cluster/build.ts from clusterQuad of src/kernels/cluster/block.ts). Status-based mode frees
   the pointer registers (the loads come from the macl address streams), so 16 accumulators fit:
     activation stream: the four pixels' rows `pix_dist` words apart, visited 0, 1, 2, 3, 0 + 4 bytes, ...:
       stride, rollback 4 - 3 stride every fourth load (skip 3); A0 holds pixels 0 and 2, A1 pixels 1 and 3
       (macload-body.h _P4: each A register is reloaded twice per step); re-pointed inside the last group of
       every segment (the kernel rows of a window in the padded input; the block's first words at the end);
     weight stream: the interleaved block layout as in fused-pixels.h (+4 every load, one stream per call).
   Per group: 16 R dot products and one extra Mac&Load (16/17 of the lane limit, 8/9 for the 4 x 2 block),
   4 activation loads instead of 2 per 4 weight loads. Requantization as requant-regs.h, per channel for the
   four pixels: kappa and lambda are loaded once per 4 outputs (4.5 instructions per output instead of 5).
   Included by linear_flexv.c after macload-sb.h. */
#include "requant-regs.h"

#if CLUSTER_QUAD
_Static_assert(A_BITS >= W_BITS, "the 4 x 4 block needs activations at least as wide as the weights");

#define Q_NAME__(a, w, part) MACLOAD_FLEXV_A##a##_W##w##_P4_##part
#define Q_NAME_(a, w, part) Q_NAME__(a, w, part)
#define Q_NAME(part) Q_NAME_(A_BITS, W_BITS, part)

#define Q_SUMS [s0] "=&r"(s[0]), [s1] "=&r"(s[1]), [s2] "=&r"(s[2]), [s3] "=&r"(s[3]), \
               [t0] "=&r"(t[0]), [t1] "=&r"(t[1]), [t2] "=&r"(t[2]), [t3] "=&r"(t[3]), \
               [u0] "=&r"(u[0]), [u1] "=&r"(u[1]), [u2] "=&r"(u[2]), [u3] "=&r"(u[3]), \
               [v0] "=&r"(v[0]), [v1] "=&r"(v[1]), [v2] "=&r"(v[2]), [v3] "=&r"(v[3])
#define Q_ZERO ZERO4(s0, s1, s2, s3) ZERO4(t0, t1, t2, t3) ZERO4(u0, u1, u2, u3) ZERO4(v0, v1, v2, v3)

/* The 4 x 4 block's sums over one contiguous reduction (im2col rows, pointwise input rows): `inner` = groups
   - 1 loop iterations, then the last group, cut (macload-body.h _P4_HEAD / _TAIL) to point the activation
   stream back at x, so that its last loads fill A0, A1 with the next block's first words. */
static inline __attribute__((always_inline)) void quad_block(const uint32_t *x, int inner, int32_t *s, int32_t *t, int32_t *u, int32_t *v) {
  register int count __asm__("t0") = inner;
  __asm__ volatile(Q_ZERO
                   FLEXV_ASM_LP_SETUP(0, 5, g)
                   Q_NAME(BODY)
                   FLEXV_ASM_LP_LAST(g)
                   Q_NAME(LAST)
                   FLEXV_ASM_LP_DONE
                   Q_NAME(HEAD)
                   FLEXV_ASM_CSRW(FLEXV_CSR_MACL_A_ADDRESS, "%[x]")
                   Q_NAME(TAIL)
                   Q_NAME(LAST)
                   : Q_SUMS
                   : [x] "r"(x), "r"(count)
                   : "memory");
}

/* The same over `segs` (> 1) segments `seg` bytes apart (the kernel rows of a window in the padded input):
   each segment's last group points the stream at the next segment (the last one back at x). The segments
   but the last run in hardware loop 1 (count segs - 1), the groups of a segment in loop 0. */
static inline __attribute__((always_inline)) void quad_block_segs(const uint32_t *x, int seg, int segs, int inner, int32_t *s, int32_t *t, int32_t *u,
                                                                 int32_t *v) {
  register int count __asm__("t0") = inner;
  register int outer __asm__("t1") = segs - 1;
  const uint32_t *nx;
  __asm__ volatile("mv %[nx], %[x]\n"
                   Q_ZERO
                   FLEXV_ASM_LP_SETUP(1, 6, o)
                   FLEXV_ASM_LP_SETUP(0, 5, g)
                   Q_NAME(BODY)
                   FLEXV_ASM_LP_LAST(g)
                   Q_NAME(LAST)
                   Q_NAME(HEAD)
                   /* 4 bytes (not c.add): the tail segment's lp.setup below then needs no alignment c.nop. */
                   ".option push\n.option norvc\nadd %[nx], %[nx], %[seg]\n.option pop\n"
                   FLEXV_ASM_CSRW(FLEXV_CSR_MACL_A_ADDRESS, "%[nx]")
                   Q_NAME(TAIL)
                   FLEXV_ASM_LP_LAST(o)
                   Q_NAME(LAST)
                   FLEXV_ASM_LP_DONE
                   FLEXV_ASM_LP_DONE
                   FLEXV_ASM_LP_SETUP(0, 5, h)
                   Q_NAME(BODY)
                   FLEXV_ASM_LP_LAST(h)
                   Q_NAME(LAST)
                   FLEXV_ASM_LP_DONE
                   Q_NAME(HEAD)
                   FLEXV_ASM_CSRW(FLEXV_CSR_MACL_A_ADDRESS, "%[x]")
                   Q_NAME(TAIL)
                   Q_NAME(LAST)
                   : Q_SUMS, [nx] "=&r"(nx)
                   : [x] "r"(x), [seg] "r"(seg), "r"(count), "r"(outer)
                   : "memory");
}

/* Channel `first + i` of the four pixels (sums a..d) into words w0..w3: kappa, lambda loaded once. */
#define RQ4_INS(i) RQ_LOAD RQ_VALUE(a) RQ_VALUE(b) RQ_VALUE(c) RQ_VALUE(d) RQ_CLIP(a, a) RQ_CLIP(b, b) RQ_CLIP(c, c) RQ_CLIP(d, d) \
  RQ_INSERT(w0, a, i) RQ_INSERT(w1, b, i) RQ_INSERT(w2, c, i) RQ_INSERT(w3, d, i)
#define RQ4_SET RQ_LOAD RQ_VALUE(a) RQ_VALUE(b) RQ_VALUE(c) RQ_VALUE(d) RQ_CLIP(w0, a) RQ_CLIP(w1, b) RQ_CLIP(w2, c) RQ_CLIP(w3, d)
#define RQ4_OPS [a] "+r"(a), [b] "+r"(b), [c] "+r"(c), [d] "+r"(d)

/* Element `pos` (a constant) of the four pixels' words. */
static inline __attribute__((always_inline)) void rq_channel4(int32_t a, int32_t b, int32_t c, int32_t d, const int32_t **kappa, const int32_t **lambda, int shift,
                                                             const int pos, uint32_t *w) {
  uint32_t k_, l_;
  if (pos % RQ_WORD_ELEMS == 0)
    __asm__(RQ4_SET : RQ4_OPS, [w0] "=&r"(w[0]), [w1] "=&r"(w[1]), [w2] "=&r"(w[2]), [w3] "=&r"(w[3]), RQ_IO_TEMPS : RQ_SH_IN(shift), [off] "i"(0));
  else
    __asm__(RQ4_INS(0) : RQ4_OPS, [w0] "+r"(w[0]), [w1] "+r"(w[1]), [w2] "+r"(w[2]), [w3] "+r"(w[3]), RQ_IO_TEMPS
            : RQ_SH_IN(shift), [off] "i"(((pos % RQ_WORD_ELEMS) * OUT_BITS) & 31));
}

/* The blocks of all n channels (segmented: a constant, so each variant is its own loop). */
static inline __attribute__((always_inline)) void quad_channels(const uint32_t *x, int seg, int segs, int inner, const int32_t *kappa, const int32_t *lambda,
                                                               int shift, int n, uint32_t *out, int out_row, const int segmented) {
  /* One output pointer (the other pixels' words out_row words on): fewer registers live across the blocks. */
  for (int o = 0; o < n; o += RQ_WORD_ELEMS, out++) {
    uint32_t wd[4];
#pragma GCC unroll 4
    for (int b = 0; b < FUSED_BLOCKS_PER_WORD; b++) {
      int32_t s[4], t[4], u[4], v[4];
      if (segmented) quad_block_segs(x, seg, segs, inner, s, t, u, v);
      else quad_block(x, inner, s, t, u, v);
#pragma GCC unroll 4
      for (int j = 0; j < 4; j++) rq_channel4(s[j], t[j], u[j], v[j], &kappa, &lambda, shift, 4 * b + j, wd);
    }
    uint32_t *po = out;
    *po = wd[0];
    *(po += out_row) = wd[1];
    *(po += out_row) = wd[2];
    *(po += out_row) = wd[3];
  }
}

void linear_requant_quad(const uint32_t *x, int pix_dist, int seg_dist, int segs, int seg_words, int quads, const uint32_t *w, const int32_t *kappa,
                         const int32_t *lambda, int shift, int n, uint32_t *out, int out_row) {
  const int inner = seg_words - 1;
  sb_enter(4);
  FLEXV_MACL_A_STRIDE(4 * pix_dist);
  FLEXV_MACL_A_ROLLBACK(4 - 12 * pix_dist);
  FLEXV_MACL_A_SKIP(3);
  sb_weight_stream(4);
  /* Quad q: pixels 4q..4q+3, activations from x + 4 q pix_dist, outputs from out + 4 q out_row. Each quad
     walks all the weights: the stream and the NN-RF start again at w (the last block prefetched past them). */
  for (int q = 0; q < quads; q++, x += 4 * pix_dist, out += 4 * out_row) {
    FLEXV_MACL_W_ADDRESS(w);
    __asm__ volatile(MACLOAD_SB_FILL_W ::: "memory");
    FLEXV_MACL_A_ADDRESS(x);
    __asm__ volatile(MACLOAD_SB_FILL_A2 ::: "memory");
    if (segs == 1) quad_channels(x, 0, 1, inner, kappa, lambda, shift, n, out, out_row, 0);
    else quad_channels(x, 4 * seg_dist, segs, inner, kappa, lambda, shift, n, out, out_row, 1);
  }
  sb_leave();
}
#endif

/* The flexv build's Mac&Load blocks in status-based mode (spec §5, revision 2): the operand widths come
   from ivec_fmt (one format per layer: FLEXV_FMT(A_BITS, W_BITS), flexv's extension formats 11..13 for the
   activation-narrower pairs), the loads from the two address streams, so the hardware-loop bodies of
   macload-body.h (MACLOAD_FLEXV_*) name no pointer and nothing is unpacked.
     activation stream: A0 (pixel 0), A1 (pixel 1), A0 (next word of pixel 0), ...: stride = distance of the
       two pixels' rows, rollback = 4 - stride every second load (skip 1); one pixel: +4 every load (skip 0);
     weight stream: W0..W3, W0 (next word), ...: rows `row` bytes apart (linear_s32): stride = row,
       rollback = 4 - 3 row every fourth load (skip 3); interleaved 4-channel blocks (linear_requant_pixels,
       src/kernels/cluster/weight-layout.ts): +4 every load (skip 0), and a block's last group then loads
       the next block's first words, so W0..W3 are filled once per call.
   ivec_skip_size = the dot products of one step (4 per pixel): a group is R steps, so ivec_mixed_cycle and
   the hidden counter are 0 again after every group; fills discard their sums (rd = x0), which the
   controller does not count (spec §5.3). Every call enters status-based decoding (sb_legacy = 0) and
   leaves it (sb_legacy = 1) before returning to code compiled for legacy decoding (spec §5.4); the code
   in between (these asm statements, requant-regs.h) has no packed-SIMD instruction besides the
   status-based Mac&Loads. Loads run one word past the end of every row: the tensors are padded. */
#include "macload.h"
#include "macload-body.h"
#include "requant-regs.h"

#define SB_FMT FLEXV_FMT(A_BITS, W_BITS)
_Static_assert(SB_FMT > 0, "no status-based format for (A_BITS, W_BITS)");

#define SB_NAME__(a, w, p, part) MACLOAD_FLEXV_A##a##_W##w##_P##p##_##part
#define SB_NAME_(a, w, p, part) SB_NAME__(a, w, p, part)
#define SB_NAME(p, part) SB_NAME_(A_BITS, W_BITS, p, part)
#define SB_GROUP_BITS (A_BITS < W_BITS ? A_BITS : W_BITS)
#define ZERO4(a, b, c, d) "li %[" #a "], 0\n li %[" #b "], 0\n li %[" #c "], 0\n li %[" #d "], 0\n"

/* Status-based decoding with the layer's format, sub-group 0 and `np` pixels per step (4 np dot products). */
static inline __attribute__((always_inline)) void sb_enter(const int np) {
  FLEXV_SET_FORMAT(SB_FMT);
  FLEXV_SET_MIXED_CYCLE(0);
  FLEXV_SET_SKIP(4 * np);
  FLEXV_LEGACY_MODE(0);
}

static inline __attribute__((always_inline)) void sb_leave(void) { FLEXV_LEGACY_MODE(1); }

/* The activation stream of np pixels whose rows are `dist` bytes apart (np == 1: dist unused). */
static inline __attribute__((always_inline)) void sb_act_stream(const int np, int dist) {
  if (np == 1) dist = 0;
  FLEXV_MACL_A_STRIDE(dist);
  FLEXV_MACL_A_ROLLBACK(4 - dist);
  FLEXV_MACL_A_SKIP(np - 1);
}

/* The weight stream over 4 rows `row` bytes apart (row == 4: the interleaved block layout). */
static inline __attribute__((always_inline)) void sb_weight_stream(int row) {
  FLEXV_MACL_W_STRIDE(row);
  FLEXV_MACL_W_ROLLBACK(row == 4 ? 4 : 4 - 3 * row);
  FLEXV_MACL_W_SKIP(row == 4 ? 0 : 3);
}

/* ---- linear_s32's blocks: weights in rows; every block points both streams and fills the NN-RF. ---- */
static void macload_block4(const uint32_t *xa, const uint32_t *w, int32_t *acc, int k) {
  uint32_t s0, s1, s2, s3;
  register int groups __asm__("t0") = ROW_WORDS(k, SB_GROUP_BITS);
  __asm__ volatile(FLEXV_ASM_CSRW(FLEXV_CSR_MACL_A_ADDRESS, "%[xa]")
                   FLEXV_ASM_CSRW(FLEXV_CSR_MACL_W_ADDRESS, "%[w]")
                   MACLOAD_SB_FILL_A1 MACLOAD_SB_FILL_W
                   ZERO4(s0, s1, s2, s3)
                   FLEXV_ASM_LP_SETUP(0, 5, g)
                   SB_NAME(1, BODY)
                   FLEXV_ASM_LP_LAST(g)
                   SB_NAME(1, LAST)
                   FLEXV_ASM_LP_DONE
                   : [s0] "=&r"(s0), [s1] "=&r"(s1), [s2] "=&r"(s2), [s3] "=&r"(s3)
                   : [xa] "r"(xa), [w] "r"(w), "r"(groups)
                   : "memory");
  acc[0] = s0; acc[1] = s1; acc[2] = s2; acc[3] = s3;
}

/* The second pixel's activations follow the stream (sb_act_stream); acc rows n apart. */
static void macload_block4x2(const uint32_t *xa, const uint32_t *w, int32_t *acc, int n, int k) {
  uint32_t s0, s1, s2, s3, t0, t1, t2, t3;
  register int groups __asm__("t0") = ROW_WORDS(k, SB_GROUP_BITS);
  __asm__ volatile(FLEXV_ASM_CSRW(FLEXV_CSR_MACL_A_ADDRESS, "%[xa]")
                   FLEXV_ASM_CSRW(FLEXV_CSR_MACL_W_ADDRESS, "%[w]")
                   MACLOAD_SB_FILL_A2 MACLOAD_SB_FILL_W
                   ZERO4(s0, s1, s2, s3) ZERO4(t0, t1, t2, t3)
                   FLEXV_ASM_LP_SETUP(0, 5, g)
                   SB_NAME(2, BODY)
                   FLEXV_ASM_LP_LAST(g)
                   SB_NAME(2, LAST)
                   FLEXV_ASM_LP_DONE
                   : [s0] "=&r"(s0), [s1] "=&r"(s1), [s2] "=&r"(s2), [s3] "=&r"(s3),
                     [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3)
                   : [xa] "r"(xa), [w] "r"(w), "r"(groups)
                   : "memory");
  acc[0] = s0; acc[1] = s1; acc[2] = s2; acc[3] = s3;
  acc[n] = t0; acc[n + 1] = t1; acc[n + 2] = t2; acc[n + 3] = t3;
}

/* ---- linear_requant_pixels (fused-pixels.h): interleaved weights, one weight stream for the call. ---- */
static inline __attribute__((always_inline)) void fused_begin(const int np, const uint32_t *xa, const uint32_t *xb, const uint32_t **pw) {
  sb_enter(np);
  sb_act_stream(np, (int)((const char *)xb - (const char *)xa));
  sb_weight_stream(4);
  FLEXV_MACL_W_ADDRESS(*pw);
  __asm__ volatile(MACLOAD_SB_FILL_W ::: "memory");
  /* The first block's activations; every block points the stream back here when its loop is done. */
  FLEXV_MACL_A_ADDRESS(xa);
}

static inline __attribute__((always_inline)) void fused_end(void) { sb_leave(); }

static inline __attribute__((always_inline)) struct block_sums fused_block2(const uint32_t *xa, const uint32_t *xb, const uint32_t **pw, int k) {
  uint32_t s0, s1, s2, s3, t0, t1, t2, t3;
  (void)xb, (void)pw;
  register int groups __asm__("t0") = ROW_WORDS(k, SB_GROUP_BITS);
  __asm__ volatile(MACLOAD_SB_FILL_A2
                   ZERO4(s0, s1, s2, s3) ZERO4(t0, t1, t2, t3)
                   FLEXV_ASM_LP_SETUP(0, 5, g)
                   SB_NAME(2, BODY)
                   FLEXV_ASM_LP_LAST(g)
                   SB_NAME(2, LAST)
                   FLEXV_ASM_LP_DONE
                   FLEXV_ASM_CSRW(FLEXV_CSR_MACL_A_ADDRESS, "%[xa]")
                   : [s0] "=&r"(s0), [s1] "=&r"(s1), [s2] "=&r"(s2), [s3] "=&r"(s3),
                     [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3)
                   : [xa] "r"(xa), "r"(groups)
                   : "memory");
  return (struct block_sums){ s0, s1, s2, s3, t0, t1, t2, t3 };
}

static inline __attribute__((always_inline)) struct block_sums fused_block1(const uint32_t *xa, const uint32_t **pw, int k) {
  uint32_t s0, s1, s2, s3;
  (void)pw;
  register int groups __asm__("t0") = ROW_WORDS(k, SB_GROUP_BITS);
  __asm__ volatile(MACLOAD_SB_FILL_A1
                   ZERO4(s0, s1, s2, s3)
                   FLEXV_ASM_LP_SETUP(0, 5, g)
                   SB_NAME(1, BODY)
                   FLEXV_ASM_LP_LAST(g)
                   SB_NAME(1, LAST)
                   FLEXV_ASM_LP_DONE
                   FLEXV_ASM_CSRW(FLEXV_CSR_MACL_A_ADDRESS, "%[xa]")
                   : [s0] "=&r"(s0), [s1] "=&r"(s1), [s2] "=&r"(s2), [s3] "=&r"(s3)
                   : [xa] "r"(xa), "r"(groups)
                   : "memory");
  return (struct block_sums){ s0, s1, s2, s3, 0, 0, 0, 0 };
}

/* The legacy-decoded Mac&Load blocks of the xpulpnn build (the flexv build's are status-based:
   macload-sb.h): 4 output channels x 1 activation vector
   (macload_block4) and 4 output channels x 2 pixels (macload_block4x2, the spec §5 example). C fills the
   NN-RF (uniform Mac&Loads whose sums are discarded), then one hardware loop runs the group body that
   src/kernels/schedule.ts generates into macload-body.h (see there for the reload rules). Parameters:
     MAC_BUILD           XPULPNN (the body family)
     MAC_A, MAC_W        the widths of the body (both the uniform width)
   One group consumes one word of the narrower operand per row, so k * min(a, w) / 32 iterations.
   Loads run one word past the end of every row: the tensors are padded. */
#include "macload.h"
#include "macload-body.h"
#include "requant-regs.h"

#define MAC_NAME_(b, a, w, p, part) MACLOAD_##b##_A##a##_W##w##_P##p##_##part
#define MAC_NAME(b, a, w, p, part) MAC_NAME_(b, a, w, p, part)
#define MAC_GROUP_BITS (MAC_A < MAC_W ? MAC_A : MAC_W)
/* Fills: a Mac&Load whose sum is thrown away. */
#define FILL(p, imm) (sink = FLEXV_MLSDOTSUP_B(sink, p, imm))

static void macload_block4(const uint32_t *xa, const uint32_t *w, int32_t *acc, int k) {
  const int row = ROW_WORDS(k, W_BITS);
  const uint32_t *pa = xa, *pw0 = w, *pw1 = w + row, *pw2 = w + 2 * row, *pw3 = w + 3 * row;
  uint32_t s0 = 0, s1 = 0, s2 = 0, s3 = 0, sink = 0;
  FILL(pa, NN_A(0) | NN_LOAD_A);
  FILL(pw0, NN_W(0) | NN_LOAD_W);
  FILL(pw1, NN_W(1) | NN_LOAD_W);
  FILL(pw2, NN_W(2) | NN_LOAD_W);
  FILL(pw3, NN_W(3) | NN_LOAD_W);
  register int groups __asm__("t0") = ROW_WORDS(k, MAC_GROUP_BITS);
  __asm__ volatile(FLEXV_ASM_LP_SETUP(0, 5, g)
                   MAC_NAME(MAC_BUILD, MAC_A, MAC_W, 1, BODY)
                   FLEXV_ASM_LP_LAST(g)
                   MAC_NAME(MAC_BUILD, MAC_A, MAC_W, 1, LAST)
                   FLEXV_ASM_LP_DONE
                   : [s0] "+r"(s0), [s1] "+r"(s1), [s2] "+r"(s2), [s3] "+r"(s3),
                     [pa] "+r"(pa), [pw0] "+r"(pw0), [pw1] "+r"(pw1), [pw2] "+r"(pw2), [pw3] "+r"(pw3)
                   : "r"(groups)
                   : "memory");
  acc[0] = s0; acc[1] = s1; acc[2] = s2; acc[3] = s3;
}

/* xb: the second pixel's activations; acc rows n apart. */
static void macload_block4x2(const uint32_t *xa, const uint32_t *xb, const uint32_t *w, int32_t *acc, int n, int k) {
  const int row = ROW_WORDS(k, W_BITS);
  const uint32_t *pa = xa, *pb = xb, *pw0 = w, *pw1 = w + row, *pw2 = w + 2 * row, *pw3 = w + 3 * row;
  uint32_t s0 = 0, s1 = 0, s2 = 0, s3 = 0, t0 = 0, t1 = 0, t2 = 0, t3 = 0, sink = 0;
  FILL(pa, NN_A(0) | NN_LOAD_A);
  FILL(pb, NN_A(1) | NN_LOAD_A);
  FILL(pw0, NN_W(0) | NN_LOAD_W);
  FILL(pw1, NN_W(1) | NN_LOAD_W);
  FILL(pw2, NN_W(2) | NN_LOAD_W);
  FILL(pw3, NN_W(3) | NN_LOAD_W);
  register int groups __asm__("t0") = ROW_WORDS(k, MAC_GROUP_BITS);
  __asm__ volatile(FLEXV_ASM_LP_SETUP(0, 5, g)
                   MAC_NAME(MAC_BUILD, MAC_A, MAC_W, 2, BODY)
                   FLEXV_ASM_LP_LAST(g)
                   MAC_NAME(MAC_BUILD, MAC_A, MAC_W, 2, LAST)
                   FLEXV_ASM_LP_DONE
                   : [s0] "+r"(s0), [s1] "+r"(s1), [s2] "+r"(s2), [s3] "+r"(s3),
                     [t0] "+r"(t0), [t1] "+r"(t1), [t2] "+r"(t2), [t3] "+r"(t3),
                     [pa] "+r"(pa), [pb] "+r"(pb), [pw0] "+r"(pw0), [pw1] "+r"(pw1), [pw2] "+r"(pw2), [pw3] "+r"(pw3)
                   : "r"(groups)
                   : "memory");
  acc[0] = s0; acc[1] = s1; acc[2] = s2; acc[3] = s3;
  acc[n] = t0; acc[n + 1] = t1; acc[n + 2] = t2; acc[n + 3] = t3;
}

/* ---- Interleaved weights (fused-pixels.h): one pointer %[pw] walks every block's weights in load order.
   fused_begin fills W0..W3 once per call; afterwards each block's last group reloads W0..W3 with the next
   block's first words, so a block only fills A0 (A1). A block is one asm statement: fills (sums to x0),
   zeroed accumulators, the hardware loop. ---- */
#define MAC_IL_NAME(p, part) MAC_NAME(MAC_BUILD, MAC_A, MAC_W, p, IL_##part)
#define ZERO4(a, b, c, d) "li %[" #a "], 0\n li %[" #b "], 0\n li %[" #c "], 0\n li %[" #d "], 0\n"

static inline __attribute__((always_inline)) void fused_begin(const int np, const uint32_t *xa, const uint32_t *xb, const uint32_t **pw) {
  const uint32_t *w = *pw;
  (void)np, (void)xa, (void)xb;
  __asm__ volatile(MACLOAD_FILL_W : [pw] "+r"(w) : : "memory");
  *pw = w;
}

static inline __attribute__((always_inline)) void fused_end(void) {}

static inline __attribute__((always_inline)) struct block_sums fused_block2(const uint32_t *xa, const uint32_t *xb, const uint32_t **pw, int k) {
  const uint32_t *pa = xa, *pb = xb, *w = *pw;
  uint32_t s0, s1, s2, s3, t0, t1, t2, t3;
  register int groups __asm__("t0") = ROW_WORDS(k, MAC_GROUP_BITS);
  __asm__ volatile(MACLOAD_FILL_A2
                   ZERO4(s0, s1, s2, s3) ZERO4(t0, t1, t2, t3)
                   FLEXV_ASM_LP_SETUP(0, 5, g)
                   MAC_IL_NAME(2, BODY)
                   FLEXV_ASM_LP_LAST(g)
                   MAC_IL_NAME(2, LAST)
                   FLEXV_ASM_LP_DONE
                   : [s0] "=&r"(s0), [s1] "=&r"(s1), [s2] "=&r"(s2), [s3] "=&r"(s3),
                     [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3),
                     [pa] "+r"(pa), [pb] "+r"(pb), [pw] "+r"(w)
                   : "r"(groups)
                   : "memory");
  *pw = w;
  return (struct block_sums){ s0, s1, s2, s3, t0, t1, t2, t3 };
}

static inline __attribute__((always_inline)) struct block_sums fused_block1(const uint32_t *xa, const uint32_t **pw, int k) {
  const uint32_t *pa = xa, *w = *pw;
  uint32_t s0, s1, s2, s3;
  register int groups __asm__("t0") = ROW_WORDS(k, MAC_GROUP_BITS);
  __asm__ volatile(MACLOAD_FILL_A1
                   ZERO4(s0, s1, s2, s3)
                   FLEXV_ASM_LP_SETUP(0, 5, g)
                   MAC_IL_NAME(1, BODY)
                   FLEXV_ASM_LP_LAST(g)
                   MAC_IL_NAME(1, LAST)
                   FLEXV_ASM_LP_DONE
                   : [s0] "=&r"(s0), [s1] "=&r"(s1), [s2] "=&r"(s2), [s3] "=&r"(s3), [pa] "+r"(pa), [pw] "+r"(w)
                   : "r"(groups)
                   : "memory");
  *pw = w;
  return (struct block_sums){ s0, s1, s2, s3, 0, 0, 0, 0 };
}

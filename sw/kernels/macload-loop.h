/* The Mac&Load inner loops shared by the xpulpnn and flexv builds: 4 output channels x 1 activation vector
   (macload_block4) and 4 output channels x 2 pixels (macload_block4x2, the spec §5 example).
   Parameters (macros set by the includer):
     MAC_OP(rd, p, imm)  the dot-product instruction (uniform MAC_BITS lanes, or mixed .m with mpc set)
     MAC_R               steps per group: max(a, w) / min(a, w) (1 when uniform)
     MAC_WIDE_A          1 when activations are the wider operand (mixed only)
     MAC_GROUP_BITS      the narrower width: one group consumes one word of it per row
     MAC_BEGIN(skip)     optional: run before the loop (flexv: write mpc with the step length as skip)
   A step issues (A0, Wj) for j = 0..3, each instruction adding L MACs to channel j. A Mac&Load can only
   reload a register it reads, after reading it, so:
     - narrow or equal A: every step reloads each Wj at its own use; one extra (discarded) uniform
       Mac&Load per group reloads A0: 4R + 1 instructions per 4R dot products;
     - wide A: A0 is reloaded by the last instruction of each step but the group's last, where the four
       Wj are reloaded instead; the extra instruction then reloads A0.
   The extra instruction is uniform, so it never steps mpc: with skip = 4, step s uses sub-group idx = s.
   4 x 2 block: a step issues (A0, Wj) then (A1, Wj), 8 dot products. A0 is reloaded by (A0, W3); in a
   step that reloads the weights, (A1, Wj) reloads Wj, so (A1, W3) cannot also reload A1 and one extra
   uniform Mac&Load does: 8R + 1 instructions per 8R dot products when both operands are reloaded once
   per group (R = 1: 9 per 8). Otherwise (A1, W3) reloads A1. skip = 8.
   Loads run one word past the end of every row: the tensors are padded. */
#include "macload.h"

#if MAC_WIDE_A
#define RELOAD_W(s) ((s) == MAC_R - 1)
#define RELOAD_A(s, j) ((s) < MAC_R - 1 && (j) == 3)
#else
#define RELOAD_W(s) 1
#define RELOAD_A(s, j) 0
#endif

#define DOT(s, j, acc, pw)                                                                   \
  do {                                                                                       \
    if (RELOAD_W(s)) acc = MAC_OP(acc, pw, NN_A(0) | NN_W(j) | NN_LOAD_W);                   \
    else if (RELOAD_A(s, j)) acc = MAC_OP(acc, pa, NN_A(0) | NN_W(j) | NN_LOAD_A);           \
    else acc = MAC_OP(acc, pa, NN_A(0) | NN_W(j));                                           \
  } while (0)
#define STEP(s) DOT(s, 0, s0, pw0); DOT(s, 1, s1, pw1); DOT(s, 2, s2, pw2); DOT(s, 3, s3, pw3)
/* Fills and the per-group A reload: a uniform Mac&Load whose sum is thrown away. */
#define FILL(p, imm) (sink = FLEXV_MLSDOTUSP_B(sink, p, imm))

static void macload_block4(const uint32_t *xa, const uint32_t *w, int32_t *acc, int k) {
  const int row = ROW_WORDS(k, W_BITS);
  const uint32_t *pa = xa, *pw0 = w, *pw1 = w + row, *pw2 = w + 2 * row, *pw3 = w + 3 * row;
  uint32_t s0 = 0, s1 = 0, s2 = 0, s3 = 0, sink = 0;
  FILL(pa, NN_A(0) | NN_LOAD_A);
  FILL(pw0, NN_W(0) | NN_LOAD_W);
  FILL(pw1, NN_W(1) | NN_LOAD_W);
  FILL(pw2, NN_W(2) | NN_LOAD_W);
  FILL(pw3, NN_W(3) | NN_LOAD_W);
#ifdef MAC_BEGIN
  MAC_BEGIN(4);
#endif
  const int groups = ROW_WORDS(k, MAC_GROUP_BITS);
  for (int g = 0; g < groups; g++) {
    STEP(0);
#if MAC_R > 1
    STEP(1);
#endif
#if MAC_R > 2
    STEP(2);
    STEP(3);
#endif
    FILL(pa, NN_A(0) | NN_LOAD_A);
  }
  acc[0] = s0; acc[1] = s1; acc[2] = s2; acc[3] = s3;
}

/* Reloads per step in the 4 x 2 block: the wider (or equal) operand every step, the narrower one in the
   group's last step. */
#define RELOAD2_A(s) (MAC_R == 1 || MAC_WIDE_A || (s) == MAC_R - 1)
#define RELOAD2_W(s) (MAC_R == 1 || !MAC_WIDE_A || (s) == MAC_R - 1)
#define DOT_A0(s, j, acc, pw)                                                                \
  do {                                                                                       \
    if ((j) == 3 && RELOAD2_A(s)) acc = MAC_OP(acc, pa, NN_A(0) | NN_W(j) | NN_LOAD_A);      \
    else acc = MAC_OP(acc, pa, NN_A(0) | NN_W(j));                                           \
  } while (0)
#define DOT_A1(s, j, acc, pw)                                                                \
  do {                                                                                       \
    if (RELOAD2_W(s)) acc = MAC_OP(acc, pw, NN_A(1) | NN_W(j) | NN_LOAD_W);                  \
    else if ((j) == 3 && RELOAD2_A(s)) acc = MAC_OP(acc, pb, NN_A(1) | NN_W(j) | NN_LOAD_A); \
    else acc = MAC_OP(acc, pb, NN_A(1) | NN_W(j));                                           \
  } while (0)
#define STEP2(s)                                                                                 \
  DOT_A0(s, 0, s0, pw0); DOT_A0(s, 1, s1, pw1); DOT_A0(s, 2, s2, pw2); DOT_A0(s, 3, s3, pw3);    \
  DOT_A1(s, 0, t0, pw0); DOT_A1(s, 1, t1, pw1); DOT_A1(s, 2, t2, pw2); DOT_A1(s, 3, t3, pw3);    \
  if (RELOAD2_A(s) && RELOAD2_W(s)) FILL(pb, NN_A(1) | NN_LOAD_A)

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
#ifdef MAC_BEGIN
  MAC_BEGIN(8);
#endif
  const int groups = ROW_WORDS(k, MAC_GROUP_BITS);
  for (int g = 0; g < groups; g++) {
    STEP2(0);
#if MAC_R > 1
    STEP2(1);
#endif
#if MAC_R > 2
    STEP2(2);
    STEP2(3);
#endif
  }
  acc[0] = s0; acc[1] = s1; acc[2] = s2; acc[3] = s3;
  acc[n] = t0; acc[n + 1] = t1; acc[n + 2] = t2; acc[n + 3] = t3;
}

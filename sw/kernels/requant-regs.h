/* Requantization of accumulators held in registers, straight into their packed output words (PULP-NN
   bn_quant: out = clip((acc * kappa + lambda) >> shift, 0, 2^OUT_BITS - 1); the multiply-add wraps in 32 bits,
   the shift is arithmetic, exactly src/kernels/ref/requant.ts). XpulpV2 only, so every build runs the same
   sequence, per channel: p.lw kappa, p.lw lambda (post-increment); then per pixel mul; p.addN (rd + rs1) >> rs2,
   the add wrapping in 32 bits; p.clipui; p.inserti (the first element of a word is clipped into it directly).
   One asm statement per 4-channel block, so the sums go from the block's registers to the packed words
   without copies; loads come two instructions before their use (no load-use stall). The statements read
   kappa and lambda through their pointers and clobber no memory: those tables are never written while a
   layer runs (a "memory" clobber would force the block sums out to the stack). Not volatile: each depends
   on its block's sums, which come from a volatile asm statement, so it cannot move before the data exist
   (volatile would only cost scheduling freedom: +0.6 % instructions). */
#ifndef KERNELS_REQUANT_REGS_H
#define KERNELS_REQUANT_REGS_H
#include <stdint.h>
#include "flexv.h"
#include "linear.h"

/* Outputs per packed word. */
#define RQ_WORD_ELEMS (32 / OUT_BITS)

#define RQ_R(x) "%[" #x "]"
#define RQ_LOAD FLEXV_ASM_LW_POSTINC("%[k]", "%[kp]", 4) FLEXV_ASM_LW_POSTINC("%[l]", "%[lp]", 4)
/* acc = (acc * k + l) >> sh in place. With RQ_SHIFT defined (the cluster build: src/kernels/layer.ts
   REQUANT_SHIFT, every layer's shift; c-data.ts refuses another) the shift is an immediate (p.addN's
   immediate form) and the `shift` arguments are not read: one register fewer next to the block sums. */
#ifdef RQ_SHIFT
#define RQ_VALUE(acc) "mul " RQ_R(acc) ", " RQ_R(acc) ", %[k]\n" FLEXV_ASM_ADDNI(RQ_R(acc), RQ_R(acc), "%[l]", %[sh])
#define RQ_SH_IN(shift) [sh] "i"(RQ_SHIFT)
#else
#define RQ_VALUE(acc) "mul " RQ_R(acc) ", " RQ_R(acc) ", %[k]\n" FLEXV_ASM_ADDN(RQ_R(acc), "%[l]", "%[sh]")
#define RQ_SH_IN(shift) [sh] "r"(shift)
#endif
#define RQ_CLIP(rd, acc) FLEXV_ASM_CLIPUI(RQ_R(rd), RQ_R(acc), OUT_BITS + 1)
/* Element i of the block (%[off]: the block's first element's bit offset in the word). */
#define RQ_INSERT(word, acc, i) FLEXV_ASM_INSERTI(RQ_R(word), RQ_R(acc), OUT_BITS - 1, %[off] + (i) * OUT_BITS)

/* Channel i of a 4 x 2 block (sums s, t of pixels a, b) into words wa, wb; SET: the first element of the words. */
#define RQ2_INS(s, t, i) RQ_LOAD RQ_VALUE(s) RQ_VALUE(t) RQ_CLIP(s, s) RQ_CLIP(t, t) RQ_INSERT(wa, s, i) RQ_INSERT(wb, t, i)
#define RQ2_SET(s, t) RQ_LOAD RQ_VALUE(s) RQ_VALUE(t) RQ_CLIP(wa, s) RQ_CLIP(wb, t)
#define RQ1_INS(s, i) RQ_LOAD RQ_VALUE(s) RQ_CLIP(s, s) RQ_INSERT(wa, s, i)
#define RQ1_SET(s) RQ_LOAD RQ_VALUE(s) RQ_CLIP(wa, s)

/* The sums of a 4 x 2 block (t*: pixel b; a 4 x 1 block uses s*). Named scalars, passed by value: an array
   would live in memory around the asm statements. */
struct block_sums {
  int32_t s0, s1, s2, s3, t0, t1, t2, t3;
};

#define RQ_IO_TEMPS [k] "=&r"(k_), [l] "=&r"(l_), [kp] "+r"(*kappa), [lp] "+r"(*lambda)

/* The 4 x 2 block r into *wa, *wb at element `first` (a constant, a multiple of 4). */
static inline __attribute__((always_inline)) void rq_block2(struct block_sums r, const int32_t **kappa, const int32_t **lambda, int shift, const int first,
                                                           uint32_t *wa, uint32_t *wb) {
  uint32_t k_, l_;
  if (first == 0)
    __asm__(RQ2_SET(s0, t0) RQ2_INS(s1, t1, 1) RQ2_INS(s2, t2, 2) RQ2_INS(s3, t3, 3)
            : [s0] "+r"(r.s0), [s1] "+r"(r.s1), [s2] "+r"(r.s2), [s3] "+r"(r.s3), [t0] "+r"(r.t0), [t1] "+r"(r.t1), [t2] "+r"(r.t2), [t3] "+r"(r.t3),
              [wa] "=&r"(*wa), [wb] "=&r"(*wb), RQ_IO_TEMPS
            : RQ_SH_IN(shift), [off] "i"(0));
  else
    __asm__(RQ2_INS(s0, t0, 0) RQ2_INS(s1, t1, 1) RQ2_INS(s2, t2, 2) RQ2_INS(s3, t3, 3)
            : [s0] "+r"(r.s0), [s1] "+r"(r.s1), [s2] "+r"(r.s2), [s3] "+r"(r.s3), [t0] "+r"(r.t0), [t1] "+r"(r.t1), [t2] "+r"(r.t2), [t3] "+r"(r.t3),
              [wa] "+r"(*wa), [wb] "+r"(*wb), RQ_IO_TEMPS
            : RQ_SH_IN(shift), [off] "i"((first * OUT_BITS) & 31));
}

/* The 4 x 1 block r (s0..s3) into *wa at element `first`. */
static inline __attribute__((always_inline)) void rq_block1(struct block_sums r, const int32_t **kappa, const int32_t **lambda, int shift, const int first,
                                                           uint32_t *wa) {
  uint32_t k_, l_;
  if (first == 0)
    __asm__(RQ1_SET(s0) RQ1_INS(s1, 1) RQ1_INS(s2, 2) RQ1_INS(s3, 3)
            : [s0] "+r"(r.s0), [s1] "+r"(r.s1), [s2] "+r"(r.s2), [s3] "+r"(r.s3), [wa] "=&r"(*wa), RQ_IO_TEMPS
            : RQ_SH_IN(shift), [off] "i"(0));
  else
    __asm__(RQ1_INS(s0, 0) RQ1_INS(s1, 1) RQ1_INS(s2, 2) RQ1_INS(s3, 3)
            : [s0] "+r"(r.s0), [s1] "+r"(r.s1), [s2] "+r"(r.s2), [s3] "+r"(r.s3), [wa] "+r"(*wa), RQ_IO_TEMPS
            : RQ_SH_IN(shift), [off] "i"((first * OUT_BITS) & 31));
}
#endif

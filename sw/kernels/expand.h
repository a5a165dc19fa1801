/* Expansion of packed signed sub-byte weights to wider SIMD lanes in registers (XpulpV2/XpulpNN shifts).
   Part j of a word of `from`-bit elements, at `to` bits, holds elements j, j + to/from, j + 2*to/from, ...
   (each lane's element is moved to the top of the lane, then an arithmetic lane shift sign-extends it). */
#ifndef KERNELS_EXPAND_H
#define KERNELS_EXPAND_H
#include "flexv.h"

/* to 8-bit lanes: byte b holds element (to/from)*b + j at bit j*from. */
#define EXPAND_TO_8(word, from, j) FLEXV_SRA_SCI_B((word) << (8 - (from) - (from) * (j)), 8 - (from))
/* 2-bit to 4-bit lanes; `two` is a register holding 2 (pv.sra.n has no immediate form). */
#define EXPAND_2_TO_4(word, j, two) FLEXV_SRA_SC_N((word) << (2 - 2 * (j)), two)
#endif

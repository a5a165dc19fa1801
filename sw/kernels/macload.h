/* Mac&Load instructions by lane width: unsigned activations (NN-RF A) x signed weights (NN-RF W). */
#ifndef KERNELS_MACLOAD_H
#define KERNELS_MACLOAD_H
#include "flexv.h"
#include "nnrf.h"

#define MLS_USP_8(rd, p, imm) FLEXV_MLSDOTUSP_B(rd, p, imm)
#define MLS_USP_4(rd, p, imm) FLEXV_MLSDOTUSP_N(rd, p, imm)
#define MLS_USP_2(rd, p, imm) FLEXV_MLSDOTUSP_C(rd, p, imm)
#define MLS_USP_CAT(bits) MLS_USP_##bits
#define MLS_USP(bits) MLS_USP_CAT(bits)

/* mpc format code of a width (spec §5: 0 = 8-bit, 1 = 4-bit, 2 = 2-bit). */
#define MPC_FMT(bits) ((bits) == 8 ? 0 : (bits) == 4 ? 1 : 2)
#endif

/* Mac&Load helpers: the NN-RF immediate fields (generated with the loop bodies) and mpc format codes. */
#ifndef KERNELS_MACLOAD_H
#define KERNELS_MACLOAD_H
#include "flexv.h"
#include "macload-body.h"

/* mpc format code of a width (spec §5: 0 = 8-bit, 1 = 4-bit, 2 = 2-bit). */
#define MPC_FMT(bits) ((bits) == 8 ? 0 : (bits) == 4 ? 1 : 2)
#endif

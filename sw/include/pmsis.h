/* pmsis.h: the part of the PULP SDK's pmsis.h that PULP-NN and PULP-NN-mixed kernels use, on flexv's runtime:
   fixed-width integers, the v4s/v4u/v2s/v2u vector types and the __builtin_pulp_* builtins (pulp_builtins.h),
   NUM_CORES, pi_core_id() and pi_cl_team_barrier().
   NUM_CORES is the team size the kernels split their work for (a compile-time constant, as in the SDK):
   -DNUM_CORES=1 for a single core (the barrier is then a compiler fence), -DNUM_CORES=N with -DFLEXV_CLUSTER
   on the N-core cluster, where the barrier is the event unit's (sw/cluster/cluster.h). */
#ifndef PMSIS_H
#define PMSIS_H
#include <stddef.h>
#include <stdint.h>
#include "pulp_builtins.h"

#ifndef NUM_CORES
#error "pmsis.h: define NUM_CORES (the number of cores the kernels run on: 1, or the cluster size)"
#endif

#if NUM_CORES > 1 && !defined(FLEXV_CLUSTER)
#error "pmsis.h: NUM_CORES > 1 needs the cluster runtime (-DFLEXV_CLUSTER, sw/cluster on the include path)"
#endif

#ifdef FLEXV_CLUSTER
#include "cluster.h"
#endif

/* The core's index in the team (mhartid: the cluster gives core i hart id i; a single core is hart 0). */
static inline int pi_core_id(void) {
  uint32_t v;
  __asm__ volatile("csrr %0, mhartid" : "=r"(v));
  return (int)v;
}

static inline int pi_cl_cluster_nb_cores(void) { return NUM_CORES; }

/* Every core of the team arrives before any leaves; memory is ordered across it. */
static inline void pi_cl_team_barrier(void) {
#ifdef FLEXV_CLUSTER
  barrier(NUM_CORES);
#else
  __asm__ volatile("" ::: "memory");
#endif
}

#endif /* PMSIS_H */

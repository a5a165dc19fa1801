/* Depthwise convolution on the cluster (HWC in and out, zero padding, any stride, kh, kw <= 4).
   Each core gathers one channel's window columns for one output row into a per-core column stream, then
   slides dot products over it (the same algorithm in every build; only the lane width and the dot product
   differ). The widths come from the host (src/kernels/cluster/depthwise-plan.ts), as defines:
     DW_PA  activation lane width of the column stream (8 in every build by default, lanes 'fastest';
            with lanes 'native': baseline 8, xpulpnn max(a, w), flexv a)
     DW_D   dot-product lane width (8 by default; native: baseline 8, xpulpnn and flexv max(a, w));
            weights are stored at DW_D
   A column is 4 lanes (one per kernel row ky, kh <= 4) of DW_PA bits; a dot product covers a group of
   8 / DW_D columns (32 / DW_D lanes). */
#ifndef CLUSTER_DEPTHWISE_H
#define CLUSTER_DEPTHWISE_H
#include "layer.h"

#if !defined(DW_PA) || !defined(DW_D)
#error "define DW_PA and DW_D (the depthwise plan's lane widths)"
#endif

/* Lanes of one column (kernel rows), columns per dot group, columns per stream word, groups per word. */
#define DW_COL_LANES 4
#define DW_GROUP_COLS (8 / DW_D)
#define DW_WORD_COLS (8 / DW_PA)
#define DW_RA (DW_D / DW_PA)

/* Runs a depthwise layer on core `id` of `cores` (every core calls it; it ends with all outputs written). */
void depthwise_layer_run(const struct cluster_layer *L, int id, int cores);
#endif

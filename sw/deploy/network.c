/* The network driver: every core runs the layer table in order; each layer is a sequence of tiles
   (src/deploy/tiling.ts), double-buffered: core 0 queues tile t - 1's output and tile t + 1's inputs and
   weights before computing its share of tile t, and the kernels kick the queue between pieces of work
   (dp_dma_kick), so the transfers run under the computation. Each layer is timed barrier to barrier by
   hart 0 (dp_cycles: the first tile's inputs and the last tile's output included) and every core counts its
   instructions (dp_instr[layer * max_cores + id]); between layers, outside the timed regions, hart 0 copies
   the layer's output to its dump slot in L2 for the host's layer-by-layer check. EOC 1 at the end; 3 when
   run on more cores than the program was built for. */
#include "cluster.h"
#include "deploy.h"

#define DQ_SLOTS 16
static const struct dp_xfer *dq[DQ_SLOTS];
static int dq_head, dq_tail;

static inline void dq_start(const struct dp_xfer *x) {
  REG32(DMA_BASE + DMA_SRC) = (uint32_t)(uintptr_t)x->src;
  REG32(DMA_BASE + DMA_DST) = (uint32_t)(uintptr_t)x->dst;
  REG32(DMA_BASE + DMA_LEN) = (uint32_t)x->bytes;
  REG32(DMA_BASE + DMA_SRC_STRIDE) = (uint32_t)x->src_stride;
  REG32(DMA_BASE + DMA_DST_STRIDE) = (uint32_t)x->dst_stride;
  REG32(DMA_BASE + DMA_ROWS) = (uint32_t)x->rows;
  REG32(DMA_BASE + DMA_START) = 1;
}

void dp_dma_kick(void) {
  if (dq_head != dq_tail && !dma_busy()) {
    dq_start(dq[dq_head % DQ_SLOTS]);
    dq_head++;
  }
}

static void dq_push(const struct dp_xfer *x, int n) {
  for (int i = 0; i < n; i++) dq[dq_tail++ % DQ_SLOTS] = &x[i];
}

static void dq_drain(void) {
  while (dq_head != dq_tail) dp_dma_kick();
  dma_wait();
}

int main(void) {
  const int id = core_id(), cores = core_count();
  if (cores > dp_max_cores) {
    if (id == 0) end_of_computation(3);
    sleep_forever();
  }
  for (int s = 0; s < dp_nsteps; s++) {
    const struct dp_step *st = &dp_steps[s];
    const struct dp_tile *tiles = st->tiles;
    const int n = st->ntiles;
    barrier(cores);
    const uint32_t c0 = cycle_count(), i0 = instret();
    if (id == 0) {
      dq_push(tiles[0].xin, tiles[0].nin);
      dq_drain();
    }
    barrier(cores);
    for (int t = 0; t < n; t++) {
      if (id == 0) {
        if (t > 0) dq_push(tiles[t - 1].xout, tiles[t - 1].nout);
        if (t + 1 < n) dq_push(tiles[t + 1].xin, tiles[t + 1].nin);
        dp_dma_kick();
      }
      st->run(tiles[t].layer, id, cores);
      if (id == 0) dq_drain();
      barrier(cores);
    }
    if (id == 0) {
      dq_push(tiles[n - 1].xout, tiles[n - 1].nout);
      dq_drain();
    }
    dp_instr[s * dp_max_cores + id] = instret() - i0;
    if (id == 0) {
      dp_cycles[s] = cycle_count() - c0;
      const uint32_t *src = (const uint32_t *)st->out;
      uint32_t *dst = (uint32_t *)st->dump;
      for (int i = 0; i < st->out_bytes / 4; i++) dst[i] = src[i];
    }
  }
  barrier(cores);
  if (id != 0) sleep_forever();
  end_of_computation(1);
  sleep_forever();
}

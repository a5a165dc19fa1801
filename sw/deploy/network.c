/* The network driver: every core runs the layer table in order; each layer is timed barrier to barrier by
   hart 0 (dp_cycles: the DMA of a staged layer's operands into the TCDM and of its output back included)
   and every core counts its instructions (dp_instr[layer * max_cores + id]); between
   layers, outside the timed regions, hart 0 copies the layer's output to its dump slot in L2 for the host's
   layer-by-layer check. EOC 1 at the end; 3 when run on more cores than the program was built for. */
#include "cluster.h"
#include "deploy.h"

/* Core 0 runs the transfers one after the other (the engine takes one at a time) and waits for the last. */
static void transfer(const struct dp_xfer *x, int n) {
  for (int i = 0; i < n; i++) {
    dma_wait();
    dma_start_1d(x[i].src, x[i].dst, (uint32_t)x[i].bytes);
  }
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
    barrier(cores);
    const uint32_t c0 = cycle_count(), i0 = instret();
    if (st->nin) {
      if (id == 0) transfer(st->xin, st->nin);
      barrier(cores);
    }
    st->run(st->layer, id, cores);
    barrier(cores);
    if (id == 0 && st->nout) transfer(st->xout, st->nout);
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

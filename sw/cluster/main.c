/* SPMD driver of the cluster kernels: every core runs the layer on its share between two barriers; hart 0
   times the region with the cluster cycle counter, every core records its retired instructions; then hart 0
   copies TCDM outputs to L2 (compute-only), checks the checksum and ends the run with the status. */
#include "cluster.h"
#include "layer.h"

int main(void) {
  const int id = core_id(), cores = core_count();
  if (cores > layer.max_cores) {
    if (id == 0) end_of_computation(EOC_TOO_MANY_CORES);
    sleep_forever();
  }
  barrier(cores);
  const uint32_t c0 = cycle_count(), i0 = instret();
  cluster_layer_run(&layer, id, cores);
  perf_instr[id] = instret() - i0;
  barrier(cores);
  const uint32_t c1 = cycle_count();
  if (id != 0) sleep_forever();
  perf_cycles = c1 - c0;
  if (!layer.dma)
    for (int i = 0; i < layer.y_words; i++) layer.y[i] = layer.y_l1[i];
  end_of_computation(checksum_words(layer.y, layer.y_words) == layer.checksum ? EOC_OK : EOC_BAD_CHECKSUM);
  sleep_forever();
}

uint32_t checksum_words(const uint32_t *p, int words) {
  uint32_t h = 0x811c9dc5u;
  for (int i = 0; i < words; i++) h = (h ^ p[i]) * 0x01000193u;
  return h;
}

/* The network driver: every core runs the layer table in order; each layer is timed barrier to barrier by
   hart 0 (dp_cycles) and every core counts its instructions (dp_instr[layer * max_cores + id]); between
   layers, outside the timed regions, hart 0 copies the layer's output to its dump slot in L2 for the host's
   layer-by-layer check. EOC 1 at the end; 3 when run on more cores than the program was built for. */
#include "cluster.h"
#include "deploy.h"

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
    st->run(st->layer, id, cores);
    dp_instr[s * dp_max_cores + id] = instret() - i0;
    barrier(cores);
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

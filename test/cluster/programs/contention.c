/* Contention stress: every core hammers bank 0 of the TCDM. Each core increments its own counter 64 times
   (load, add, store: the words are 1 KiB apart, a multiple of any bank count's interleave, so all in bank
   0) and reads a shared word of the same bank in between; a barrier; core 0 checks every counter. */
#include "cluster.h"
#define ROUNDS 64
#define STRIDE_WORDS 256

TCDM_BSS volatile int32_t hot[32 * STRIDE_WORDS];

int main(unsigned id, unsigned cores) {
  volatile int32_t *mine = &hot[(id + 1) * STRIDE_WORDS];
  int32_t seen = 0;
  for (int r = 0; r < ROUNDS; r++) {
    *mine = *mine + 1 + (int32_t)id;
    seen += hot[0];
  }
  barrier();
  if (id != 0) return 0;
  for (unsigned c = 0; c < cores; c++)
    if (hot[(c + 1) * STRIDE_WORDS] != ROUNDS * (1 + (int32_t)c)) return 1 + c;
  return seen; /* hot[0] is never written: 0 */
}

/* DMA double buffering: 8 chunks of 64 words stream from L2 into two TCDM buffers while the cores work on
   the other one. Per step k, core 0 starts the DMA of chunk k + 1 into the free buffer, every core
   computes its share of y = 3x + 1 on chunk k, a barrier, then core 0 sends the results back to L2 with a
   second transfer and sleeps on the DMA event until it completes (the other transfers are waited for by
   polling STATUS). Core 0 checks every output word in L2. */
#include "cluster.h"
#define CHUNKS 8
#define CHUNK 64
#define BYTES (CHUNK * 4)
#define DMA_EVENT 4u

int32_t in[CHUNKS][CHUNK] = {
#include "dma-input.inc"
};
int32_t out[CHUNKS][CHUNK];
TCDM_BSS int32_t buf[2][CHUNK];
TCDM_BSS int32_t res[2][CHUNK];

static void dma_wait_idle(void) {
  while (DMA_STATUS & 1) {}
}

static void dma_start(const void *src, void *dst) {
  dma_wait_idle();
  DMA_SRC = (uint32_t)src;
  DMA_DST = (uint32_t)dst;
  DMA_LEN = BYTES;
  DMA_ROWS = 1;
  DMA_START = 1;
}

int main(unsigned id, unsigned cores) {
  if (id == 0) {
    EVT_MASK = DMA_EVENT;
    dma_start(in[0], buf[0]);
  }
  for (unsigned k = 0; k < CHUNKS; k++) {
    if (id == 0) {
      dma_wait_idle(); /* chunk k has arrived */
      if (k + 1 < CHUNKS) dma_start(in[k + 1], buf[(k + 1) & 1]);
    }
    barrier();
    const int32_t *x = buf[k & 1];
    int32_t *y = res[k & 1];
    for (unsigned i = id; i < CHUNK; i += cores) y[i] = 3 * x[i] + 1;
    barrier();
    if (id == 0) {
      dma_wait_idle();
      EVT_BUFFER_CLEAR = DMA_EVENT; /* forget the earlier transfers' events */
      dma_start(res[k & 1], out[k]);
      (void)EVT_WAIT_CLEAR; /* sleep until this one is done */
    }
  }
  if (id != 0) return 0;
  for (unsigned k = 0; k < CHUNKS; k++)
    for (unsigned i = 0; i < CHUNK; i++)
      if (out[k][i] != 3 * in[k][i] + 1) return 1 + k * CHUNK + i;
  return 0;
}

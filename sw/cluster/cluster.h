/* Cluster runtime for SPMD kernels: core id and count, cycle counter, barrier, end of computation, DMA.
   Register addresses come from the generated cluster-regs.h (one source: the TypeScript memory map). */
#ifndef CLUSTER_H
#define CLUSTER_H
#include <stdint.h>
#include "cluster-regs.h"

#define REG32(addr) (*(volatile uint32_t *)(uintptr_t)(addr))

static inline int core_id(void) {
  uint32_t v;
  __asm__ volatile("csrr %0, mhartid" : "=r"(v));
  return (int)v;
}
static inline int core_count(void) { return (int)REG32(PERIPH_BASE + PERIPH_CORE_COUNT); }
static inline uint32_t cycle_count(void) { return REG32(PERIPH_BASE + PERIPH_CYCLES); }
static inline uint32_t instret(void) {
  uint32_t v;
  __asm__ volatile("rdinstret %0" : "=r"(v));
  return v;
}

/* All cores arrive and sleep until the last one does (a sleeping load of the event unit). One core: no-op,
   so a single-core run needs no event unit. */
static inline void barrier(int cores) {
  if (cores > 1) (void)REG32(EU_BASE + EU_BARRIER_WAIT);
  __asm__ volatile("" ::: "memory");
}

/* Stops the simulation with `status` (1 = outputs verified). */
static inline void end_of_computation(uint32_t status) { REG32(PERIPH_BASE + PERIPH_EOC) = status; }

/* Sleeps for good: no event is enabled, so the wait never answers. */
static inline __attribute__((noreturn)) void sleep_forever(void) {
  REG32(EU_BASE + EU_MASK) = 0;
  for (;;) (void)REG32(EU_BASE + EU_WAIT);
}

/* DMA: 1D transfer of `bytes` (a multiple of 4) between L2 and the TCDM (exactly one side in the TCDM). */
static inline int dma_busy(void) { return REG32(DMA_BASE + DMA_STATUS) & 1; }
static inline void dma_start_1d(const void *src, void *dst, uint32_t bytes) {
  REG32(DMA_BASE + DMA_SRC) = (uint32_t)(uintptr_t)src;
  REG32(DMA_BASE + DMA_DST) = (uint32_t)(uintptr_t)dst;
  REG32(DMA_BASE + DMA_LEN) = bytes;
  REG32(DMA_BASE + DMA_ROWS) = 1;
  REG32(DMA_BASE + DMA_START) = 1;
}
static inline void dma_wait(void) {
  while (dma_busy()) {
  }
}
/* [*lo, *hi) of `total` items, in units of `unit`, for core `id` of `cores` (contiguous, balanced). */
static inline void cluster_share(int total, int unit, int id, int cores, int *lo, int *hi) {
  const int units = (total + unit - 1) / unit, per = (units + cores - 1) / cores;
  const int a = id * per * unit, b = a + per * unit;
  *lo = a < total ? a : total;
  *hi = b < total ? b : total;
}

/* A queue of 1D transfers driven by one core: the engine refuses START while busy, so transfers are started
   in order whenever it is idle (dma_queue_kick between pieces of work, dma_queue_drain before a barrier). */
#define DMA_QUEUE_SLOTS 4
struct dma_transfer { const void *src; void *dst; uint32_t bytes; };
struct dma_queue { struct dma_transfer slot[DMA_QUEUE_SLOTS]; int head, tail; };

static inline void dma_queue_push(struct dma_queue *q, const void *src, void *dst, uint32_t bytes) {
  if (bytes == 0) return;
  q->slot[q->tail % DMA_QUEUE_SLOTS] = (struct dma_transfer){ src, dst, bytes };
  q->tail++;
}
/* Starts the next queued transfer if the engine is idle (cheap: one status read). */
static inline void dma_queue_kick(struct dma_queue *q) {
  if (q->head != q->tail && !dma_busy()) {
    const struct dma_transfer *t = &q->slot[q->head % DMA_QUEUE_SLOTS];
    dma_start_1d(t->src, t->dst, t->bytes);
    q->head++;
  }
}
/* Runs the queue to its end and waits for the last transfer. */
static inline void dma_queue_drain(struct dma_queue *q) {
  while (q->head != q->tail) dma_queue_kick(q);
  dma_wait();
}
#endif

/* Cluster peripherals of the test programs (docs/cluster.md). */
#include <stdint.h>
#define PERIPH 0x10200000u
#define REG(off) (*(volatile uint32_t *)(PERIPH + (off)))
#define CYCLES REG(0x04)
#define EVT_MASK REG(0x100)
#define EVT_BUFFER_CLEAR REG(0x108)
#define EVT_WAIT_CLEAR REG(0x110)
#define BARRIER_WAIT REG(0x120)
#define DMA_SRC REG(0x400)
#define DMA_DST REG(0x404)
#define DMA_LEN REG(0x408)
#define DMA_SRC_STRIDE REG(0x40c)
#define DMA_DST_STRIDE REG(0x410)
#define DMA_ROWS REG(0x414)
#define DMA_START REG(0x418)
#define DMA_STATUS REG(0x41c)
#define TCDM __attribute__((section(".tcdm")))
#define TCDM_BSS __attribute__((section(".tcdm_bss")))
static inline void barrier(void) { (void)BARRIER_WAIT; }

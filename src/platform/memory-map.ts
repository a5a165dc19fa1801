/**
 * The platform memory map of spec §6, the one layer that the golden model (src/iss), the RTL generators
 * (src/cluster), the loaders, the assembler and the linker scripts all import. Bases are fixed by the spec;
 * sizes are parameters.
 */
export const TCDM_BASE = 0x1000_0000;
export const PERIPH_BASE = 0x1020_0000;
export const L2_BASE = 0x8000_0000;

/** Cluster peripheral register offsets from PERIPH_BASE. */
export const PERIPH = {
  /** Number of cores of the cluster (read-only). */
  coreCount: 0x00,
  /** Cycle counter (read-only); the golden model counts one cycle per retired instruction of hart 0. */
  cycles: 0x04,
  /** End of computation: a write stops the simulation with the written value as its status; reads the status. */
  eoc: 0x08,
  /** Core id (read-only, flexv addition): the index of the reading core, also its `mhartid`. */
  coreId: 0x0c,
  /** Event unit window (barrier, event mask, sleep). */
  eventUnit: 0x100,
  /** DMA window. */
  dma: 0x400,
} as const;

/** Size of the peripheral window. */
export const PERIPH_SIZE = 0x1000;

export interface MemorySizes {
  /** TCDM bytes (default 256 KiB). */
  tcdm: number;
  /** L2 bytes (default 4 MiB). */
  l2: number;
}

export const DEFAULT_SIZES: MemorySizes = { tcdm: 256 * 1024, l2: 4 * 1024 * 1024 };

/** Event lines of every core's event buffer (bit numbers). */
export const EVENT = { sw: 0, barrier: 1, dma: 2 } as const;
export const EVENT_BITS = 3;

/**
 * Event unit registers, byte offsets inside its window (PERIPH_BASE + PERIPH.eventUnit). Mask, buffer and
 * the wait registers are a core-private view (each core sees its own); the barrier registers are shared.
 */
export const EU_REG = {
  /** RW: this core's event mask (which events wake it). */
  mask: 0x00,
  /** R: this core's pending events. */
  buffer: 0x04,
  /** W: clears the written bits of this core's pending events. */
  bufferClear: 0x08,
  /** R, sleeping (`p.elw`): answers once (pending & mask) != 0, with pending & mask. */
  wait: 0x0c,
  /** R, sleeping: as `wait`, and clears the events it returns. */
  waitClear: 0x10,
  /** W: raises the software event in every core whose bit is set in the written core mask. */
  swTrigger: 0x14,
  /** RW (shared): the cores taking part in the barrier; reset: all cores. */
  barrierMask: 0x18,
  /** W: this core arrives at the barrier without waiting (it waits later on the barrier event). */
  barrierTrigger: 0x1c,
  /** R, sleeping: arrive at the barrier and sleep until it completes; clears and returns the barrier event. */
  barrierWait: 0x20,
} as const;

/** DMA registers, byte offsets inside its window (PERIPH_BASE + PERIPH.dma). */
export const DMA_REG = {
  /** RW: source byte address (word-aligned; the low two bits are ignored). */
  src: 0x00,
  /** RW: destination byte address. */
  dst: 0x04,
  /** RW: bytes per row (a multiple of 4; bits [1:0] and [31:18] are ignored: at most 4 * (2^16 - 1)). */
  len: 0x08,
  /** RW: bytes from one source row to the next (2D). */
  srcStride: 0x0c,
  /** RW: bytes from one destination row to the next. */
  dstStride: 0x10,
  /** RW: rows (1 for a 1D transfer; 0 transfers nothing; bits [31:16] ignored); reset 1. */
  rows: 0x14,
  /** W: start the configured transfer (refused while busy or unless exactly one side is in the TCDM window). */
  start: 0x18,
  /** R: bit 0 busy, bit 1 the last start was refused. */
  status: 0x1c,
  /** R: transfers completed since reset. */
  doneCount: 0x20,
} as const;

/** Width of the DMA's per-row word count and row count. */
export const DMA_COUNT_WIDTH = 16;

/** The window the DMA treats as TCDM: [TCDM_BASE, PERIPH_BASE), whatever the TCDM size. */
export const inDmaTcdmWindow = (addr: number): boolean => addr >>> 0 >= TCDM_BASE && addr >>> 0 < PERIPH_BASE;

/**
 * The cluster memory map of spec §6. Bases are fixed by the spec; sizes are parameters. The golden model,
 * the loader and the random-program linker scripts read these constants, never literal addresses.
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
  /** End of computation: a write stops the simulation with the written value as its status. */
  eoc: 0x08,
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

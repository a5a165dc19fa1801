import { DMA_REG, EU_REG, EVENT, PERIPH, PERIPH_BASE, TCDM_BASE } from '../../platform/memory-map.ts';

/**
 * Memory layout of the random multi-core programs (docs/randprog.md, "Multi-core programs"). Every hart
 * owns a block of the TCDM: a 1 KiB scratch row (random loads and stores, only its owner touches it) and
 * one 256-byte publish row per phase (written in full by its owner in that phase, read by every hart and
 * by the DMA only in later phases). Blocks are 1 KiB multiples, so column c of every hart's scratch row
 * sits in the same bank whatever the bank count (word interleave, at most 256 banks): harts collide on the
 * banks without racing on a word. DMA destinations in the TCDM are one slot per phase, never reused.
 */
export const SCRATCH_BYTES = 1024;
export const PUBLISH_BYTES = 256;
export const DMA_SLOT_BYTES = 512;
/** L2 source table of the DMA transfers into the TCDM. */
export const L2_SRC_BYTES = 2048;
export const MAX_PHASES = 16;
export const MAX_CORES = 16;

export interface ClusterLayout {
  cores: number;
  phases: number;
  blockBytes: number;
  /** Absolute addresses. */
  block(h: number): number;
  publish(h: number, phase: number): number;
  dmaSlot(phase: number): number;
}

export function clusterLayout(cores: number, phases: number): ClusterLayout {
  const blockBytes = Math.ceil((SCRATCH_BYTES + phases * PUBLISH_BYTES) / 1024) * 1024;
  const slots = TCDM_BASE + 192 * 1024;
  if (cores * blockBytes > 192 * 1024) throw new RangeError(`randprog: ${cores} cores x ${phases} phases do not fit the TCDM layout`);
  return {
    cores,
    phases,
    blockBytes,
    block: (h) => TCDM_BASE + h * blockBytes,
    publish: (h, p) => TCDM_BASE + h * blockBytes + SCRATCH_BYTES + p * PUBLISH_BYTES,
    dmaSlot: (p) => slots + p * DMA_SLOT_BYTES,
  };
}

/** Peripheral register offsets from PERIPH_BASE (the program keeps PERIPH_BASE in s8). */
export const REG = {
  coreCount: PERIPH.coreCount,
  cycles: PERIPH.cycles,
  eoc: PERIPH.eoc,
  coreId: PERIPH.coreId,
  evtMask: PERIPH.eventUnit + EU_REG.mask,
  evtBufferClear: PERIPH.eventUnit + EU_REG.bufferClear,
  evtWaitClear: PERIPH.eventUnit + EU_REG.waitClear,
  swTrigger: PERIPH.eventUnit + EU_REG.swTrigger,
  barrierTrigger: PERIPH.eventUnit + EU_REG.barrierTrigger,
  barrierWait: PERIPH.eventUnit + EU_REG.barrierWait,
  dma: (r: keyof typeof DMA_REG) => PERIPH.dma + DMA_REG[r],
} as const;

export const EVT_BIT = { sw: 1 << EVENT.sw, barrier: 1 << EVENT.barrier, dma: 1 << EVENT.dma } as const;
export { PERIPH_BASE };

/** EOC status codes of the self-check (0 = pass). */
export const FAIL = {
  /** + hart: the hart's checksum differs from the expected one. */
  checksum: 0x100,
  /** + hart: the core count register or mhartid is not what the program was generated for. */
  identity: 0x200,
  /** + mcause: an unexpected trap. */
  trap: 0x300,
  /** + hart: a cycle counter went backwards. */
  counter: 0x400,
  /** + hart: a DMA START was refused. */
  dmaRefused: 0x500,
} as const;

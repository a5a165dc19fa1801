import { TCDM_BASE, PERIPH_BASE } from '../../platform/memory-map.ts';

export interface DmaTransfer {
  src: number;
  dst: number;
  /** Bytes per row. */
  len: number;
  srcStride: number;
  dstStride: number;
  rows: number;
}

export const inTcdmWindow = (addr: number) => addr >>> 0 >= TCDM_BASE && addr >>> 0 < PERIPH_BASE;

/** Would the DMA accept this transfer (exactly one side in the TCDM)? */
export function dmaAccepts(t: DmaTransfer): boolean {
  return inTcdmWindow(t.src) !== inTcdmWindow(t.dst);
}

/**
 * The DMA's effect, transaction by transaction: the word copies it must perform, in order (row by row,
 * word by word); addresses word-aligned, strides too (low bits ignored), 32-bit wrap-around.
 */
export function dmaCopies(t: DmaTransfer): Array<{ from: number; to: number }> {
  const words = (t.len >>> 2) & 0xffff;
  const rows = t.rows & 0xffff;
  const copies: Array<{ from: number; to: number }> = [];
  const align = (a: number) => (a & ~3) >>> 0;
  for (let r = 0; r < rows; r++) {
    for (let w = 0; w < words; w++) {
      copies.push({
        from: (align(t.src) + r * align(t.srcStride) + 4 * w) >>> 0,
        to: (align(t.dst) + r * align(t.dstStride) + 4 * w) >>> 0,
      });
    }
  }
  return copies;
}

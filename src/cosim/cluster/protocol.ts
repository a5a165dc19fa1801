import { decodeRecord, newCoreRetirement, recordBytes, type CoreRetirement } from '../protocol.ts';

/**
 * The cluster harness's retirement stream (sim/cluster/harness.cpp): per retirement, one little-endian word
 * with the core index, then the single-core record of src/cosim/protocol.ts (which carries the cycle).
 * Records come in retirement-cycle order, core index order within a cycle.
 */
export const CORE_WORD_BYTES = 4;

/**
 * With `--dma-check`, a DMA completion record takes a retirement's place: this word instead of the core
 * index, then cycle, destination, row stride, words per row, rows, flags (bit 0: destination in L2), then
 * the destination's words as the RTL's memory holds them (sim/cluster/harness.cpp).
 */
export const DMA_DONE_TAG = 0xfffffffe;
const DMA_HEADER_BYTES = 7 * 4;
/** `ClusterRetirement.core` of a DMA completion record. */
export const DMA_DONE_CORE = -1;

/** A DMA transfer's completion as the RTL shows it: its shape and the destination bytes. */
export interface DmaCompletionRecord {
  cycle: number;
  /** Word-aligned destination, row stride in bytes, words per row, rows. */
  dst: number;
  stride: number;
  words: number;
  rows: number;
  toL2: boolean;
  /** The destination, row after row (rows x words x 4 bytes), from the RTL's memory. */
  data: Buffer;
}

/** Bytes of the cluster record at `offset`, or 0 when it is not complete in `buf`. */
export function clusterRecordBytes(buf: Buffer, offset: number): number {
  if (offset + CORE_WORD_BYTES > buf.length) return 0;
  if (buf.readUInt32LE(offset) === DMA_DONE_TAG) {
    if (offset + DMA_HEADER_BYTES > buf.length) return 0;
    return DMA_HEADER_BYTES + 4 * buf.readUInt32LE(offset + 16) * buf.readUInt32LE(offset + 20);
  }
  const body = recordBytes(buf, offset + CORE_WORD_BYTES);
  return body === 0 ? 0 : CORE_WORD_BYTES + body;
}

/** A retirement of one core of the cluster (`hart` is the core index too), or a DMA completion (`core` -1, `dma`). */
export interface ClusterRetirement extends CoreRetirement {
  core: number;
  dma?: DmaCompletionRecord;
}

export function newClusterRetirement(): ClusterRetirement {
  return { ...newCoreRetirement(), core: 0 };
}

/** Decodes the record at `offset` into `r` (reused: copy it to keep it); returns the next record's offset. */
export function decodeClusterRecord(buf: Buffer, offset: number, r: ClusterRetirement): number {
  if (buf.readUInt32LE(offset) === DMA_DONE_TAG) {
    const words = buf.readUInt32LE(offset + 16), rows = buf.readUInt32LE(offset + 20);
    const end = offset + DMA_HEADER_BYTES + 4 * words * rows;
    r.core = DMA_DONE_CORE;
    r.cycle = buf.readUInt32LE(offset + 4);
    r.dma = {
      cycle: r.cycle, dst: buf.readUInt32LE(offset + 8), stride: buf.readUInt32LE(offset + 12), words, rows,
      toL2: (buf.readUInt32LE(offset + 24) & 1) !== 0, data: Buffer.from(buf.subarray(offset + DMA_HEADER_BYTES, end)),
    };
    return end;
  }
  r.dma = undefined;
  r.core = buf.readUInt32LE(offset);
  r.hart = r.core;
  return decodeRecord(buf, offset + CORE_WORD_BYTES, r);
}

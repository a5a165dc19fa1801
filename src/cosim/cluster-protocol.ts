import { decodeRecord, newCoreRetirement, recordBytes, type CoreRetirement } from './protocol.ts';

/**
 * The cluster harness's retirement stream (sim/cluster/harness.cpp): per retirement, one little-endian word
 * with the core index, then the single-core record of src/cosim/protocol.ts (which carries the cycle).
 * Records come in retirement-cycle order, core index order within a cycle.
 */
export const CORE_WORD_BYTES = 4;

/** Bytes of the cluster record at `offset`, or 0 when it is not complete in `buf`. */
export function clusterRecordBytes(buf: Buffer, offset: number): number {
  if (offset + CORE_WORD_BYTES > buf.length) return 0;
  const body = recordBytes(buf, offset + CORE_WORD_BYTES);
  return body === 0 ? 0 : CORE_WORD_BYTES + body;
}

/** A retirement of one core of the cluster (`hart` is the core index too). */
export interface ClusterRetirement extends CoreRetirement {
  core: number;
}

export function newClusterRetirement(): ClusterRetirement {
  return { ...newCoreRetirement(), core: 0 };
}

/** Decodes the record at `offset` into `r` (reused: copy it to keep it); returns the next record's offset. */
export function decodeClusterRecord(buf: Buffer, offset: number, r: ClusterRetirement): number {
  r.core = buf.readUInt32LE(offset);
  r.hart = r.core;
  return decodeRecord(buf, offset + CORE_WORD_BYTES, r);
}

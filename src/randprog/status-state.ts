import { csrByName, vecFormat } from '../isa/index.ts';

/**
 * What the generator knows, at each point of the program it emits, of the Flex-V status-based state
 * (spec §5): the mode, the format and the two Mac&Load address streams. Status-based CSR writes and
 * Mac&Loads are only emitted at the top level of the random body (never in a branch shadow or a loop body
 * built from random items), so each runs exactly once per run of the body and the state is known exactly.
 * `undefined` = unknown (the start of a repeated body: whatever the previous run left); the generator
 * writes a field before it relies on it.
 */

/** CSR address by table name (never re-typed). */
export const csr = (name: string): number => {
  const d = csrByName(name);
  if (!d) throw new Error(`randprog: CSR ${name} missing from the ISA table`);
  return d.address;
};

/** One Mac&Load address stream (spec §5.2). `address` is an offset from the data region's base. */
export interface StreamState {
  address?: number;
  stride?: number;
  rollback?: number;
  skip?: number;
  /** The stream's update counter (not a CSR: reset to 0 by a write of the address). */
  count?: number;
}

export type StreamName = 'a' | 'w';
export const STREAMS: readonly StreamName[] = ['a', 'w'];
export const streamCsr = (s: StreamName, field: 'address' | 'stride' | 'rollback' | 'skip'): number => csr(`macl_${s}_${field}`);

export class StatusState {
  /** sb_legacy bit 0 (reset 1: legacy decoding). */
  legacy?: number = 1;
  /** ivec_fmt (reset 0). */
  fmt?: number = 0;
  /** The address CSRs reset to 0, which is no data address: unknown until written. */
  readonly streams: Record<StreamName, StreamState> = {
    a: { stride: 0, rollback: 0, skip: 0, count: 0 },
    w: { stride: 0, rollback: 0, skip: 0, count: 0 },
  };

  /** Forget everything (the start of a repeated body). */
  forget(): void {
    this.legacy = this.fmt = undefined;
    for (const s of STREAMS) this.streams[s] = {};
  }

  /** In status-based mode with a format that does not trap. */
  get sbActive(): boolean {
    return this.legacy === 0 && this.fmt !== undefined && this.fmt !== 0;
  }

  /** Sub-groups R of the current format (1 when unknown or scalar). */
  get groups(): number {
    return (this.fmt !== undefined && vecFormat(this.fmt)?.groups) || 1;
  }
}

/** The value `ivec_fmt` holds after a write of `value` (low 4 bits; a value with no format keeps the old one). */
export function fmtAfterWrite(old: number | undefined, value: number): number | undefined {
  const v = value & 0xf;
  return vecFormat(v) ? v : old;
}

/**
 * Advances a known stream by one load (spec §5.2): when the counter equals the skip, the rollback is added
 * and the counter restarts, else the stride is added and the counter increments. Returns the address the
 * load read (before the update).
 */
export function streamLoad(s: Required<StreamState>): number {
  const at = s.address;
  if (s.count >>> 0 === s.skip >>> 0) {
    s.address = (s.address + s.rollback) | 0;
    s.count = 0;
  } else {
    s.address = (s.address + s.stride) | 0;
    s.count++;
  }
  return at;
}

export function isKnown(s: StreamState): s is Required<StreamState> {
  return s.address !== undefined && s.stride !== undefined && s.rollback !== undefined && s.skip !== undefined && s.count !== undefined;
}

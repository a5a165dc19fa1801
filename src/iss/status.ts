import { csrByName, csrField, csrImplementedMask, getField, type CsrDef } from '../isa/csrs.ts';
import { VEC_FORMAT_COUNT } from '../isa/vec-formats.ts';

/**
 * The Flex-V status-based state (spec §5.1) as one Int32Array per hart (`Hart.sb`), so generated code reads
 * it with one indexed load: the CSRs 0x00D-0x010 and 0x100-0x107 plus the three hidden counters (the
 * mixed-precision skip counter and the two Mac&Load stream counters), which are not CSRs.
 */
export const SB = {
  legacy: 0,
  fmt: 1,
  cycle: 2,
  skip: 3,
  /** Hidden: dot-product instructions counted since the last advance of `cycle`. */
  count: 4,
  aAddress: 5,
  wAddress: 6,
  aStride: 7,
  wStride: 8,
  aRollback: 9,
  wRollback: 10,
  aSkip: 11,
  wSkip: 12,
  /** Hidden: regular activation / weight updates since the last rollback. */
  aCount: 13,
  wCount: 14,
} as const;
export const SB_SIZE = 15;

/** CSR name of each visible slot (the table gives address, reset, fields). */
const CSR_SLOTS: Array<[string, number]> = [
  ['sb_legacy', SB.legacy], ['ivec_fmt', SB.fmt], ['ivec_mixed_cycle', SB.cycle], ['ivec_skip_size', SB.skip],
  ['macl_a_address', SB.aAddress], ['macl_w_address', SB.wAddress], ['macl_a_stride', SB.aStride],
  ['macl_w_stride', SB.wStride], ['macl_a_rollback', SB.aRollback], ['macl_w_rollback', SB.wRollback],
  ['macl_a_skip', SB.aSkip], ['macl_w_skip', SB.wSkip],
];

function def(name: string): CsrDef {
  const d = csrByName(name);
  if (!d) throw new Error(`iss: CSR ${name} missing from the ISA table`);
  return d;
}

/** CSR address -> state slot, for the status-based CSRs. */
export const SB_SLOT_OF = new Map<number, number>(CSR_SLOTS.map(([n, s]) => [def(n).address, s]));
/** State slot -> CSR address (visible slots only). */
export const SB_CSR_OF: readonly number[] = (() => {
  const a: number[] = Array(SB_SIZE).fill(-1);
  for (const [n, s] of CSR_SLOTS) a[s] = def(n).address;
  return a;
})();

export const SB_CSR = {
  legacy: def('sb_legacy').address,
  fmt: def('ivec_fmt').address,
  cycle: def('ivec_mixed_cycle').address,
  skip: def('ivec_skip_size').address,
  aAddress: def('macl_a_address').address,
  wAddress: def('macl_w_address').address,
} as const;

/** CSRs whose write changes how the status-based opcodes decode (the mode and the format). */
export const DECODE_MODE_CSRS: ReadonlySet<number> = new Set([SB_CSR.legacy, SB_CSR.fmt]);

/** Mask of the implemented bits of each visible slot, from the table's fields. */
const SLOT_MASK: readonly number[] = (() => {
  const m: number[] = Array(SB_SIZE).fill(0);
  for (const [n, s] of CSR_SLOTS) m[s] = csrImplementedMask(def(n)) | 0;
  return m;
})();
const FMT_FIELD = csrField(def('ivec_fmt'), 'fmt');

/** Reset state: each CSR's reset value from the table, hidden counters 0. */
export function resetStatus(sb: Int32Array): void {
  sb.fill(0);
  for (const [n, s] of CSR_SLOTS) {
    const r = def(n).reset;
    sb[s] = typeof r === 'number' ? r : 0;
  }
}

/**
 * A software write of `v` to the status-based CSR in `slot` (spec §5.1-§5.3): bits outside the fields are
 * dropped; an `ivec_fmt` value without a format (14, 15) leaves the CSR unchanged; a write to 0x00D, 0x00E
 * or 0x00F (reserved format included) resets the hidden skip counter; a write to a stream address resets
 * that stream's counter. Returns the CSR's new value. `formats`: how many format values exist (a core
 * built without flexv's extension formats has FIRST_EXTENSION_FORMAT: 11..13 are then reserved too).
 */
export function writeStatus(sb: Int32Array, slot: number, v: number, formats = VEC_FORMAT_COUNT): number {
  const nv = v & SLOT_MASK[slot];
  switch (slot) {
    case SB.fmt:
      if (getField(nv, FMT_FIELD) < formats) sb[slot] = nv;
      sb[SB.count] = 0;
      return sb[slot];
    case SB.cycle:
    case SB.skip:
      sb[SB.count] = 0;
      break;
    case SB.aAddress:
      sb[SB.aCount] = 0;
      break;
    case SB.wAddress:
      sb[SB.wCount] = 0;
      break;
  }
  sb[slot] = nv;
  return nv;
}

/**
 * The compilation mode of the status-based decoding: -1 in legacy decoding (`sb_legacy` = 1), else the
 * value of `ivec_fmt`. Blocks are compiled per mode (src/iss/hart.ts).
 */
export function decodeMode(sb: Int32Array): number {
  return (sb[SB.legacy] & 1) !== 0 ? -1 : sb[SB.fmt];
}

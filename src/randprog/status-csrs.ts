import { regName } from '../asm/index.ts';
import { VEC_FORMATS } from '../isa/index.ts';
import type { Rng } from '../isa/random.ts';
import type { Emitter } from './emitter.ts';
import { POINTERS, WRITABLE } from './roles.ts';
import { csr, fmtAfterWrite, STREAMS, streamCsr, type StatusState, type StreamName } from './status-state.ts';

/**
 * Writes of the status-based CSRs (spec §5.1), each kept in the generator's `StatusState` and in the
 * program facts. The spelling varies: `csrwi` (values below 32), `csrw` from a register, `csrrw` that also
 * reads the old value; now and then with bits above the field set (they read as 0 and are ignored).
 */

export function writeCsr(e: Emitter, rng: Rng, address: number, value: number): void {
  const hex = `0x${address.toString(16)}`;
  if (value >= 0 && value < 32 && rng.int(0, 1) === 0) {
    e.raw(`csrwi ${hex}, ${value}`);
    return;
  }
  const r = rng.pick(POINTERS);
  e.set(r, value);
  if (rng.int(0, 3) === 0) {
    const rd = rng.pick(WRITABLE);
    e.raw(`csrrw ${regName(rd)}, ${hex}, ${regName(r)}`);
    e.lastWritten = rd;
  } else e.raw(`csrw ${hex}, ${regName(r)}`);
}

/** `value` with random bits above a field of `bits` bits (a quarter of the time). */
function junkAbove(rng: Rng, value: number, bits: number): number {
  return rng.int(0, 3) === 0 ? (value | (rng.next() << bits)) | 0 : value;
}

/** sb_legacy := `legacy` (0: status-based decoding, 1: legacy), counted as a switch when it changes. */
export function setMode(e: Emitter, rng: Rng, st: StatusState, legacy: number): void {
  if (st.legacy !== undefined && st.legacy !== legacy) {
    if (legacy === 0) e.facts.status.toStatusBased++;
    else e.facts.status.toLegacy++;
  }
  writeCsr(e, rng, csr('sb_legacy'), junkAbove(rng, legacy, 1));
  st.legacy = legacy;
}

/**
 * ivec_fmt := `value` (any 4-bit value: 0 scalar, 1..13 formats, 14/15 reserved and keep the old format).
 * Reserved values are written with `csrwi`, so the execution report can tell a reserved write from its
 * instruction alone.
 */
export function writeFormat(e: Emitter, rng: Rng, st: StatusState, value: number): void {
  const f = e.facts.status.fmtWrites;
  f[value] = (f[value] ?? 0) + 1;
  if (fmtAfterWrite(undefined, value) === undefined) e.raw(`csrwi 0x${csr('ivec_fmt').toString(16)}, ${value}`);
  else writeCsr(e, rng, csr('ivec_fmt'), junkAbove(rng, value, 4));
  st.fmt = fmtAfterWrite(st.fmt, value);
}

/** skip values worth hitting often: 0 (acts as 1), 1, small counts, the kernel values, the field's maximum. */
const EDGE_SKIPS = [0, 1, 2, 3, 4, 8, 16, 31];

export function writeSkipSize(e: Emitter, rng: Rng): void {
  const skip = rng.int(0, 2) ? rng.pick(EDGE_SKIPS) : rng.int(0, 31);
  const s = e.facts.status.skipWrites;
  if (!s.includes(skip)) s.push(skip);
  writeCsr(e, rng, csr('ivec_skip_size'), junkAbove(rng, skip, 5));
}

/** ivec_mixed_cycle := 0..7, values >= R included (the controller takes them modulo R). */
export function writeMixedCycle(e: Emitter, rng: Rng, st: StatusState): void {
  const c = rng.int(0, 2) ? rng.int(0, 7) : rng.int(0, st.groups - 1);
  const s = e.facts.status.cycleWrites;
  if (!s.includes(c)) s.push(c);
  writeCsr(e, rng, csr('ivec_mixed_cycle'), junkAbove(rng, c, 3));
}

/** Stride / rollback / skip of a stream: word multiples, signed, the kernel shape (rollback back to start + 4) often. */
export function writeStreamShape(e: Emitter, rng: Rng, st: StatusState, s: StreamName): void {
  const stride = rng.int(0, 2) ? rng.pick([0, 4, -4, 8, -8, 16, 32, 64]) : 4 * rng.int(-32, 32);
  const skip = rng.int(0, 9) === 0 ? -1 : rng.int(0, 1) ? rng.pick([0, 1, 2, 3, 7]) : rng.int(0, 15);
  const rollback = rng.int(0, 1) ? (4 - stride * Math.max(skip, 0)) | 0 : 4 * rng.int(-64, 64);
  const state = st.streams[s];
  // Any order: the counter survives writes other than the address's.
  for (const [field, v] of rng.int(0, 1) ? ([['stride', stride], ['rollback', rollback], ['skip', skip]] as const) : ([['skip', skip], ['rollback', rollback], ['stride', stride]] as const)) {
    writeCsr(e, rng, streamCsr(s, field), v);
    state[field] = v;
  }
  e.facts.status.streamShapes++;
}

/** The stream's next address := data base + `offset` (resets its counter). */
export function writeStreamAddress(e: Emitter, rng: Rng, st: StatusState, s: StreamName, offset: number, base: number): void {
  const r = rng.pick(POINTERS);
  e.raw(`li ${regName(r)}, ${offset}`, `add ${regName(r)}, ${regName(r)}, ${regName(base)}`);
  e.lastWritten = r;
  if (rng.int(0, 3) === 0) {
    const rd = rng.pick(WRITABLE);
    e.raw(`csrrw ${regName(rd)}, 0x${streamCsr(s, 'address').toString(16)}, ${regName(r)}`);
    e.lastWritten = rd;
  } else e.raw(`csrw 0x${streamCsr(s, 'address').toString(16)}, ${regName(r)}`);
  st.streams[s].address = offset;
  st.streams[s].count = 0;
  e.facts.status.addressWrites++;
}

/** The formats of the table, 1..13 (0 is scalar code). */
export const FORMAT_VALUES = VEC_FORMATS.filter((f) => f.act !== undefined).map((f) => f.value);

/** Makes the mode (and in status-based mode the format) known, writing them when they are not. */
export function knowMode(e: Emitter, rng: Rng, st: StatusState): void {
  if (st.legacy === undefined) setMode(e, rng, st, rng.int(0, 1));
  if (st.legacy === 0 && st.fmt === undefined) writeFormat(e, rng, st, rng.pick(FORMAT_VALUES));
}

export { STREAMS };

import { csrByName } from '../../src/isa/csrs.ts';
import type { Hart } from '../../src/iss/hart.ts';
import type { Memory } from '../../src/iss/memory.ts';
import type { Retirement } from '../../src/iss/retire.ts';
import { machine, put, trace, type Asm } from './helpers.ts';

/**
 * Helpers for the revision-2 tests: hand-typed spec facts (the test oracle, deliberately not imported from
 * src/isa), element packing, and running a program both as compiled blocks and traced.
 */

/** Spec §5.3, typed from the spec text: [value, activation bits, weight bits]. */
export const SPEC_FORMATS: ReadonlyArray<[number, number, number]> = [
  [1, 16, 16], [2, 8, 8], [3, 4, 4], [4, 2, 2],
  [5, 4, 2], [6, 8, 2], [7, 16, 2], [8, 8, 4], [9, 16, 4], [10, 16, 8],
  [11, 2, 4], [12, 2, 8], [13, 4, 8],
];

/** Spec §4 (revision 2), typed from the spec text: [activations signed, weights signed]. */
export const SPEC_MACLOAD_SIGNS: Record<string, [boolean, boolean]> = {
  up: [false, false], sup: [false, true], usp: [true, false], sp: [true, true],
};
/** Spec §3: register dot products, [rs1 signed, rs2 signed]. */
export const SPEC_DOT_SIGNS: Record<string, [boolean, boolean]> = { up: [false, false], usp: [false, true], sp: [true, true] };

export const csr = (name: string): number => {
  const d = csrByName(name);
  if (!d) throw new Error(`no CSR ${name}`);
  return d.address;
};

/** Packs elements (lane 0 first) of `w` bits each into a 32-bit word. */
export function packLanes(elems: number[], w: number): number {
  let v = 0;
  elems.forEach((e, i) => (v += ((e + 2 ** w) % 2 ** w) * 2 ** (i * w)));
  return v | 0;
}

/** Sample elements of a w-bit operand: every value in range, cycling from `seed`. */
export function sample(count: number, w: number, signed: boolean, seed: number): number[] {
  const lo = signed ? -(2 ** (w - 1)) : 0, span = 2 ** w;
  return Array.from({ length: count }, (_, i) => lo + ((seed + 3 * i + (i >> 2)) % span));
}

/**
 * The spec §5.3 dot product written as a plain sum over the listed elements: the wider operand's L
 * lanes against sub-group c of the narrower one.
 */
export function expectedDot(acts: number[], wgts: number[], aw: number, ww: number, c: number): number {
  const lanes = 32 / Math.max(aw, ww);
  let s = 0;
  for (let i = 0; i < lanes; i++) {
    const a = aw >= ww ? acts[i]! : acts[c * lanes + i]!;
    const b = ww >= aw ? wgts[i]! : wgts[c * lanes + i]!;
    s += a * b;
  }
  return s;
}

export interface SbSetup {
  fmt?: number;
  cycle?: number;
  skip?: number;
  legacy?: number;
  csrs?: Record<string, number>;
}

/** A flexv machine in status-based mode (unless `legacy` = 1) with the given CSRs written by software. */
export function sbMachine(s: SbSetup = {}): { mem: Memory; hart: Hart } {
  const m = machine('flexv');
  const w = (n: string, v: number) => m.hart.csr.write(csr(n), v, 0);
  w('sb_legacy', s.legacy ?? 0);
  if (s.fmt !== undefined) w('ivec_fmt', s.fmt);
  if (s.skip !== undefined) w('ivec_skip_size', s.skip);
  if (s.cycle !== undefined) w('ivec_mixed_cycle', s.cycle);
  for (const [n, v] of Object.entries(s.csrs ?? {})) w(n, v);
  return m;
}

/**
 * Runs `prog` on two machines prepared by `prepare`: one as compiled blocks (hart.run), one traced (one
 * record per instruction). Both must end in the same state; returns the traced hart and its records.
 */
export function runBoth(prepare: () => { mem: Memory; hart: Hart }, prog: Asm, count: number): { hart: Hart; mem: Memory; recs: Retirement[]; fast: Hart } {
  const f = prepare();
  put(f.mem, prog);
  f.hart.run(count);
  const t = prepare();
  put(t.mem, prog);
  const recs = trace(t.hart, count);
  const state = (h: Hart) => [...h.x, ...h.sb, ...h.nn, h.n, h.pc];
  if (JSON.stringify(state(f.hart)) !== JSON.stringify(state(t.hart))) {
    throw new Error(`compiled and traced runs differ:\n${state(f.hart).join(',')}\n${state(t.hart).join(',')}`);
  }
  return { hart: t.hart, mem: t.mem, recs, fast: f.hart };
}

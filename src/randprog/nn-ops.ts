import { regName } from '../asm/index.ts';
import { instructionsFor, type InstrDef } from '../isa/index.ts';
import type { Rng } from '../isa/random.ts';
import type { Emitter } from './emitter.ts';
import { pickOperands } from './operands.ts';
import { DATA_BYTES, POINTERS } from './roles.ts';

/** Mac&Load `imm5` fields (spec §4): [0] A select, [2:1] W select, [3] load A, [4] load W. */
export const macLoadFields = (imm: number) => ({ aSel: imm & 1, wSel: (imm >> 1) & 3, loadA: (imm >> 3) & 1, loadW: (imm >> 4) & 1 });

/** The NN-RF entry a Mac&Load loads (0..1 = A0/A1, 2..5 = W0..W3), or undefined. */
export function macLoadTarget(imm: number): number | undefined {
  const f = macLoadFields(imm);
  return f.loadA ? f.aSel : f.loadW ? 2 + f.wSel : undefined;
}

/** skip values worth hitting often: 0 (acts as 1), small counts, the kernel values, the maximum. */
const EDGE_SKIPS = [0, 1, 2, 3, 4, 8, 16, 127, 128, 254, 255];

const isMacLoad = (d: InstrDef) => d.sem === 'mac.load' || d.sem === 'mixed.mac.load';

/**
 * 1..4 back-to-back Mac&Loads through one pointer: the first is often an NN-RF fill (`rd = x0`), and each
 * next one reads, half of the time, the NN-RF entry the previous one loaded (load/use back-to-back).
 */
export function emitMacLoads(e: Emitter, rng: Rng, first: InstrDef): void {
  const all = instructionsFor(e.config).filter(isMacLoad);
  const p = rng.pick(POINTERS.filter((r) => r !== 0));
  e.pointer(p, rng.int(0, (DATA_BYTES - 32) >> 2) << 2);
  let prevLoaded: number | undefined;
  const n = rng.int(1, 4);
  for (let i = 0; i < n; i++) {
    const def = i === 0 ? first : rng.pick(all);
    const v = pickOperands(def, rng, e.lastWritten, { rs1: p });
    if (v.rd === p) v.rd = 0;
    if (i === 0 && rng.int(0, 2) === 0) v.rd = 0;
    if (prevLoaded !== undefined && rng.int(0, 1) === 0) {
      // Select the entry just loaded.
      v.uimm = prevLoaded < 2 ? (v.uimm & ~1) | prevLoaded : (v.uimm & ~6) | ((prevLoaded - 2) << 1);
    }
    prevLoaded = macLoadTarget(v.uimm);
    e.instr(def, v);
  }
}

/**
 * A write of `mpc` (formats 0..2 each, sometimes the reserved 3 that keeps the old format; skip over its
 * whole 8-bit range with edge values favoured; idx and cnt 0) then 2..6 interleaved mixed and uniform
 * dot products / Mac&Loads (for xpulpnn: sub-byte and byte/half-word forms interleaved, no mpc).
 */
export function emitMixedBlock(e: Emitter, rng: Rng): void {
  const defs = instructionsFor(e.config);
  const mixed = defs.filter((d) => d.sem.startsWith('mixed.'));
  const uniform = defs.filter((d) => ['simd.dot', 'simd.sdot', 'mac.load'].includes(d.sem));
  if (e.config === 'flexv') {
    const afmt = rng.int(0, 9) === 0 ? 3 : rng.int(0, 2);
    const wfmt = rng.int(0, 9) === 0 ? 3 : rng.int(0, 2);
    const skip = rng.int(0, 1) ? rng.pick(EDGE_SKIPS) : rng.int(0, 255);
    const r = rng.pick(POINTERS.filter((x) => x !== 0));
    e.set(r, afmt | (wfmt << 2) | (skip << 4));
    e.raw(`csrw mpc, ${regName(r)}`);
    e.facts.mpcWrites.push({ afmt, wfmt, skip });
  }
  const pool = e.config === 'flexv' ? mixed : uniform.filter((d) => /\.[nc](\.|$)/.test(d.id));
  for (let n = rng.int(2, 6), i = 0; i < n; i++) {
    const def = rng.pick(i % 2 === 0 ? pool : uniform);
    if (isMacLoad(def)) emitMacLoads(e, rng, def);
    else e.instr(def, pickOperands(def, rng, e.lastWritten));
  }
}

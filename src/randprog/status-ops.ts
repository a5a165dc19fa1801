import { regName } from '../asm/index.ts';
import { instructionsFor, VEC_FORMATS, type InstrDef } from '../isa/index.ts';
import type { Rng } from '../isa/random.ts';
import type { Emitter } from './emitter.ts';
import { emitMacLoadLoop, emitMacLoads, macLoadDefs } from './nn-ops.ts';
import { pickOperands } from './operands.ts';
import { WRITABLE } from './roles.ts';
import { FORMAT_VALUES, knowMode, setMode, writeFormat, writeMixedCycle, writeSkipSize } from './status-csrs.ts';
import { csr, type StatusState } from './status-state.ts';

/** Format values that store nothing (a write keeps the old format): 14, 15. */
const RESERVED_FORMATS = Array.from({ length: 16 }, (_, v) => v).filter((v) => v >= VEC_FORMATS.length);

const isDot = (d: InstrDef) => d.simd?.op === 'dot' || d.simd?.op === 'sdot';

/**
 * A format write: one of the 13 formats most of the time, now and then 0 (scalar: every packed-SIMD and
 * Mac&Load instruction traps in status-based mode) or a reserved value (no change).
 */
function randomFormat(e: Emitter, rng: Rng, st: StatusState): void {
  const r = rng.int(0, 19);
  writeFormat(e, rng, st, r < 2 ? 0 : r < 4 ? rng.pick(RESERVED_FORMATS) : rng.pick(FORMAT_VALUES));
}

/** A write of one controller CSR mid-sequence (it resets the hidden skip counter). */
function controllerWrite(e: Emitter, rng: Rng, st: StatusState): void {
  const r = rng.int(0, 2);
  if (r === 0) randomFormat(e, rng, st);
  else if (r === 1) writeSkipSize(e, rng);
  else writeMixedCycle(e, rng, st);
}

/**
 * The Flex-V status-based block (flexv only): sometimes a mode switch (to status-based two times in three,
 * so both directions happen mid-program), writes of the format, the skip size and the sub-group index,
 * then 2..8 items: dot products of every form (`.sc`/`.sci` ones trap under a mixed format), other
 * packed-SIMD instructions, Mac&Load groups and kernel-shaped Mac&Load loops (which read the address
 * streams in status-based mode), controller writes in between (counter resets) and reads of the
 * sub-group index. In legacy mode the same items run with their opcode's widths.
 */
export function emitStatusBlock(e: Emitter, rng: Rng, st: StatusState): void {
  const defs = instructionsFor(e.config).filter((d) => !e.excluded.has(d.id));
  const dots = defs.filter(isDot);
  const vvDots = dots.filter((d) => d.simd!.form === 'vv');
  const simdAlu = defs.filter((d) => d.simd && !isDot(d) && d.simd.op !== 'qnt');
  const hasMacLoad = macLoadDefs(e).length > 0;

  // The writes in a random order, so that each of them is now and then the one right before a dot product.
  const writes: Array<() => void> = [];
  if (st.legacy === undefined || rng.int(0, 2) === 0) writes.push(() => setMode(e, rng, st, rng.int(0, 2) ? 0 : 1));
  if (rng.int(0, 9) < 7) writes.push(() => randomFormat(e, rng, st));
  if (rng.int(0, 9) < 4) writes.push(() => writeSkipSize(e, rng));
  if (rng.int(0, 9) < 3) writes.push(() => writeMixedCycle(e, rng, st));
  while (writes.length) writes.splice(rng.int(0, writes.length - 1), 1)[0]!();
  knowMode(e, rng, st);

  for (let n = rng.int(2, 8), i = 0; i < n; i++) {
    const r = rng.int(0, 99);
    if (r < 45) {
      const def = rng.int(0, 4) ? rng.pick(vvDots) : rng.pick(dots);
      e.instr(def, pickOperands(def, rng, e.lastWritten));
    } else if (r < 55) {
      const def = rng.pick(simdAlu);
      e.instr(def, pickOperands(def, rng, e.lastWritten));
    } else if (r < 75 && hasMacLoad) emitMacLoads(e, rng, undefined, st);
    else if (r < 82 && hasMacLoad) emitMacLoadLoop(e, rng, st);
    else if (r < 92) controllerWrite(e, rng, st);
    else {
      const rd = rng.pick(WRITABLE);
      e.raw(`csrr ${regName(rd)}, 0x${csr('ivec_mixed_cycle').toString(16)}`);
      e.lastWritten = rd;
    }
  }
}

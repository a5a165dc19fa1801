import { regName } from '../asm/index.ts';
import { instructionById, type InstrDef } from '../isa/index.ts';
import type { Rng } from '../isa/random.ts';
import { withLabel } from './control-ops.ts';
import type { Emitter } from './emitter.ts';
import { POINTERS } from './roles.ts';

const def = (id: string): InstrDef => instructionById(id)!;

/**
 * The setup of hardware loop `L` (count 1..3) in one of its three spellings: `lp.setupi`, `lp.setup`
 * (count in a register), or `lp.starti` + `lp.endi` + `lp.counti`/`lp.count`. Returns the start label to
 * place (undefined when the setup form starts the loop at the next instruction).
 */
function setup(e: Emitter, rng: Rng, L: number, end: string, allowShort: boolean): string | undefined {
  const count = rng.int(1, 3);
  // lp.setupi reaches only 62 bytes ahead: used for short straight bodies only.
  const form = rng.int(allowShort ? 0 : 1, 3);
  if (form === 0) {
    e.raw(withLabel(def('lp.setupi'), { L, uimm: count }, end));
    return undefined;
  }
  const r = rng.pick(POINTERS);
  if (form === 1) {
    e.set(r, count);
    e.raw(withLabel(def('lp.setup'), { L, rs1: r }, end));
    return undefined;
  }
  const start = e.label(`lps${L}_`);
  e.raw(withLabel(def('lp.starti'), { L }, start), withLabel(def('lp.endi'), { L }, end));
  if (form === 2) e.raw(`lp.counti ${L}, ${count}`);
  else {
    e.set(r, count);
    e.raw(`lp.count ${L}, ${regName(r)}`);
  }
  return start;
}

/**
 * Nested hardware loops: loop 1 (outer) around loop 0 (inner). Each body has at least 2 instructions
 * and no control flow before its last one (lp.setupi bodies: register-only instructions, they must fit in
 * 62 bytes). `lastOfBody` places the end label on the last instruction, which may itself be compressed, a
 * memory access or a branch/jump (the loop end wins). The outer end is one or two instructions after the
 * inner end, or (a quarter of the nests) on the same instruction: loop 0 is checked first.
 */
export function emitHardwareLoops(
  e: Emitter,
  rng: Rng,
  straight: () => void,
  shortStraight: () => void,
  lastOfBody: (label: string, short: boolean) => void,
): void {
  const nested = rng.int(0, 2) > 0;
  const outerEnd = e.label('lpe1_');
  let outerStart: string | undefined;
  if (nested) {
    outerStart = setup(e, rng, 1, outerEnd, false);
    if (outerStart) e.place(outerStart);
    for (let n = rng.int(0, 2); n > 0; n--) straight();
  }
  const innerEnd = e.label('lpe0_');
  const short = rng.int(0, 3) === 0;
  const innerStart = setup(e, rng, 0, innerEnd, short);
  if (innerStart) e.place(innerStart);
  for (let n = rng.int(1, short ? 3 : 4); n > 0; n--) (short ? shortStraight : straight)();
  if (nested && rng.int(0, 3) === 0) {
    e.place(innerEnd);
    lastOfBody(outerEnd, short);
    return;
  }
  lastOfBody(innerEnd, short);
  if (nested) {
    for (let n = rng.int(1, 2); n > 0; n--) straight();
    lastOfBody(outerEnd, false);
  }
}

import { regName } from '../asm/index.ts';
import type { InstrDef, OperandValues } from '../isa/index.ts';
import type { Rng } from '../isa/random.ts';
import type { Emitter } from './emitter.ts';
import { pickOperands } from './operands.ts';
import { LOOP_REG, POINTERS } from './roles.ts';

/** Assembler text of `def` with its label operand given as a label name (the assembler resolves it). */
export function withLabel(def: InstrDef, v: OperandValues, label: string): string {
  const ops = def.syntax.replace(/[A-Za-z_]\w*/g, (name) => {
    const op = def.operands.find((o) => o.name === name);
    if (!op) return name;
    if (op.kind === 'pcrel') return label;
    if (op.kind === 'xreg' || op.kind === 'creg') return regName(v[name]);
    return String(v[name]);
  });
  return `${def.mnemonic} ${ops}`.trim();
}

/**
 * A conditional branch forward over 1..4 straight-line instructions (taken or not, data decides). A third
 * of the time `loadFirst` emits a load just before, and the branch compares its result (load-then-branch).
 */
export function emitBranch(e: Emitter, rng: Rng, def: InstrDef, straight: () => void, loadFirst: () => void): void {
  const l = e.label('fwd');
  const fixed: OperandValues = {};
  if (rng.int(0, 2) === 0) {
    loadFirst();
    const rs1 = def.operands.find((o) => o.name === 'rs1')!;
    const r = e.lastWritten;
    if (r !== 0 && (rs1.kind === 'xreg' || (r >= 8 && r <= 15))) fixed.rs1 = r;
  }
  e.raw(withLabel(def, pickOperands(def, rng, e.lastWritten, fixed), l));
  for (let n = rng.int(1, 4); n > 0; n--) straight();
  e.place(l);
}

/** jal / c.jal / c.j forward over one instruction; jalr / c.jr / c.jalr through a register set to a label. */
export function emitJump(e: Emitter, rng: Rng, def: InstrDef, straight: () => void): void {
  const l = e.label('jmp');
  if (def.sem === 'jal') {
    e.raw(withLabel(def, pickOperands(def, rng, e.lastWritten), l));
  } else {
    const t = rng.pick(POINTERS);
    const v = pickOperands(def, rng, e.lastWritten, { rs1: t });
    const imm = v.imm ?? 0;
    // Target = t + imm, so t = label - imm.
    e.raw(`la ${regName(t)}, ${l}${imm <= 0 ? '+' : '-'}${Math.abs(imm)}`);
    e.instr(def, v);
  }
  straight();
  e.place(l);
  e.lastWritten = 1;
}

/** A bounded backward loop counted in s10 around straight-line code. */
export function emitSoftwareLoop(e: Emitter, rng: Rng, straight: () => void): void {
  const l = e.label('loop');
  e.raw(`li ${regName(LOOP_REG)}, ${rng.int(1, 4)}`);
  e.place(l);
  for (let n = rng.int(1, 4); n > 0; n--) straight();
  e.raw(`addi ${regName(LOOP_REG)}, ${regName(LOOP_REG)}, -1`, `bnez ${regName(LOOP_REG)}, ${l}`);
}

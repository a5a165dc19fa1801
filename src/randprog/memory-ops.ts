import { instructionById, type InstrDef } from '../isa/index.ts';
import type { Rng } from '../isa/random.ts';
import type { Emitter } from './emitter.ts';
import { pickOperands } from './operands.ts';
import { MAX_ACCESS_OFFSET, POINTERS } from './roles.ts';

const isRegOffset = (def: InstrDef) => def.sem.includes('.rr');
const isPostInc = (def: InstrDef) => def.writesRs1;
/** Access size from the id's l/s letter and width: lb/sb 1, lh/lhu/sh 2, lw/sw/c.lwsp 4. */
const accessBytes = (def: InstrDef) => ({ b: 1, h: 2, w: 4 })[/(?:^|\.)[ls]([bhw])/.exec(def.id)?.[1] as 'b' | 'h' | 'w'] ?? 4;

/**
 * A load or store of any addressing mode at a random (often misaligned) offset of the data region: the
 * base (and offset register) are set just before, so any immediate of the encoding stays legal. `label`
 * goes on the access itself (a hardware-loop end). A quarter of the plain stores are followed by a word
 * load of the same address (store-to-load through memory, possibly misaligned).
 */
export function emitMemory(e: Emitter, rng: Rng, def: InstrDef, label?: string): void {
  const offset = rng.int(0, 1) === 0 ? rng.int(0, MAX_ACCESS_OFFSET) : rng.int(0, MAX_ACCESS_OFFSET >> 2) << 2;
  const base = def.operands.find((o) => o.name === 'rs1');
  e.facts.accesses++;
  if (base && offset % accessBytes(def) !== 0) e.facts.misaligned++;
  if (!base) {
    // c.lwsp / c.swsp: sp is the data base, the 8-bit scaled offset stays inside the region.
    e.instr(def, pickOperands(def, rng, e.lastWritten), label);
    return;
  }
  const creg = base.kind === 'creg';
  const p = creg ? rng.int(8, 15) : rng.pick(POINTERS);
  const v = pickOperands(def, rng, e.lastWritten, { rs1: p });
  // Post-increment with rd = rs1 has two writes to one register: the core's behaviour is unspecified.
  if (isPostInc(def) && v.rd === p) v.rd = POINTERS.find((r) => r !== p)!;
  if (isRegOffset(def)) {
    const offReg = def.operands.some((o) => o.name === 'rs3') ? 'rs3' : 'rs2';
    let q = rng.pick(POINTERS.filter((r) => r !== p && r !== v.rd));
    if (offReg === 'rs3' && q === v.rs2) q = POINTERS.find((r) => r !== p && r !== v.rs2)!;
    v[offReg] = q;
    // Plain register offset: address = rs1 + offset register; post-increment: address = rs1.
    const k = rng.int(-64, 64);
    if (isPostInc(def)) {
      e.pointer(p, offset);
      e.set(q, k);
    } else {
      e.pointer(p, offset - k);
      e.set(q, k);
    }
  } else {
    const imm = v.imm ?? v.uimm ?? 0;
    e.pointer(p, isPostInc(def) ? offset : offset - imm);
  }
  e.instr(def, v, label);
  if (!label && def.sem === 'store' && rng.int(0, 3) === 0) {
    const lw = instructionById('lw')!;
    e.instr(lw, pickOperands(lw, rng, e.lastWritten, { rs1: p, imm: v.imm ?? v.uimm ?? 0 }));
    e.facts.accesses++;
    if (offset % 4 !== 0) e.facts.misaligned++;
  }
}

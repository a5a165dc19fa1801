import { operandValueError, operandWidth } from '../isa/fields.ts';
import { ALL_INSTRUCTIONS, constraintViolations } from '../isa/table.ts';
import type { InstrDef, OperandValues } from '../isa/types.ts';

/**
 * Chooses the compressed form of a 32-bit instruction, as GNU as does under `.option rvc`: the first
 * compressed instruction (table order, which follows binutils' preference) whose expansion is the
 * instruction with these operands. Besides the expansions of the table, as also compresses
 * `addi rd, rs, 0` to c.mv and the commuted `add/and/or/xor rd, rs, rd`.
 */

interface Candidate {
  cdef: InstrDef;
  /** 32-bit operand -> compressed operand name or required constant. */
  map: Record<string, string | number>;
}

const COMPRESSED = ALL_INSTRUCTIONS.filter((d) => d.size === 2 && d.expand);
const byId = (id: string) => COMPRESSED.find((d) => d.id === id)!;

const CANDIDATES = new Map<string, Candidate[]>();
function add(id32: string, c: Candidate) {
  const list = CANDIDATES.get(id32) ?? [];
  list.push(c);
  CANDIDATES.set(id32, list);
}
for (const d of COMPRESSED) add(d.expand!.id, { cdef: d, map: d.expand!.operands });
add('addi', { cdef: byId('c.mv'), map: { rd: 'rd', rs1: 'rs2', imm: 0 } });
add('add', { cdef: byId('c.add'), map: { rd: 'rd', rs1: 'rs2', rs2: 'rd' } });
for (const op of ['and', 'or', 'xor']) add(op, { cdef: byId(`c.${op}`), map: { rd: 'rd', rs1: 'rs2', rs2: 'rd' } });

export interface Compressed {
  cdef: InstrDef;
  values: OperandValues;
}

/**
 * The compressed form, or undefined. `unknown` names 32-bit operands whose value is not known yet (a
 * label not yet placed): they are not range-checked, the caller re-checks once they are known.
 */
export function compress(def: InstrDef, values: OperandValues, unknown: ReadonlySet<string> = new Set()): Compressed | undefined {
  next: for (const { cdef, map } of CANDIDATES.get(def.id) ?? []) {
    const cv: OperandValues = {};
    for (const op32 of def.operands) {
      const src = map[op32.name];
      if (src === undefined) continue next;
      const v = values[op32.name];
      if (typeof src === 'number') {
        if (v !== src) continue next;
        continue;
      }
      const cop = cdef.operands.find((o) => o.name === src)!;
      let cval = v;
      // lui's unsigned 20-bit field holds c.lui's sign-extended 6-bit value.
      if (cop.signed && !op32.signed && op32.kind !== 'xreg' && v >= 2 ** (operandWidth(op32) - 1)) cval = v - 2 ** operandWidth(op32);
      if (src in cv && cv[src] !== cval) continue next;
      cv[src] = cval;
      if (!unknown.has(op32.name) && operandValueError(cop, cval)) continue next;
    }
    if (constraintViolations(cdef, cv, ['reserved', 'hint', 'alias']).length) continue;
    return { cdef, values: cv };
  }
  return undefined;
}

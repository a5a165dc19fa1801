import type { Rng } from '../isa/random.ts';
import { randomOperands } from '../isa/random.ts';
import type { InstrDef, OperandValues } from '../isa/index.ts';
import { constraintViolations } from '../isa/index.ts';
import { RESERVED, WRITABLE } from './roles.ts';

/** Operand names that a def writes: rd when it writes rd, rs1 when it post-increments. */
function written(def: InstrDef, name: string): boolean {
  return (name === 'rd' && def.writesRd) || (name === 'rs1' && def.writesRs1);
}

/**
 * Random operands for `def` (table ranges and constraints from `randomOperands`), with every written
 * register outside the reserved set, and sources biased toward `recent` so dependent pairs are common.
 */
export function pickOperands(def: InstrDef, rng: Rng, recent: number, fixed: OperandValues = {}): OperandValues {
  for (let attempt = 0; ; attempt++) {
    const v = { ...randomOperands(def, rng), ...fixed };
    for (const op of def.operands) {
      if (op.name in fixed) continue;
      if (op.kind === 'xreg') {
        if (written(def, op.name)) v[op.name] = rng.pick(WRITABLE);
        else if (rng.int(0, 9) < 3) v[op.name] = recent;
      } else if (op.kind === 'creg' && !written(def, op.name) && recent >= 8 && recent <= 15 && rng.int(0, 9) < 3) {
        v[op.name] = recent;
      }
    }
    const clash = def.operands.some((op) => written(def, op.name) && RESERVED.has(v[op.name]));
    if (!clash && constraintViolations(def, v, ['reserved', 'hint', 'alias']).length === 0) return v;
    if (attempt > 200) throw new Error(`randprog: no legal operands for ${def.id}`);
  }
}

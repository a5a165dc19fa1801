import { describe, expect, it } from 'vitest';
import { instructionsFor, operandRange, type InstrDef } from '../../src/isa/index.ts';
import { Rng } from '../../src/randprog/rng.ts';
import { machine, put } from './helpers.ts';
import { reference } from './ref/xpulp-ref.ts';

/**
 * Every register-to-register Xpulp / XpulpNN instruction of the table against the independent reference
 * of test/iss/ref, on random and edge-case operands, executed through the real decoder and compiled code.
 */
const RD = 5, RS1 = 6, RS2 = 7;
const ROUNDS = 40;

const defs = instructionsFor('xpulpnn').filter(
  (d) => (d.ext === 'xpulpv2' || d.ext === 'xpulpnn') && reference(d.id, { rd: 1, rs1: 2, rs2: 3, imm: 1, uimm: 1, uimm2: 1 }) !== undefined,
);

function immediates(def: InstrDef, rng: Rng): Record<string, number> {
  const out: Record<string, number> = {};
  for (const op of def.operands) {
    if (op.kind !== 'simm' && op.kind !== 'uimm') continue;
    const { min, max } = operandRange(op);
    out[op.name] = rng.chance(0.3) ? rng.pick([min, max, 0, 1]) : rng.int(min, max);
  }
  return out;
}

describe('Xpulp/XpulpNN instructions against the reference model', () => {
  it('covers the register-to-register instructions of the table', () => {
    // 306 + 98 rows minus memory, branch, loop, Mac&Load and qnt rows.
    expect(defs.length).toBeGreaterThan(280);
  });

  for (const def of defs) {
    it(def.id, () => {
      const rng = new Rng(0x5eed ^ def.match);
      const { mem, hart } = machine('xpulpnn');
      const base = hart.pc;
      for (let round = 0; round < ROUNDS; round++) {
        const imms = immediates(def, rng);
        const ops: Record<string, number> = { rd: RD, rs1: RS1, rs2: RS2, ...imms };
        put(mem, [[def.id, Object.fromEntries(def.operands.map((o) => [o.name, ops[o.name]]))]]);
        for (let k = 0; k < 8; k++) {
          const v = { rd: rng.interesting(), rs1: rng.interesting(), rs2: rng.interesting() };
          hart.x[RD] = v.rd;
          hart.x[RS1] = v.rs1;
          hart.x[RS2] = v.rs2;
          hart.pc = base;
          hart.run(1);
          const want = reference(def.id, { ...v, ...imms });
          const got = hart.x[RD] >>> 0;
          if (got !== want) {
            throw new Error(
              `${def.id} rd=0x${(v.rd >>> 0).toString(16)} rs1=0x${(v.rs1 >>> 0).toString(16)} rs2=0x${(v.rs2 >>> 0).toString(16)} ` +
                `${JSON.stringify(imms)}: model 0x${got.toString(16)}, reference 0x${want!.toString(16)}`,
            );
          }
          expect(hart.pc).toBe((base + 4) | 0);
        }
      }
    });
  }
});

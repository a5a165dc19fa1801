import { Enum, lit, mux } from '../../hdl/index.ts';
import { IMM, IMM2, IS32, PC, RS1_VALUE, RS2_VALUE } from '../pipeline/keys.ts';
import type { Part } from '../pipeline/part.ts';
import { stageable } from '../pipeline/stageable.ts';

/** Branch condition: 0 none, then one code per comparison. */
const BRANCH_OP_T = Enum('branch_op', { beq: 1, bne: 2, blt: 3, bge: 4, bltu: 5, bgeu: 6, 'p.beqimm': 7, 'p.bneimm': 8 }, { width: 4, prefix: 'BR' });
export const BRANCH_OP = stageable('branch_op', BRANCH_OP_T);
/** Jump kind: 0 none, 1 jal (pc-relative), 2 jalr (register + offset). */
const JUMP_T = Enum('jump', { jal: 1, jalr: 2 }, { width: 2, prefix: 'JUMP' });
export const JUMP = stageable('jump', JUMP_T);
const BR: Record<string, number> = BRANCH_OP_T.values;
/** Branches and jumps redirect after traps (0) and mret (1). */
export const BRANCH_PRIORITY = 10;

/**
 * Conditional branches (and XpulpV2's p.beqimm/p.bneimm, which compare rs1 with a 5-bit immediate), jal and
 * jalr, resolved in EX; jumps write the return address.
 */
export function branchPart(): Part {
  return {
    name: 'branch',
    setup({ decode, isa }) {
      for (const [id, op] of Object.entries(BR)) {
        if (!isa.has(id)) continue;
        decode.add(id, [[BRANCH_OP, op]], id.startsWith('p.') ? { imm: 'target', imm2: 'imm' } : {});
      }
      decode.add('jal', [[JUMP, JUMP_T.values.jal]]);
      decode.add('jalr', [[JUMP, JUMP_T.values.jalr]]);
    },
    build({ m, pipeline, exResult, redirect }) {
      const ex = pipeline.stages.ex;
      const a = ex.input(RS1_VALUE);
      const b = ex.input(RS2_VALUE);
      const op = ex.input(BRANCH_OP);
      const jump = ex.input(JUMP);
      const pc = ex.input(PC);
      const imm = ex.input(IMM);
      const lt = a.asSInt().lt(b.asSInt());
      const ltu = a.lt(b);
      const eq = a.eq(b);
      const eqImm = a.eq(ex.input(IMM2));
      const taken = m.named(
        'branch_taken',
        op.eq(BR.beq!).and(eq).or(op.eq(BR.bne!).and(eq.not())).or(op.eq(BR.blt!).and(lt)).or(op.eq(BR.bge!).and(lt.not()))
          .or(op.eq(BR.bltu!).and(ltu)).or(op.eq(BR.bgeu!).and(ltu.not()))
          .or(op.eq(BR['p.beqimm']!).and(eqImm)).or(op.eq(BR['p.bneimm']!).and(eqImm.not())),
      );
      const jalrTarget = a.add(imm).and(lit(0xfffffffe, 32));
      const target = m.named('branch_target', mux(jump.eq(JUMP_T.values.jalr), jalrTarget, pc.add(imm)));
      redirect.request(taken.or(jump.ne(0)), target, BRANCH_PRIORITY);
      exResult.add(jump.ne(0), pc.add(mux(ex.input(IS32), lit(4, 32), lit(2, 32))));
    },
  };
}

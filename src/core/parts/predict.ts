import { lit, orAll, type Expr } from '../../hdl/index.ts';
import { instructionById } from '../../isa/index.ts';
import { operandExtended } from '../decode/operands.ts';
import { INSTR, PC } from '../pipeline/keys.ts';
import type { Part } from '../pipeline/part.ts';

/**
 * Static prediction in IF, on the (expanded) instruction: jal always jumps, conditional branches jump when
 * their offset is negative (backward: loops). Encodings and offset layouts come from the ISA table. A wrong
 * guess is repaired in EX like any redirect; a right one costs no bubble.
 */
export function staticPredictPart(): Part {
  return {
    name: 'static-predict',
    build({ pipeline, predict, isa }) {
      const f = pipeline.stages.if;
      const instr = f.input(INSTR);
      const pc = f.input(PC);
      const hits = (ids: string[]) =>
        ids.filter((id) => isa.has(id)).map((id) => {
          const d = instructionById(id)!;
          return instr.and(lit(d.mask, 32)).eq(lit(d.match, 32));
        });
      const jal = instructionById('jal')!;
      const jalTarget = operandExtended(jal.operands.find((o) => o.name === 'target')!, instr, 32);
      const branchIds = [...isa].filter((id) => {
        const d = instructionById(id)!;
        return d.size === 4 && (d.sem === 'branch' || d.sem === 'branch.imm');
      });
      // Every conditional branch of the table shares the B-type offset layout: check, then use one extractor.
      const layouts = new Set(branchIds.map((id) => JSON.stringify(instructionById(id)!.operands.find((o) => o.name === 'target')!.pieces)));
      if (layouts.size > 1) throw new Error('static-predict: conditional branches with different offset layouts');
      const bTarget = branchIds.length
        ? operandExtended(instructionById(branchIds[0]!)!.operands.find((o) => o.name === 'target')!, instr, 32)
        : lit(0, 32);
      const isJal: Expr = orAll([lit(0, 1), ...hits(['jal'])]);
      const isBackward: Expr = orAll([lit(0, 1), ...hits(branchIds)]).and(bTarget.bit(31));
      predict.request(isJal, pc.add(jalTarget));
      predict.request(isBackward, pc.add(bTarget));
    },
  };
}

import { UInt } from '../../hdl/index.ts';
import { RS1_VALUE, RS2_VALUE } from '../pipeline/keys.ts';
import type { Part } from '../pipeline/part.ts';
import { stageable } from '../pipeline/stageable.ts';
import { divider, DIV_OP_T, DivOp } from '../units/divider.ts';
import { multiplier, MUL_OP_T, MulOp } from '../units/multiplier.ts';

export const MUL_OP = stageable('mul_op', MUL_OP_T);
export const DIV_OP = stageable('div_op', DIV_OP_T);

/** RV32M multiplications on the single-cycle multiplier in EX. */
export function mulPart(): Part {
  return {
    name: 'mul',
    setup({ decode }) {
      for (const [id, op] of Object.entries(MulOp)) decode.add(id, [[MUL_OP, op]]);
    },
    build({ m, pipeline, exResult }) {
      const ex = pipeline.stages.ex;
      const u = m.instance(multiplier, {}, 'multiplier');
      u.op.set(ex.input(MUL_OP));
      u.a.set(ex.input(RS1_VALUE));
      u.b.set(ex.input(RS2_VALUE));
      exResult.add(ex.input(MUL_OP).ne(0), u.result);
    },
  };
}

/** RV32M divisions and remainders on the multi-cycle divider; EX waits for it. */
export function divPart(): Part {
  return {
    name: 'div',
    setup({ decode }) {
      for (const [id, op] of Object.entries(DivOp)) decode.add(id, [[DIV_OP, op]]);
    },
    build({ m, pipeline, exResult }) {
      const ex = pipeline.stages.ex;
      const u = m.instance(divider, {}, 'divider');
      const isDiv = m.named('ex_is_div', ex.valid.and(ex.input(DIV_OP).ne(0)));
      u.start.set(isDiv);
      u.ack.set(ex.fire);
      u.op.set(ex.input(DIV_OP));
      u.a.set(ex.input(RS1_VALUE));
      u.b.set(ex.input(RS2_VALUE));
      ex.haltWhen(isDiv.and(u.done.not()));
      exResult.add(ex.input(DIV_OP).ne(0), u.result);
    },
  };
}

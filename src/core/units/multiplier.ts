import { cat, Enum, lit, module, mux, UInt } from '../../hdl/index.ts';

/** Multiplier operations; 0 = none. */
export const MUL_OP_T = Enum('mul_op', { mul: 1, mulh: 2, mulhsu: 3, mulhu: 4 }, { width: 3, prefix: 'MUL' });
export const MulOp = MUL_OP_T.values;
export const MUL_OP_WIDTH = MUL_OP_T.width;

/**
 * Single-cycle 33x33 signed multiplier: each operand is extended by one bit (sign or zero, per operation),
 * so one signed product serves mul, mulh, mulhsu and mulhu.
 */
export const multiplier = module('multiplier', (m) => {
  const op = m.input('op', MUL_OP_T);
  const a = m.input('a', UInt(32));
  const b = m.input('b', UInt(32));
  const result = m.output('result', UInt(32));
  const aSigned = op.eq(MulOp.mulh).or(op.eq(MulOp.mulhsu));
  const bSigned = op.eq(MulOp.mulh);
  const ax = cat(mux(aSigned, a.bit(31), lit(0, 1)), a).asSInt();
  const bx = cat(mux(bSigned, b.bit(31), lit(0, 1)), b).asSInt();
  const product = m.named('product', ax.mulFull(bx).asUInt());
  result.set(mux(op.eq(MulOp.mul), product.bits(31, 0), product.bits(63, 32)));
  return { op, a, b, result };
});

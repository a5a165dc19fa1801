import { Enum, module, UInt } from '../../hdl/index.ts';

/** ALU operations; 0 means "not an ALU instruction" so the decode default selects nothing. */
export const ALU_OP_T = Enum('alu_op', { add: 1, sub: 2, sll: 3, slt: 4, sltu: 5, xor: 6, srl: 7, sra: 8, or: 9, and: 10 }, { width: 4, prefix: 'ALU' });
export const AluOp = ALU_OP_T.values;
export const ALU_OP_WIDTH = ALU_OP_T.width;

/** The single-cycle integer ALU (RV32I arithmetic, logic, shifts, set-less-than). */
export const alu = module('alu', (m) => {
  const op = m.input('op', ALU_OP_T);
  const a = m.input('a', UInt(32));
  const b = m.input('b', UInt(32));
  const result = m.output('result', UInt(32));
  const shamt = m.named('shamt', b.bits(4, 0));
  const sa = a.asSInt();
  const value = m.wire('value', UInt(32));
  m.switch(op)
    .is(AluOp.add, () => value.set(a.add(b)))
    .is(AluOp.sub, () => value.set(a.sub(b)))
    .is(AluOp.sll, () => value.set(a.shl(shamt)))
    .is(AluOp.slt, () => value.set(sa.lt(b.asSInt()).zext(32)))
    .is(AluOp.sltu, () => value.set(a.lt(b).zext(32)))
    .is(AluOp.xor, () => value.set(a.xor(b)))
    .is(AluOp.srl, () => value.set(a.shr(shamt)))
    .is(AluOp.sra, () => value.set(sa.shr(shamt).asUInt()))
    .is(AluOp.or, () => value.set(a.or(b)))
    .is(AluOp.and, () => value.set(a.and(b)))
    .default(() => value.set(0));
  result.set(value);
  return { op, a, b, result };
});

import { Enum, lit, mux } from '../../hdl/index.ts';
import { IMM, PC, RS1_VALUE, RS2_VALUE } from '../pipeline/keys.ts';
import type { Part } from '../pipeline/part.ts';
import { stageable } from '../pipeline/stageable.ts';
import { alu, ALU_OP_T, AluOp } from '../units/alu.ts';

export const ALU_OP = stageable('alu_op', ALU_OP_T);
/** ALU operand a: 0 rs1, 1 pc, 2 zero. */
const SRC1_T = Enum('alu_src_a', { rs1: 0, pc: 1, zero: 2 }, { width: 2, prefix: 'SRC_A' });
export const ALU_SRC1 = stageable('alu_src1', SRC1_T);
/** ALU operand b: 0 rs2, 1 immediate, 2 upper immediate (imm << 12). */
const SRC2_T = Enum('alu_src_b', { rs2: 0, imm: 1, upper: 2 }, { width: 2, prefix: 'SRC_B' });
export const ALU_SRC2 = stageable('alu_src2', SRC2_T);
const SRC1 = SRC1_T.values;
const SRC2 = SRC2_T.values;

const REG_OPS: Record<string, number> = {
  add: AluOp.add, sub: AluOp.sub, sll: AluOp.sll, slt: AluOp.slt, sltu: AluOp.sltu,
  xor: AluOp.xor, srl: AluOp.srl, sra: AluOp.sra, or: AluOp.or, and: AluOp.and,
};
const IMM_OPS: Record<string, number> = {
  addi: AluOp.add, slti: AluOp.slt, sltiu: AluOp.sltu, xori: AluOp.xor, ori: AluOp.or, andi: AluOp.and,
  slli: AluOp.sll, srli: AluOp.srl, srai: AluOp.sra,
};

/** RV32I integer computation (register and immediate forms, lui, auipc) on the ALU in EX. */
export function intAluPart(): Part {
  return {
    name: 'int-alu',
    setup({ decode }) {
      for (const [id, op] of Object.entries(REG_OPS)) decode.add(id, [[ALU_OP, op], [ALU_SRC1, SRC1.rs1], [ALU_SRC2, SRC2.rs2]]);
      for (const [id, op] of Object.entries(IMM_OPS)) decode.add(id, [[ALU_OP, op], [ALU_SRC1, SRC1.rs1], [ALU_SRC2, SRC2.imm]]);
      decode.add('lui', [[ALU_OP, AluOp.add], [ALU_SRC1, SRC1.zero], [ALU_SRC2, SRC2.upper]]);
      decode.add('auipc', [[ALU_OP, AluOp.add], [ALU_SRC1, SRC1.pc], [ALU_SRC2, SRC2.upper]]);
    },
    build({ m, pipeline, exResult }) {
      const ex = pipeline.stages.ex;
      const u = m.instance(alu, {}, 'alu');
      const src1 = ex.input(ALU_SRC1);
      const src2 = ex.input(ALU_SRC2);
      const imm = ex.input(IMM);
      u.op.set(ex.input(ALU_OP));
      u.a.set(mux(src1.eq(SRC1.rs1), ex.input(RS1_VALUE), mux(src1.eq(SRC1.pc), ex.input(PC), lit(0, 32))));
      u.b.set(mux(src2.eq(SRC2.rs2), ex.input(RS2_VALUE), mux(src2.eq(SRC2.imm), imm, imm.shl(12))));
      exResult.add(ex.input(ALU_OP).ne(0), u.result);
    },
  };
}

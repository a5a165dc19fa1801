import { operand, p } from './fields.ts';
import type { FieldConstraint, InstrDef, OperandDef } from './types.ts';
import { RV32I } from './rv32.ts';

/**
 * RV32C without the floating-point forms. Each compressed instruction names its 32-bit expansion; `sem`,
 * `reads` and `writesRd` are those of the expansion (the roles refer to the expanded instruction).
 * RV32 rule: shift amounts with bit 12 set are reserved, so bit 12 is part of the mask of c.slli/srli/srai.
 */

const cx = (name: string, hi: number, lo: number) => operand(name, 'xreg', [p(hi, lo)]);
const cr = (name: string, hi: number, lo: number) => operand(name, 'creg', [p(hi, lo)]);

const CJ_TARGET = () =>
  operand('target', 'pcrel', [p(12, 12, 11), p(11, 11, 4), p(10, 9, 8), p(8, 8, 10), p(7, 7, 6), p(6, 6, 7), p(5, 3, 1), p(2, 2, 5)], true);
const CB_TARGET = () => operand('target', 'pcrel', [p(12, 12, 8), p(11, 10, 3), p(6, 5, 6), p(4, 3, 1), p(2, 2, 5)], true);
const CI_IMM = () => operand('imm', 'simm', [p(12, 12, 5), p(6, 2, 0)], true);
const C_SHAMT = () => operand('shamt', 'uimm', [p(6, 2)], false, 'hex');
const LW_IMM = () => operand('imm', 'uimm', [p(12, 10, 3), p(6, 6, 2), p(5, 5, 6)]);

const reserved = (op: string, not = 0): FieldConstraint => ({ operand: op, not, why: 'reserved' });
const hint = (op: string, not = 0): FieldConstraint => ({ operand: op, not, why: 'hint' });

const byId = new Map(RV32I.map((d) => [d.id, d]));

function c(
  id: string,
  match: number,
  mask: number,
  operands: OperandDef[],
  syntax: string,
  expandId: string,
  expandOps: Record<string, string | number>,
  constraints: FieldConstraint[] = [],
): InstrDef {
  const target = byId.get(expandId);
  if (!target) throw new Error(`rv32c: expansion ${expandId} of ${id} is not an RV32I instruction`);
  const def: InstrDef = {
    id,
    mnemonic: id,
    ext: 'rv32c',
    size: 2,
    match,
    mask,
    operands,
    syntax,
    sem: target.sem,
    reads: target.reads,
    writesRd: target.writesRd,
    writesRs1: false,
    expand: { id: expandId, operands: expandOps },
  };
  if (constraints.length) def.constraints = constraints;
  return def;
}

export const RV32C: InstrDef[] = [
  // Quadrant 0
  c('c.addi4spn', 0x0000, 0xe003,
    [cr('rd', 4, 2), operand('uimm', 'uimm', [p(12, 11, 4), p(10, 7, 6), p(6, 6, 2), p(5, 5, 3)])],
    'rd, sp, uimm', 'addi', { rd: 'rd', rs1: 2, imm: 'uimm' }, [reserved('uimm')]),
  c('c.lw', 0x4000, 0xe003, [cr('rd', 4, 2), cr('rs1', 9, 7), LW_IMM()], 'rd, imm(rs1)', 'lw', { rd: 'rd', rs1: 'rs1', imm: 'imm' }),
  c('c.sw', 0xc000, 0xe003, [cr('rs2', 4, 2), cr('rs1', 9, 7), LW_IMM()], 'rs2, imm(rs1)', 'sw', { rs2: 'rs2', rs1: 'rs1', imm: 'imm' }),
  // Quadrant 1
  c('c.nop', 0x0001, 0xffff, [], '', 'addi', { rd: 0, rs1: 0, imm: 0 }),
  c('c.addi', 0x0001, 0xe003, [cx('rd', 11, 7), CI_IMM()], 'rd, imm', 'addi', { rd: 'rd', rs1: 'rd', imm: 'imm' },
    [hint('rd'), hint('imm')]),
  c('c.jal', 0x2001, 0xe003, [CJ_TARGET()], 'target', 'jal', { rd: 1, target: 'target' }),
  c('c.li', 0x4001, 0xe003, [cx('rd', 11, 7), CI_IMM()], 'rd, imm', 'addi', { rd: 'rd', rs1: 0, imm: 'imm' }, [hint('rd')]),
  c('c.addi16sp', 0x6101, 0xef83,
    [operand('imm', 'simm', [p(12, 12, 9), p(6, 6, 4), p(5, 5, 6), p(4, 3, 7), p(2, 2, 5)], true)],
    'sp, imm', 'addi', { rd: 2, rs1: 2, imm: 'imm' }, [reserved('imm')]),
  // imm is bits 17..12 of the loaded value; lui's 20-bit field gets it sign-extended (modulo 2^20).
  c('c.lui', 0x6001, 0xe003, [cx('rd', 11, 7), CI_IMM()], 'rd, imm', 'lui', { rd: 'rd', imm: 'imm' },
    [reserved('rd', 2), reserved('imm'), hint('rd')]),
  c('c.srli', 0x8001, 0xfc03, [cr('rd', 9, 7), C_SHAMT()], 'rd, shamt', 'srli', { rd: 'rd', rs1: 'rd', shamt: 'shamt' }, [hint('shamt')]),
  c('c.srai', 0x8401, 0xfc03, [cr('rd', 9, 7), C_SHAMT()], 'rd, shamt', 'srai', { rd: 'rd', rs1: 'rd', shamt: 'shamt' }, [hint('shamt')]),
  c('c.andi', 0x8801, 0xec03, [cr('rd', 9, 7), CI_IMM()], 'rd, imm', 'andi', { rd: 'rd', rs1: 'rd', imm: 'imm' }),
  c('c.sub', 0x8c01, 0xfc63, [cr('rd', 9, 7), cr('rs2', 4, 2)], 'rd, rs2', 'sub', { rd: 'rd', rs1: 'rd', rs2: 'rs2' }),
  c('c.xor', 0x8c21, 0xfc63, [cr('rd', 9, 7), cr('rs2', 4, 2)], 'rd, rs2', 'xor', { rd: 'rd', rs1: 'rd', rs2: 'rs2' }),
  c('c.or', 0x8c41, 0xfc63, [cr('rd', 9, 7), cr('rs2', 4, 2)], 'rd, rs2', 'or', { rd: 'rd', rs1: 'rd', rs2: 'rs2' }),
  c('c.and', 0x8c61, 0xfc63, [cr('rd', 9, 7), cr('rs2', 4, 2)], 'rd, rs2', 'and', { rd: 'rd', rs1: 'rd', rs2: 'rs2' }),
  c('c.j', 0xa001, 0xe003, [CJ_TARGET()], 'target', 'jal', { rd: 0, target: 'target' }),
  c('c.beqz', 0xc001, 0xe003, [cr('rs1', 9, 7), CB_TARGET()], 'rs1, target', 'beq', { rs1: 'rs1', rs2: 0, target: 'target' }),
  c('c.bnez', 0xe001, 0xe003, [cr('rs1', 9, 7), CB_TARGET()], 'rs1, target', 'bne', { rs1: 'rs1', rs2: 0, target: 'target' }),
  // Quadrant 2
  c('c.slli', 0x0002, 0xf003, [cx('rd', 11, 7), C_SHAMT()], 'rd, shamt', 'slli', { rd: 'rd', rs1: 'rd', shamt: 'shamt' },
    [hint('rd'), hint('shamt')]),
  c('c.lwsp', 0x4002, 0xe003, [cx('rd', 11, 7), operand('imm', 'uimm', [p(12, 12, 5), p(6, 4, 2), p(3, 2, 6)])],
    'rd, imm(sp)', 'lw', { rd: 'rd', rs1: 2, imm: 'imm' }, [reserved('rd')]),
  c('c.jr', 0x8002, 0xf07f, [cx('rs1', 11, 7)], 'rs1', 'jalr', { rd: 0, rs1: 'rs1', imm: 0 }, [reserved('rs1')]),
  c('c.mv', 0x8002, 0xf003, [cx('rd', 11, 7), cx('rs2', 6, 2)], 'rd, rs2', 'add', { rd: 'rd', rs1: 0, rs2: 'rs2' },
    [reserved('rs2'), hint('rd')]),
  c('c.ebreak', 0x9002, 0xffff, [], '', 'ebreak', {}),
  c('c.jalr', 0x9002, 0xf07f, [cx('rs1', 11, 7)], 'rs1', 'jalr', { rd: 1, rs1: 'rs1', imm: 0 }, [reserved('rs1')]),
  c('c.add', 0x9002, 0xf003, [cx('rd', 11, 7), cx('rs2', 6, 2)], 'rd, rs2', 'add', { rd: 'rd', rs1: 'rd', rs2: 'rs2' },
    [reserved('rs2'), hint('rd')]),
  c('c.swsp', 0xc002, 0xe003, [cx('rs2', 6, 2), operand('imm', 'uimm', [p(12, 9, 2), p(8, 7, 6)])],
    'rs2, imm(sp)', 'sw', { rs2: 'rs2', rs1: 2, imm: 'imm' }),
];

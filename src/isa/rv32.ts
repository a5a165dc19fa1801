import { operand, p, RD, RS1, RS2 } from './fields.ts';
import type { Extension, InstrDef, OperandDef, RegRead, SemClass } from './types.ts';

/** RV32I, M, Zicsr and Zifencei (+ mret, wfi), as ratified. */

export const IMM_I = () => operand('imm', 'simm', [p(31, 20)], true);
export const IMM_S = () => operand('imm', 'simm', [p(31, 25, 5), p(11, 7, 0)], true);
export const TARGET_B = () => operand('target', 'pcrel', [p(31, 31, 12), p(7, 7, 11), p(30, 25, 5), p(11, 8, 1)], true);
export const TARGET_J = () => operand('target', 'pcrel', [p(31, 31, 20), p(19, 12, 12), p(20, 20, 11), p(30, 21, 1)], true);
const IMM_U = () => operand('imm', 'uimm', [p(31, 12)], false, 'hex');
const SHAMT = () => operand('shamt', 'uimm', [p(24, 20)], false, 'hex');
const CSR = () => operand('csr', 'csr', [p(31, 20)]);
const ZIMM = () => operand('uimm', 'uimm', [p(19, 15)]);

interface Shape {
  operands: OperandDef[];
  syntax: string;
  reads: RegRead[];
  writesRd: boolean;
}

const R: Shape = { operands: [RD(), RS1(), RS2()], syntax: 'rd, rs1, rs2', reads: ['rs1', 'rs2'], writesRd: true };
const I: Shape = { operands: [RD(), RS1(), IMM_I()], syntax: 'rd, rs1, imm', reads: ['rs1'], writesRd: true };
const SH: Shape = { operands: [RD(), RS1(), SHAMT()], syntax: 'rd, rs1, shamt', reads: ['rs1'], writesRd: true };
const LD: Shape = { operands: [RD(), RS1(), IMM_I()], syntax: 'rd, imm(rs1)', reads: ['rs1'], writesRd: true };
const ST: Shape = { operands: [RS2(), RS1(), IMM_S()], syntax: 'rs2, imm(rs1)', reads: ['rs1', 'rs2'], writesRd: false };
const B: Shape = { operands: [RS1(), RS2(), TARGET_B()], syntax: 'rs1, rs2, target', reads: ['rs1', 'rs2'], writesRd: false };
const U: Shape = { operands: [RD(), IMM_U()], syntax: 'rd, imm', reads: [], writesRd: true };
const NONE: Shape = { operands: [], syntax: '', reads: [], writesRd: false };

function mk(id: string, ext: Extension, match: number, mask: number, shape: Shape, sem: SemClass): InstrDef {
  return {
    id,
    mnemonic: id,
    ext,
    size: 4,
    match: match >>> 0,
    mask: mask >>> 0,
    operands: shape.operands,
    syntax: shape.syntax,
    sem,
    reads: shape.reads,
    writesRd: shape.writesRd,
    writesRs1: false,
  };
}

const OP = 0x33, OPIMM = 0x13, LOAD = 0x03, STORE = 0x23, BRANCH = 0x63;
/** The SYSTEM major opcode (CSR instructions, ecall, ebreak, mret, wfi). */
export const SYSTEM = 0x73;
const f3 = (f: number) => f << 12;
const f7 = (f: number) => f << 25;
const MASK_R = 0xfe00707f, MASK_I = 0x0000707f;

export const RV32I: InstrDef[] = [
  mk('lui', 'rv32i', 0x37, 0x7f, U, 'lui'),
  mk('auipc', 'rv32i', 0x17, 0x7f, U, 'auipc'),
  mk('jal', 'rv32i', 0x6f, 0x7f, { operands: [RD(), TARGET_J()], syntax: 'rd, target', reads: [], writesRd: true }, 'jal'),
  mk('jalr', 'rv32i', 0x67, MASK_I, { ...LD }, 'jalr'),
  mk('beq', 'rv32i', BRANCH | f3(0), MASK_I, B, 'branch'),
  mk('bne', 'rv32i', BRANCH | f3(1), MASK_I, B, 'branch'),
  mk('blt', 'rv32i', BRANCH | f3(4), MASK_I, B, 'branch'),
  mk('bge', 'rv32i', BRANCH | f3(5), MASK_I, B, 'branch'),
  mk('bltu', 'rv32i', BRANCH | f3(6), MASK_I, B, 'branch'),
  mk('bgeu', 'rv32i', BRANCH | f3(7), MASK_I, B, 'branch'),
  mk('lb', 'rv32i', LOAD | f3(0), MASK_I, LD, 'load'),
  mk('lh', 'rv32i', LOAD | f3(1), MASK_I, LD, 'load'),
  mk('lw', 'rv32i', LOAD | f3(2), MASK_I, LD, 'load'),
  mk('lbu', 'rv32i', LOAD | f3(4), MASK_I, LD, 'load'),
  mk('lhu', 'rv32i', LOAD | f3(5), MASK_I, LD, 'load'),
  mk('sb', 'rv32i', STORE | f3(0), MASK_I, ST, 'store'),
  mk('sh', 'rv32i', STORE | f3(1), MASK_I, ST, 'store'),
  mk('sw', 'rv32i', STORE | f3(2), MASK_I, ST, 'store'),
  mk('addi', 'rv32i', OPIMM | f3(0), MASK_I, I, 'alu.imm'),
  mk('slti', 'rv32i', OPIMM | f3(2), MASK_I, I, 'alu.imm'),
  mk('sltiu', 'rv32i', OPIMM | f3(3), MASK_I, I, 'alu.imm'),
  mk('xori', 'rv32i', OPIMM | f3(4), MASK_I, I, 'alu.imm'),
  mk('ori', 'rv32i', OPIMM | f3(6), MASK_I, I, 'alu.imm'),
  mk('andi', 'rv32i', OPIMM | f3(7), MASK_I, I, 'alu.imm'),
  mk('slli', 'rv32i', OPIMM | f3(1), MASK_R, SH, 'alu.imm'),
  mk('srli', 'rv32i', OPIMM | f3(5), MASK_R, SH, 'alu.imm'),
  mk('srai', 'rv32i', OPIMM | f3(5) | f7(0x20), MASK_R, SH, 'alu.imm'),
  mk('add', 'rv32i', OP | f3(0), MASK_R, R, 'alu'),
  mk('sub', 'rv32i', OP | f3(0) | f7(0x20), MASK_R, R, 'alu'),
  mk('sll', 'rv32i', OP | f3(1), MASK_R, R, 'alu'),
  mk('slt', 'rv32i', OP | f3(2), MASK_R, R, 'alu'),
  mk('sltu', 'rv32i', OP | f3(3), MASK_R, R, 'alu'),
  mk('xor', 'rv32i', OP | f3(4), MASK_R, R, 'alu'),
  mk('srl', 'rv32i', OP | f3(5), MASK_R, R, 'alu'),
  mk('sra', 'rv32i', OP | f3(5) | f7(0x20), MASK_R, R, 'alu'),
  mk('or', 'rv32i', OP | f3(6), MASK_R, R, 'alu'),
  mk('and', 'rv32i', OP | f3(7), MASK_R, R, 'alu'),
  // fm, rs1 and rd of fence are reserved and ignored by decoders (binutils masks them out too).
  mk(
    'fence',
    'rv32i',
    0x0f,
    MASK_I,
    {
      operands: [operand('pred', 'uimm', [p(27, 24)], false, 'iorw'), operand('succ', 'uimm', [p(23, 20)], false, 'iorw')],
      syntax: 'pred, succ',
      reads: [],
      writesRd: false,
    },
    'fence',
  ),
  mk('ecall', 'rv32i', 0x00000073, 0xffffffff, NONE, 'system'),
  mk('ebreak', 'rv32i', 0x00100073, 0xffffffff, NONE, 'system'),
  // Privileged instructions of the machine-mode-only model (spec §2).
  mk('mret', 'rv32i', 0x30200073, 0xffffffff, NONE, 'system'),
  mk('wfi', 'rv32i', 0x10500073, 0xffffffff, NONE, 'system'),
];

export const ZIFENCEI: InstrDef[] = [mk('fence.i', 'zifencei', 0x100f, MASK_I, NONE, 'fence.i')];

const CSR_R: Shape = { operands: [RD(), CSR(), RS1()], syntax: 'rd, csr, rs1', reads: ['rs1'], writesRd: true };
const CSR_I: Shape = { operands: [RD(), CSR(), ZIMM()], syntax: 'rd, csr, uimm', reads: [], writesRd: true };

export const ZICSR: InstrDef[] = [
  mk('csrrw', 'zicsr', SYSTEM | f3(1), MASK_I, CSR_R, 'csr'),
  mk('csrrs', 'zicsr', SYSTEM | f3(2), MASK_I, CSR_R, 'csr'),
  mk('csrrc', 'zicsr', SYSTEM | f3(3), MASK_I, CSR_R, 'csr'),
  mk('csrrwi', 'zicsr', SYSTEM | f3(5), MASK_I, CSR_I, 'csr.imm'),
  mk('csrrsi', 'zicsr', SYSTEM | f3(6), MASK_I, CSR_I, 'csr.imm'),
  mk('csrrci', 'zicsr', SYSTEM | f3(7), MASK_I, CSR_I, 'csr.imm'),
];

const M = (id: string, funct3: number, sem: SemClass) => mk(id, 'rv32m', OP | f3(funct3) | f7(1), MASK_R, R, sem);

export const RV32M: InstrDef[] = [
  M('mul', 0, 'mul'),
  M('mulh', 1, 'mul'),
  M('mulhsu', 2, 'mul'),
  M('mulhu', 3, 'mul'),
  M('div', 4, 'div'),
  M('divu', 5, 'div'),
  M('rem', 6, 'div'),
  M('remu', 7, 'div'),
];

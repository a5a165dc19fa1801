import { operand, p, RD, RS1, RS2 } from './fields.ts';
import { IMM_S } from './rv32.ts';
import type { OperandDef, RegRead } from './types.ts';

/**
 * Operand layouts of the PULP formats (xpulp-formats.tsv, from GVSoC's isa_pulpv2.py). Where one field is
 * both destination and source (RRRR, RRRR2, RRRU...), the operand is `rd` and `reads` lists 'rd'. The
 * [11:7] field read as a pure source (register-offset stores) is `rs3`.
 */
export interface FormatShape {
  operands: OperandDef[];
  syntax: string;
  reads: RegRead[];
  writesRd: boolean;
  writesRs1: boolean;
}

/** The 6-bit SIMD immediate: bit 25 is value bit 0, bits 24:20 are value bits 5:1 (GVSoC layout). */
const IMM6 = (signed: boolean) => operand(signed ? 'imm' : 'uimm', signed ? 'simm' : 'uimm', [p(25, 25, 0), p(24, 20, 1)], signed);
const U5_29 = (name = 'uimm') => operand(name, 'uimm', [p(29, 25)]);
const U5_24 = (name = 'uimm') => operand(name, 'uimm', [p(24, 20)]);
const RS3 = () => operand('rs3', 'xreg', [p(11, 7)]);
const LOOP = () => operand('L', 'uimm', [p(7, 7)]);
/** Hardware-loop targets are unsigned half-word offsets (GVSoC: lpend = pc + (uimm << 1)). */
const LOOP_TARGET12 = () => operand('target', 'pcrel', [p(31, 20, 1)]);
const LOOP_TARGET5 = () => operand('target', 'pcrel', [p(19, 15, 1)]);

const shape = (
  operands: OperandDef[],
  syntax: string,
  reads: RegRead[],
  writesRd = true,
  writesRs1 = false,
): FormatShape => ({ operands, syntax, reads, writesRd, writesRs1 });

export const FORMATS: Record<string, () => FormatShape> = {
  R: () => shape([RD(), RS1(), RS2()], 'rd, rs1, rs2', ['rs1', 'rs2']),
  R1: () => shape([RD(), RS1()], 'rd, rs1', ['rs1']),
  L: () => shape([RD(), RS1(), operand('imm', 'simm', [p(31, 20)], true)], 'rd, imm(rs1)', ['rs1']),
  RRS: () => shape([RD(), RS1(), IMM6(true)], 'rd, rs1, imm', ['rs1']),
  RRU: () => shape([RD(), RS1(), IMM6(false)], 'rd, rs1, uimm', ['rs1']),
  RRU2: () => shape([RD(), RS1(), IMM6(false)], 'rd, rs1, uimm', ['rs1']),
  RRRR: () => shape([RD(), RS1(), RS2()], 'rd, rs1, rs2', ['rd', 'rs1', 'rs2']),
  RRRR2: () => shape([RD(), RS1(), RS2()], 'rd, rs1, rs2', ['rd', 'rs1', 'rs2']),
  RRRS: () => shape([RD(), RS1(), IMM6(true)], 'rd, rs1, imm', ['rd', 'rs1']),
  RRRU: () => shape([RD(), RS1(), IMM6(false)], 'rd, rs1, uimm', ['rd', 'rs1']),
  RRRU2: () => shape([RD(), RS1(), RS2(), U5_29()], 'rd, rs1, rs2, uimm', ['rs1', 'rs2']),
  RRRRU: () => shape([RD(), RS1(), RS2(), U5_29()], 'rd, rs1, rs2, uimm', ['rd', 'rs1', 'rs2']),
  // Mac&Load: rs1 is the load address, written back (+4) only when imm5 asks for a load.
  RRRU3: () => shape([RD(), RS1(), U5_24()], 'rd, rs1, uimm', ['rd', 'rs1'], true, true),
  I1U: () => shape([RD(), RS1(), U5_24()], 'rd, rs1, uimm', ['rs1']),
  I4U: () => shape([RD(), RS1(), U5_29(), U5_24('uimm2')], 'rd, rs1, uimm, uimm2', ['rs1']),
  I5U: () => shape([RD(), RS1(), U5_29(), U5_24('uimm2')], 'rd, rs1, uimm, uimm2', ['rd', 'rs1']),
  I5U2: () => shape([RD(), RS1(), RS2()], 'rd, rs1, rs2', ['rd', 'rs1', 'rs2']),
  LPOST: () => shape([RD(), RS1(), operand('imm', 'simm', [p(31, 20)], true)], 'rd, imm(rs1!)', ['rs1'], true, true),
  LR: () => shape([RD(), RS1(), RS2()], 'rd, rs2(rs1)', ['rs1', 'rs2']),
  LRPOST: () => shape([RD(), RS1(), RS2()], 'rd, rs2(rs1!)', ['rs1', 'rs2'], true, true),
  LRR: () => shape([RD(), RS1(), RS2()], 'rd, rs1, (rs2)', ['rs1', 'rs2']),
  SPOST: () => shape([RS2(), RS1(), IMM_S()], 'rs2, imm(rs1!)', ['rs1', 'rs2'], false, true),
  SR: () => shape([RS2(), RS1(), RS3()], 'rs2, rs3(rs1)', ['rs1', 'rs2', 'rs3'], false),
  SRPOST: () => shape([RS2(), RS1(), RS3()], 'rs2, rs3(rs1!)', ['rs1', 'rs2', 'rs3'], false, true),
  SB2: () =>
    shape(
      [RS1(), operand('imm', 'simm', [p(24, 20)], true), operand('target', 'pcrel', [p(31, 31, 12), p(7, 7, 11), p(30, 25, 5), p(11, 8, 1)], true)],
      'rs1, imm, target',
      ['rs1'],
      false,
    ),
  HL1: () => shape([LOOP(), operand('uimm', 'uimm', [p(31, 20)]), LOOP_TARGET5()], 'L, uimm, target', [], false),
};

/** HL0 is shared by five hardware-loop instructions that use different parts of it. */
export const HL0_BY_MNEMONIC: Record<string, () => FormatShape> = {
  'lp.starti': () => shape([LOOP(), LOOP_TARGET12()], 'L, target', [], false),
  'lp.endi': () => shape([LOOP(), LOOP_TARGET12()], 'L, target', [], false),
  'lp.count': () => shape([LOOP(), RS1()], 'L, rs1', ['rs1'], false),
  'lp.counti': () => shape([LOOP(), operand('uimm', 'uimm', [p(31, 20)])], 'L, uimm', [], false),
  'lp.setup': () => shape([LOOP(), RS1(), LOOP_TARGET12()], 'L, rs1, target', ['rs1'], false),
};

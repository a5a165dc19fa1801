import { operand, p, RD, RS1, RS2 } from '../isa/fields.ts';
import { IMM_I, IMM_S, TARGET_B, TARGET_J } from '../isa/rv32.ts';
import type { InstrDef, OperandDef } from '../isa/types.ts';
import { matchTemplate, OperandError, type OpVal } from './operands.ts';
import { splitOperands } from './source.ts';

/**
 * GNU as's `.insn` directive (what sw/include/flexv.h emits, so `gcc -S` output of C using it assembles):
 * `.insn r OPC, F3, F7, rd, rs1, rs2`, `.insn i OPC, F3, rd, rs1, imm` (or `rd, imm(rs1)`),
 * `.insn s OPC, F3, rs2, imm(rs1)`, `.insn b OPC, F3, rs1, rs2, target`, `.insn u OPC, rd, imm`,
 * `.insn j OPC, rd, target`, and a raw 32-bit `.insn VALUE` / `.insn 4, VALUE`. The fixed fields must be
 * constants; the result goes through the normal encoder as a one-off instruction definition.
 */

interface Format {
  /** Constant fields in order: [word bit position, width]. */
  fixed: Array<[number, number]>;
  operands: OperandDef[];
  syntax: string[];
}

const FORMATS: Record<string, Format[]> = {
  r: [{ fixed: [[0, 7], [12, 3], [25, 7]], operands: [RD(), RS1(), RS2()], syntax: ['rd', 'rs1', 'rs2'] }],
  i: [
    { fixed: [[0, 7], [12, 3]], operands: [RD(), RS1(), IMM_I()], syntax: ['rd', 'rs1', 'imm'] },
    { fixed: [[0, 7], [12, 3]], operands: [RD(), RS1(), IMM_I()], syntax: ['rd', 'imm(rs1)'] },
  ],
  s: [{ fixed: [[0, 7], [12, 3]], operands: [RS2(), RS1(), IMM_S()], syntax: ['rs2', 'imm(rs1)'] }],
  b: [{ fixed: [[0, 7], [12, 3]], operands: [RS1(), RS2(), TARGET_B()], syntax: ['rs1', 'rs2', 'target'] }],
  u: [{ fixed: [[0, 7]], operands: [RD(), operand('imm', 'uimm', [p(31, 12)])], syntax: ['rd', 'imm'] }],
  j: [{ fixed: [[0, 7]], operands: [RD(), TARGET_J()], syntax: ['rd', 'target'] }],
};
FORMATS.sb = FORMATS.b;
FORMATS.uj = FORMATS.j;

export interface InsnDirective {
  def: InstrDef;
  ops: Record<string, OpVal>;
}

/**
 * The instruction an `.insn` line describes, or a raw word (`word`) for `.insn VALUE`.
 * `constant` evaluates a fixed field (undefined when it is not a constant).
 */
export function parseInsnDirective(args: string, constant: (text: string) => number | undefined): InsnDirective | { word: string } {
  const m = args.match(/^([a-z0-9]+)\s+(.*)$/is);
  const kind = m?.[1].toLowerCase();
  if (!m || !kind || !FORMATS[kind]) {
    const parts = splitOperands(args);
    if (parts.length === 1) return { word: parts[0] };
    if (parts.length === 2 && constant(parts[0]) === 4) return { word: parts[1] };
    throw new OperandError(`.insn: unknown form '${args}' (r, i, s, b, u, j, or a 32-bit value)`);
  }
  const parts = splitOperands(m[2]);
  const errors: string[] = [];
  for (const f of FORMATS[kind]) {
    if (parts.length !== f.fixed.length + f.syntax.length) continue;
    let match = 0;
    for (const [i, [at, width]] of f.fixed.entries()) {
      const v = constant(parts[i]);
      if (v === undefined || v < 0 || v >= 2 ** width) throw new OperandError(`.insn ${kind}: field ${i + 1} must be a constant in [0, ${2 ** width - 1}], got '${parts[i]}'`);
      match = (match | (v * 2 ** at)) >>> 0;
    }
    const def: InstrDef = {
      id: '.insn', mnemonic: `.insn ${kind}`, ext: 'rv32i', size: 4, match, mask: 0, operands: f.operands,
      syntax: f.syntax.join(', '), sem: 'alu', reads: [], writesRd: false, writesRs1: false,
    };
    if ((match & 3) !== 3) throw new OperandError(`.insn ${kind}: opcode ${match & 0x7f} is not a 32-bit opcode (low bits must be 11)`);
    try {
      return { def, ops: matchTemplate(def, parts.slice(f.fixed.length).join(', ')) };
    } catch (e) {
      if (!(e instanceof OperandError)) throw e;
      errors.push(e.message);
    }
  }
  throw new OperandError(errors[0] ?? `.insn ${kind}: wrong number of operands`);
}

import { cat, lit, type Expr } from '../../hdl/index.ts';
import { operandMask, operandWidth, type OperandDef } from '../../isa/index.ts';

/**
 * Operand fields in hardware, from the ISA table's bit pieces: the same data the assembler and the golden
 * model use, so no encoding is typed twice.
 */

/** The operand's raw value bits (operandWidth wide; a compressed register field becomes 5 bits, x8..x15). */
export function operandValue(op: OperandDef, word: Expr): Expr {
  const w = operandWidth(op);
  const pieces = [...op.pieces].sort((a, b) => b.at - a.at);
  const parts: Expr[] = [];
  let cursor = w;
  for (const pc of pieces) {
    const top = pc.at + pc.hi - pc.lo;
    if (top + 1 < cursor) parts.push(lit(0, cursor - top - 1));
    parts.push(word.bits(pc.hi, pc.lo));
    cursor = pc.at;
  }
  if (cursor > 0) parts.push(lit(0, cursor));
  const v = parts.length === 1 ? parts[0]! : cat(...parts);
  return op.kind === 'creg' ? cat(lit(1, 2), v) : v;
}

/** The operand's value extended to `width` bits (sign-extended when the operand is signed). */
export function operandExtended(op: OperandDef, word: Expr, width: number): Expr {
  const v = operandValue(op, word);
  if (v.width === width) return v;
  return op.signed ? v.sext(width) : v.zext(width);
}

/** `value` (at least the operand's width) placed into the operand's fields of a `width`-bit word, other bits 0. */
export function placeOperand(op: OperandDef, value: Expr, width: number): Expr {
  let out: Expr = lit(0, width);
  for (const pc of op.pieces) {
    const field = value.bits(pc.at + pc.hi - pc.lo, pc.at).zext(width).shl(pc.lo);
    out = out.or(field);
  }
  return out;
}

/** The word-bits pattern an operand field holds for `value` (for constraints: "rd is not 0"). */
export function fieldPattern(op: OperandDef, value: number): { mask: number; bits: number } {
  let v = op.kind === 'creg' ? value - 8 : value;
  if (v < 0) v += 2 ** operandWidth(op);
  let bits = 0;
  for (const pc of op.pieces) {
    const width = pc.hi - pc.lo + 1;
    bits += (Math.floor(v / 2 ** pc.at) % 2 ** width) * 2 ** pc.lo;
  }
  return { mask: operandMask(op), bits: bits >>> 0 };
}

/** Identifies an operand's layout, so that operands laid out alike share one immediate extractor. */
export function layoutKey(op: OperandDef): string {
  return JSON.stringify([op.kind === 'creg', op.signed, op.pieces.map((p) => [p.hi, p.lo, p.at])]);
}

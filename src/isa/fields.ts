import type { BitPiece, OperandDef, OperandKind } from './types.ts';

/**
 * Bit-layout helpers: how operand values go into and come out of instruction words. The one place where
 * field positions are turned into arithmetic.
 */

/** `p(hi, lo, at)`: word bits hi..lo carry value bits starting at `at`. */
export function p(hi: number, lo: number, at = 0): BitPiece {
  return { hi, lo, at };
}

export function operand(
  name: string,
  kind: OperandKind,
  pieces: BitPiece[],
  signed = false,
  print?: OperandDef['print'],
): OperandDef {
  return print ? { name, kind, pieces, signed, print } : { name, kind, pieces, signed };
}

/** Standard register fields. */
export const RD = (name = 'rd') => operand(name, 'xreg', [p(11, 7)]);
export const RS1 = (name = 'rs1') => operand(name, 'xreg', [p(19, 15)]);
export const RS2 = (name = 'rs2') => operand(name, 'xreg', [p(24, 20)]);

/** Number of value bits an operand holds (the top one is the sign when signed). */
export function operandWidth(op: OperandDef): number {
  let w = 0;
  for (const pc of op.pieces) w = Math.max(w, pc.at + pc.hi - pc.lo + 1);
  return w;
}

/** Bits of the word the operand occupies. */
export function operandMask(op: OperandDef): number {
  let m = 0;
  for (const pc of op.pieces) m |= ((2 ** (pc.hi - pc.lo + 1) - 1) << pc.lo) >>> 0;
  return m >>> 0;
}

/** The operand's value in `word`: register number, sign-extended immediate, byte offset or CSR address. */
export function extractOperand(op: OperandDef, word: number): number {
  let v = 0;
  for (const pc of op.pieces) {
    const width = pc.hi - pc.lo + 1;
    const bits = Math.floor((word >>> 0) / 2 ** pc.lo) % 2 ** width;
    v += bits * 2 ** pc.at;
  }
  const w = operandWidth(op);
  if (op.signed && v >= 2 ** (w - 1)) v -= 2 ** w;
  if (op.kind === 'creg') v += 8;
  return v;
}

/** The range of values an operand accepts, `[min, max]`, and the step (2 when bit 0 is implicit). */
export function operandRange(op: OperandDef): { min: number; max: number; align: number } {
  const w = operandWidth(op);
  let lowest = 0;
  while (lowest < w && !op.pieces.some((pc) => pc.at <= lowest && lowest <= pc.at + pc.hi - pc.lo)) lowest++;
  const align = 2 ** lowest;
  if (op.kind === 'creg') return { min: 8, max: 15, align: 1 };
  if (op.signed) return { min: -(2 ** (w - 1)), max: 2 ** (w - 1) - align, align };
  return { min: 0, max: 2 ** w - align, align };
}

/** Why `value` cannot go into the operand, or undefined when it can. */
export function operandValueError(op: OperandDef, value: number): string | undefined {
  if (!Number.isInteger(value)) return `${op.name} must be an integer, got ${value}`;
  const { min, max, align } = operandRange(op);
  if (op.kind === 'creg' && (value < 8 || value > 15)) {
    return `${op.name} must be one of x8..x15 (s0, s1, a0..a5) in a compressed instruction, got x${value}`;
  }
  if (value < min || value > max) return `${op.name} out of range: ${value} is not in [${min}, ${max}]`;
  if (value % align !== 0) return `${op.name} must be a multiple of ${align}, got ${value}`;
  return undefined;
}

/** `word` with the operand's field set to `value`; throws a RangeError naming the operand if it does not fit. */
export function insertOperand(op: OperandDef, word: number, value: number): number {
  const err = operandValueError(op, value);
  if (err) throw new RangeError(err);
  let v = op.kind === 'creg' ? value - 8 : value;
  if (v < 0) v += 2 ** operandWidth(op);
  let out = (word >>> 0) & ~operandMask(op);
  for (const pc of op.pieces) {
    const width = pc.hi - pc.lo + 1;
    const bits = Math.floor(v / 2 ** pc.at) % 2 ** width;
    out = (out | ((bits * 2 ** pc.lo) >>> 0)) >>> 0;
  }
  return out >>> 0;
}

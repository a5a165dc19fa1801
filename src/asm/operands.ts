import type { InstrDef, OperandDef } from '../isa/types.ts';
import { csrAddress } from './csr-names.ts';
import { ExprError, parseExpr, type Expr } from './expr.ts';
import { parseReg } from './regs.ts';
import { splitOperands } from './source.ts';

/** An operand as written: a register, or an expression evaluated after layout. */
export type OpVal = { reg: number } | { expr: Expr; text: string };

export class OperandError extends Error {}

const FENCE_BITS: Record<string, number> = { i: 8, o: 4, r: 2, w: 1 };

function parseIorw(text: string): Expr {
  const t = text.trim().toLowerCase();
  if (/^[iorw]+$/.test(t)) return { k: 'num', v: [...t].reduce((m, c) => m | FENCE_BITS[c], 0) };
  return parseExpr(t);
}

/** The value of one operand written as `text`, checked against the operand's kind. */
export function parseOperand(op: OperandDef, text: string): OpVal {
  const t = text.trim();
  if (!t) throw new OperandError(`missing ${op.name}`);
  const reg = parseReg(t);
  if (op.kind === 'xreg' || op.kind === 'creg') {
    if (reg === undefined) throw new OperandError(`${op.name} must be a register, got '${t}'`);
    return { reg };
  }
  // The PULP toolchain writes the hardware-loop number as x0 / x1.
  if (op.name === 'L' && (reg === 0 || reg === 1) && /^x[01]$/i.test(t)) return { expr: { k: 'num', v: reg }, text: t };
  if (reg !== undefined) throw new OperandError(`${op.name} must be a value, got register '${t}'`);
  if (op.kind === 'csr') {
    const a = csrAddress(t);
    if (a !== undefined) return { expr: { k: 'num', v: a }, text: t };
  }
  try {
    return { expr: op.print === 'iorw' ? parseIorw(t) : parseExpr(t), text: t };
  } catch (e) {
    if (e instanceof ExprError) throw new OperandError(e.message);
    throw e;
  }
}

/**
 * Matches the operand text against the instruction's syntax template (`rd, imm(rs1!)`...). Returns the
 * operands by name, or throws an OperandError saying what does not fit.
 */
export function matchTemplate(def: InstrDef, args: string): Record<string, OpVal> {
  const want = def.syntax ? def.syntax.split(',').map((s) => s.trim()) : [];
  const got = splitOperands(args);
  if (want.length !== got.length) {
    throw new OperandError(`${def.mnemonic} takes ${want.length} operand(s) (${def.syntax || 'none'}), got ${got.length}`);
  }
  const out: Record<string, OpVal> = {};
  const opByName = (n: string) => def.operands.find((o) => o.name === n);
  want.forEach((pattern, i) => {
    const text = got[i];
    const mem = pattern.match(/^(\w*)\((\w+)(!?)\)$/);
    if (!mem) {
      const op = opByName(pattern);
      if (!op) {
        // A literal register in the template (`sp` of c.addi4spn).
        if (parseReg(text) !== parseReg(pattern)) throw new OperandError(`operand ${i + 1} must be ${pattern}`);
        return;
      }
      out[op.name] = parseOperand(op, text);
      return;
    }
    const [, outer, inner, bang] = mem;
    const m = text.match(/^(.*)\(\s*([^()]*?)\s*(!?)\s*\)$/s);
    if (!m) throw new OperandError(`operand ${i + 1} must look like ${pattern}, got '${text}'`);
    if ((m[3] === '!') !== (bang === '!')) {
      throw new OperandError(bang ? `operand ${i + 1} needs post-increment: ${pattern}` : `operand ${i + 1} has no post-increment form: ${pattern}`);
    }
    const innerOp = opByName(inner);
    if (innerOp) out[inner] = parseOperand(innerOp, m[2]);
    else if (parseReg(m[2]) !== parseReg(inner)) throw new OperandError(`base register must be ${inner}`);
    if (outer) {
      const outerOp = opByName(outer)!;
      out[outer] = parseOperand(outerOp, m[1].trim() || '0');
    } else if (m[1].trim()) throw new OperandError(`operand ${i + 1} must look like ${pattern}`);
  });
  return out;
}

import { operandValueError } from '../isa/fields.ts';
import { encode, instructionById } from '../isa/table.ts';
import type { InstrDef, OperandValues } from '../isa/types.ts';
import { compress } from './compress.ts';
import { evalExpr, ExprError, lo12, type EvalContext } from './expr.ts';
import { itemSize, type InsnItem, type Section } from './program.ts';
import type { Assembler } from './assembler.ts';

/**
 * Layout and encoding. Layout places sections one after the other from the text base and relaxes
 * branches: a branch or jump to a label starts compressed when a compressed form exists and is widened to
 * 32 bits when its label ends up out of the compressed range; a conditional branch whose label is out of
 * ±4 KiB becomes the inverted branch over a `jal` (6 or 8 bytes, as GNU as). Sizes only grow, so this
 * terminates.
 */

/** The branch with the opposite condition, for far branches. */
export const INVERTED_BRANCH: Record<string, string> = {
  beq: 'bne', bne: 'beq', blt: 'bge', bge: 'blt', bltu: 'bgeu', bgeu: 'bltu', 'p.beqimm': 'p.bneimm', 'p.bneimm': 'p.beqimm',
};

const NOP = [0x13, 0x00, 0x00, 0x00];
const C_NOP = [0x01, 0x00];

function place(asm: Assembler, textBase: number): void {
  const ordered = [...asm.sections.filter((s) => s.name === '.text'), ...asm.sections.filter((s) => s.name !== '.text')];
  let addr = textBase;
  for (const s of ordered) {
    const align = Math.max(s.align, s.name === '.text' ? 1 : 16);
    s.addr = Math.ceil(addr / align) * align;
    let a = s.addr;
    for (const it of s.items) {
      it.addr = a;
      if (it.k === 'align') it.pad = (it.bytes - (a % it.bytes)) % it.bytes;
      a += itemSize(it);
    }
    s.size = a - s.addr;
    addr = a;
  }
}

function context(asm: Assembler, item: InsnItem, insnAt: Map<number, InsnItem>): EvalContext {
  return {
    symbol: (n) => asm.symbolValue(n),
    pc: item.addr,
    pcrelLo: (labelAddr) => {
      const hiInsn = insnAt.get(labelAddr >>> 0);
      const hiOp = hiInsn?.ops.imm;
      if (!hiInsn || hiInsn.def.id !== 'auipc' || !hiOp || !('expr' in hiOp) || hiOp.expr.k !== 'fn' || hiOp.expr.fn !== 'pcrel_hi') {
        throw new ExprError('%pcrel_lo must name the label of an auipc with %pcrel_hi');
      }
      const target = evalExpr(hiOp.expr.a, { symbol: (n) => asm.symbolValue(n) });
      return lo12(target - labelAddr);
    },
  };
}

/** Operand values of an instruction after layout (pc-relative operands as offsets). */
function operandValues(asm: Assembler, item: InsnItem, insnAt: Map<number, InsnItem>): OperandValues {
  const values: OperandValues = {};
  const ctx = context(asm, item, insnAt);
  for (const op of item.def.operands) {
    const v = item.ops[op.name];
    if ('reg' in v) values[op.name] = v.reg;
    else {
      const x = evalExpr(v.expr, ctx);
      values[op.name] = op.kind === 'pcrel' ? ((x - item.addr) | 0) : op.signed ? x | 0 : x;
    }
  }
  return values;
}

function insnIndex(asm: Assembler): Map<number, InsnItem> {
  const m = new Map<number, InsnItem>();
  for (const s of asm.sections) for (const it of s.items) if (it.k === 'insn') m.set(it.addr >>> 0, it);
  return m;
}

/** Size of the far form: the inverted branch (compressed when it can be) plus a 4-byte jal. */
function farSize(it: InsnItem, values: OperandValues): 6 | 8 {
  const inverted = instructionById(INVERTED_BRANCH[it.def.id])!;
  return it.rvc && compress(inverted, { ...values, target: 6 }) ? 6 : 8;
}

/** Grows one relaxable instruction if its target no longer fits its current form; true when it grew. */
function grow(asm: Assembler, it: InsnItem, insnAt: Map<number, InsnItem>): boolean {
  let values: OperandValues;
  try {
    values = operandValues(asm, it, insnAt);
  } catch {
    return false; // an undefined label: reported when encoding
  }
  if (it.relax && it.size === 2 && !compress(it.def, values)) {
    it.size = 4;
    return true;
  }
  const target = it.def.operands.find((o) => o.kind === 'pcrel')!;
  if (it.farOk && !it.far && it.size === 4 && operandValueError(target, values[target.name])) {
    it.far = true;
    it.size = farSize(it, values);
    return true;
  }
  return false;
}

export function layout(asm: Assembler, textBase: number): void {
  for (let round = 0; round < 1000; round++) {
    place(asm, textBase);
    const insnAt = insnIndex(asm);
    let changed = false;
    for (const s of asm.sections) {
      for (const it of s.items) {
        if (it.k === 'insn' && (it.relax || it.farOk) && grow(asm, it, insnAt)) changed = true;
      }
    }
    if (!changed) return;
  }
  throw new Error('assembler: relaxation did not converge');
}

function writeLE(out: Uint8Array, off: number, value: number, width: number): void {
  let v = BigInt.asUintN(width * 8, BigInt(Math.trunc(value)));
  for (let i = 0; i < width; i++) {
    out[off + i] = Number(v & 0xffn);
    v >>= 8n;
  }
}

export function encodeItems(asm: Assembler): Map<Section, Uint8Array> {
  const insnAt = insnIndex(asm);
  const out = new Map<Section, Uint8Array>();
  for (const s of asm.sections) {
    const bytes = new Uint8Array(s.size);
    for (const it of s.items) {
      const off = it.addr - s.addr;
      try {
        switch (it.k) {
          case 'bytes':
            bytes.set(it.data, off);
            break;
          case 'data': {
            const v = evalExpr(it.expr, { symbol: (n) => asm.symbolValue(n) });
            const bits = it.width * 8;
            if (bits < 53 && (v < -(2 ** (bits - 1)) || v >= 2 ** bits)) asm.fail(`value ${v} does not fit in ${it.width} byte(s)`, it.line);
            writeLE(bytes, off, v, it.width);
            break;
          }
          case 'space':
            bytes.fill(it.fill, off, off + it.size);
            break;
          case 'align': {
            if (s.kind === 'code' && it.fill === undefined) {
              let p = off;
              const end = off + it.pad;
              if ((end - p) % 2) p++; // an odd gap starts with a zero byte
              if ((end - p) % 4 === 2) {
                bytes.set(C_NOP, p);
                p += 2;
              }
              for (; p < end; p += 4) bytes.set(NOP, p);
            } else bytes.fill(it.fill ?? 0, off, off + it.pad);
            break;
          }
          case 'insn':
            encodeInsn(asm, it, insnAt).forEach(([word, size], i) => writeLE(bytes, off + (i ? it.size - 4 : 0), word, size));
            break;
        }
      } catch (e) {
        if (e instanceof ExprError || e instanceof RangeError) asm.fail(e.message, it.line);
        throw e;
      }
    }
    out.set(s, bytes);
  }
  return out;
}

/** The instruction's words with their sizes: one, or two for a far branch. */
function encodeInsn(asm: Assembler, it: InsnItem, insnAt: Map<number, InsnItem>): Array<[number, number]> {
  const values = operandValues(asm, it, insnAt);
  if (it.far) {
    const inverted = instructionById(INVERTED_BRANCH[it.def.id])!;
    const skip = { ...values, target: it.size };
    const first = it.size === 6 ? compressedWord(asm, it, inverted, skip) : encode(inverted, skip);
    const jal = instructionById('jal')!;
    const jalAt = it.size - 4;
    return [[first, it.size - 4], [encode(jal, { rd: 0, target: values.target - jalAt }), 4]];
  }
  if (it.size === 2 && !it.explicitC) return [[compressedWord(asm, it, it.def, values), 2]];
  return [[encode(it.def, values), it.size]];
}

function compressedWord(asm: Assembler, it: InsnItem, def: InstrDef, values: OperandValues): number {
  const c = compress(def, values);
  if (!c) asm.fail(`internal: ${def.mnemonic} was sized compressed but does not compress`, it.line);
  return encode(c.cdef, c.values);
}

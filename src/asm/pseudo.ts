import { lo12, hi20 } from './expr.ts';
import { parseReg } from './regs.ts';
import { splitOperands } from './source.ts';

/**
 * Pseudo-instructions and GNU as's alternative spellings, rewritten into real instructions (as text, so
 * they go through the same operand parsing and compression as hand-written ones).
 */

export interface Rewritten {
  op: string;
  args: string;
  /** A hidden label on this instruction (the auipc a %pcrel_lo refers to). */
  label?: string;
}

export interface PseudoContext {
  /** The value of an expression if it is a constant now (numbers and earlier `.equ`s), else undefined. */
  constant(text: string): number | undefined;
  /** A fresh hidden label name. */
  hiddenLabel(): string;
  rvc: boolean;
}

export class PseudoError extends Error {}

const isReg = (s: string | undefined) => s !== undefined && parseReg(s.trim()) !== undefined;
const one = (op: string, args: string): Rewritten[] => [{ op, args }];

const REG_TO_IMM: Record<string, string> = {
  add: 'addi', and: 'andi', or: 'ori', xor: 'xori', sll: 'slli', srl: 'srli', sra: 'srai', slt: 'slti', sltu: 'sltiu',
  csrrw: 'csrrwi', csrrs: 'csrrsi', csrrc: 'csrrci',
};
const COUNTERS: Record<string, string> = {
  rdcycle: 'cycle', rdcycleh: 'cycleh', rdtime: 'time', rdtimeh: 'timeh', rdinstret: 'instret', rdinstreth: 'instreth',
};
const SWAPPED_BRANCH: Record<string, string> = { bgt: 'blt', ble: 'bge', bgtu: 'bltu', bleu: 'bgeu' };
const ZERO_BRANCH: Record<string, [string, 'rs,zero' | 'zero,rs']> = {
  beqz: ['beq', 'rs,zero'], bnez: ['bne', 'rs,zero'], blez: ['bge', 'zero,rs'], bgez: ['bge', 'rs,zero'],
  bltz: ['blt', 'rs,zero'], bgtz: ['blt', 'zero,rs'],
};
const LOADS = new Set(['lb', 'lh', 'lw', 'lbu', 'lhu']);

/** `li rd, value` as GNU as builds it on RV32: addi, or lui (+ addi). */
export function loadImmediate(rd: string, value: number): Rewritten[] {
  const v = value | 0;
  if (v >= -2048 && v <= 2047) return one('addi', `${rd}, zero, ${v}`);
  const out = [{ op: 'lui', args: `${rd}, ${hi20(v)}` }];
  if (lo12(v) !== 0) out.push({ op: 'addi', args: `${rd}, ${rd}, ${lo12(v)}` });
  return out;
}

/** auipc + a %pcrel_lo user: `la`, `call`, `tail`, `lw rd, symbol`. */
function pcrelPair(ctx: PseudoContext, reg: string, target: string, second: (lo: string) => Rewritten): Rewritten[] {
  const label = ctx.hiddenLabel();
  return [{ op: 'auipc', args: `${reg}, %pcrel_hi(${target})`, label }, second(`%pcrel_lo(${label})`)];
}

export function expandPseudo(op: string, args: string, ctx: PseudoContext): Rewritten[] | undefined {
  const a = splitOperands(args);
  const need = (n: number) => {
    if (a.length !== n) throw new PseudoError(`${op} takes ${n} operand(s), got ${a.length}`);
  };
  switch (op) {
    case 'nop': need(0); return one('addi', 'zero, zero, 0');
    case 'ret': need(0); return one('jalr', 'zero, 0(ra)');
    case 'mv': need(2); return one('addi', `${a[0]}, ${a[1]}, 0`);
    case 'not': need(2); return one('xori', `${a[0]}, ${a[1]}, -1`);
    case 'neg': need(2); return one('sub', `${a[0]}, zero, ${a[1]}`);
    case 'seqz': need(2); return one('sltiu', `${a[0]}, ${a[1]}, 1`);
    case 'snez': need(2); return one('sltu', `${a[0]}, zero, ${a[1]}`);
    case 'sltz': need(2); return one('slt', `${a[0]}, ${a[1]}, zero`);
    case 'sgtz': need(2); return one('slt', `${a[0]}, zero, ${a[1]}`);
    case 'zext.b': need(2); return one('andi', `${a[0]}, ${a[1]}, 255`);
    case 'j': need(1); return one('jal', `zero, ${a[0]}`);
    case 'jal': return a.length === 1 ? one('jal', `ra, ${a[0]}`) : undefined;
    case 'jr':
      need(1);
      return one('jalr', isReg(a[0]) ? `zero, 0(${a[0]})` : `zero, ${a[0]}`);
    case 'jalr':
      if (a.length === 1) return one('jalr', isReg(a[0]) ? `ra, 0(${a[0]})` : `ra, ${a[0]}`);
      if (a.length === 2 && isReg(a[1])) return one('jalr', `${a[0]}, 0(${a[1]})`);
      if (a.length === 3) return one('jalr', `${a[0]}, ${a[2]}(${a[1]})`);
      return undefined;
    case 'call':
    case 'tail': {
      const [reg, target] = a.length === 2 ? [a[0], a[1]] : op === 'call' ? ['ra', a[0]] : ['t1', a[0]];
      if (a.length < 1 || a.length > 2) throw new PseudoError(`${op} takes a target`);
      const link = op === 'call' ? reg : 'zero';
      return pcrelPair(ctx, reg, target, (lo) => ({ op: 'jalr', args: `${link}, ${lo}(${reg})` }));
    }
    case 'la':
    case 'lla':
      need(2);
      return pcrelPair(ctx, a[0], a[1], (lo) => ({ op: 'addi', args: `${a[0]}, ${a[0]}, ${lo}` }));
    case 'li': {
      need(2);
      const v = ctx.constant(a[1]);
      if (v !== undefined) return loadImmediate(a[0], v);
      // A value known only after layout (a label): always lui + addi.
      return [
        { op: 'lui', args: `${a[0]}, %hi(${a[1]})` },
        { op: 'addi', args: `${a[0]}, ${a[0]}, %lo(${a[1]})` },
      ];
    }
    case 'csrr': need(2); return one('csrrs', `${a[0]}, ${a[1]}, zero`);
    case 'csrw':
    case 'csrs':
    case 'csrc':
      need(2);
      return one(isReg(a[1]) ? `csrr${op[3]}` : `csrr${op[3]}i`, `zero, ${a[0]}, ${a[1]}`);
    case 'csrwi':
    case 'csrsi':
    case 'csrci':
      need(2);
      return one(`csrr${op[3]}i`, `zero, ${a[0]}, ${a[1]}`);
    case 'unimp':
      need(0);
      return ctx.rvc ? one('.half', '0') : one('csrrw', 'zero, cycle, zero');
    case 'fence':
      return a.length === 0 ? one('fence', 'iorw, iorw') : undefined;
    case 'fence.tso':
      need(0);
      return one('.word', '0x8330000f');
  }
  if (COUNTERS[op]) {
    need(1);
    return one('csrrs', `${a[0]}, ${COUNTERS[op]}, zero`);
  }
  if (ZERO_BRANCH[op]) {
    need(2);
    const [base, order] = ZERO_BRANCH[op];
    return one(base, order === 'rs,zero' ? `${a[0]}, zero, ${a[1]}` : `zero, ${a[0]}, ${a[1]}`);
  }
  if (SWAPPED_BRANCH[op]) {
    need(3);
    return one(SWAPPED_BRANCH[op], `${a[1]}, ${a[0]}, ${a[2]}`);
  }
  if (REG_TO_IMM[op] && a.length === 3 && !isReg(a[2])) return one(REG_TO_IMM[op], args);
  if (LOADS.has(op) && a.length === 2 && !a[1].includes('(') && !isReg(a[1])) {
    return pcrelPair(ctx, a[0], a[1], (lo) => ({ op, args: `${a[0]}, ${lo}(${a[0]})` }));
  }
  return undefined;
}

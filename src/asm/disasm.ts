import { decodeWord, expandCompressed, instructionSize } from '../isa/table.ts';
import type { Config, Decoded, InstrDef, OperandDef, OperandValues } from '../isa/types.ts';
import { csrName } from './csr-names.ts';
import { regName } from './regs.ts';

/**
 * Instruction words to text. RV32IMC prints exactly as GNU objdump 2.40 (the installed
 * riscv64-unknown-elf-objdump) does by default, aliases included: compressed instructions print as their
 * 32-bit expansion, `addi` prints as `add`, `andi` as `and` and so on. Xpulp, XpulpNN and Flex-V
 * instructions print with the spec's mnemonics and the operand template of the table.
 */

export interface DisasmOptions {
  config: Config;
  /** ` <label+0x10>` for an address, or '' when no symbol covers it. */
  symbolize?: (address: number) => string;
  /**
   * Address tracking across instructions, as objdump does: after `lui`/`auipc`/`c.lui` a following
   * `addi`/load/store/`jalr` through that register gets a `# address <symbol>` comment. One per listing.
   */
  track?: AddressTracker;
  /** Targets as `0x80000010` and no address comments: text the assembler reads back. */
  assemblable?: boolean;
}

/** objdump's pending high parts (lui/auipc results) per register, and the gp value if `__global_pointer$` exists. */
export class AddressTracker {
  readonly hi: Array<number | undefined> = new Array(32).fill(undefined);
  constructor(readonly gp?: number) {}

  /** The address a base register + offset access shows, consuming a pending high part. */
  resolve(base: number, offset: number): number | undefined {
    const hi = this.hi[base];
    if (hi !== undefined) {
      this.hi[base] = undefined;
      return ((base !== 0 ? hi : 0) + offset) >>> 0;
    }
    if (base === 3 && this.gp !== undefined) return (this.gp + offset) >>> 0;
    if (base === 4 || base === 0) return offset >>> 0;
    return undefined;
  }
}

export interface DisasmResult {
  size: 2 | 4;
  mnemonic: string;
  /** Comma-separated, no spaces (objdump style). */
  operands: string;
  /** ` # 80001000 <data>` when objdump would print the address an access resolves to. */
  comment?: string;
  decoded?: Decoded;
}

const hex = (v: number) => `0x${(v >>> 0).toString(16)}`;
const COUNTER_ALIASES: Record<number, string> = {
  0xc00: 'rdcycle', 0xc01: 'rdtime', 0xc02: 'rdinstret', 0xc80: 'rdcycleh', 0xc81: 'rdtimeh', 0xc82: 'rdinstreth',
};

function iorw(v: number): string {
  if (v === 0) return 'unknown';
  return (v & 8 ? 'i' : '') + (v & 4 ? 'o' : '') + (v & 2 ? 'r' : '') + (v & 1 ? 'w' : '');
}

function formatOperand(op: OperandDef, v: number, pc: number, opts: DisasmOptions): string {
  switch (op.kind) {
    case 'xreg':
    case 'creg':
      return regName(v);
    case 'csr':
      return csrName(v, opts.config);
    case 'pcrel': {
      const target = (pc + v) >>> 0;
      if (opts.assemblable) return `0x${target.toString(16)}`;
      return target.toString(16) + (opts.symbolize?.(target) ?? '');
    }
    default:
      if (op.print === 'hex') return hex(v);
      if (op.print === 'iorw') return opts.assemblable && v === 0 ? '0' : iorw(v);
      return String(v);
  }
}

/** Operands through the instruction's syntax template: `rd, imm(rs1!)` -> `a0,4(a1!)`. */
export function formatTemplate(def: InstrDef, values: OperandValues, pc: number, opts: DisasmOptions): string {
  return def.syntax
    .replace(/\s+/g, '')
    .replace(/[A-Za-z_]\w*/g, (name) => {
      const op = def.operands.find((o) => o.name === name);
      return op ? formatOperand(op, values[name], pc, opts) : name;
    });
}

/** objdump's alias choice for the (expanded) RV32I/Zicsr instruction, or undefined for the plain form. */
function objdumpAlias(d: Decoded, word: number, pc: number, opts: DisasmOptions): [string, string] | undefined {
  const v = d.operands;
  const r = regName;
  const t = () => formatOperand(d.def.operands.find((o) => o.name === 'target')!, v.target, pc, opts);
  const csr = () => csrName(v.csr, opts.config);
  switch (d.def.id) {
    case 'addi':
      if (v.rd === 0 && v.rs1 === 0 && v.imm === 0) return ['nop', ''];
      if (v.rs1 === 0) return ['li', `${r(v.rd)},${v.imm}`];
      if (v.imm === 0) return ['mv', `${r(v.rd)},${r(v.rs1)}`];
      return ['add', `${r(v.rd)},${r(v.rs1)},${v.imm}`];
    case 'andi':
      if (v.imm === 255) return ['zext.b', `${r(v.rd)},${r(v.rs1)}`];
      return ['and', `${r(v.rd)},${r(v.rs1)},${v.imm}`];
    case 'ori':
      return ['or', `${r(v.rd)},${r(v.rs1)},${v.imm}`];
    case 'xori':
      if (v.imm === -1) return ['not', `${r(v.rd)},${r(v.rs1)}`];
      return ['xor', `${r(v.rd)},${r(v.rs1)},${v.imm}`];
    case 'slli':
    case 'srli':
    case 'srai':
      return [d.def.id.slice(0, 3), `${r(v.rd)},${r(v.rs1)},${hex(v.shamt)}`];
    case 'sltiu':
      if (v.imm === 1) return ['seqz', `${r(v.rd)},${r(v.rs1)}`];
      return undefined;
    case 'sub':
      if (v.rs1 === 0) return ['neg', `${r(v.rd)},${r(v.rs2)}`];
      return undefined;
    case 'sltu':
      if (v.rs1 === 0) return ['snez', `${r(v.rd)},${r(v.rs2)}`];
      return undefined;
    case 'slt':
      if (v.rs2 === 0) return ['sltz', `${r(v.rd)},${r(v.rs1)}`];
      if (v.rs1 === 0) return ['sgtz', `${r(v.rd)},${r(v.rs2)}`];
      return undefined;
    case 'beq':
    case 'bne':
      if (v.rs2 === 0) return [`${d.def.id}z`, `${r(v.rs1)},${t()}`];
      return undefined;
    case 'blt':
      if (v.rs2 === 0) return ['bltz', `${r(v.rs1)},${t()}`];
      if (v.rs1 === 0) return ['bgtz', `${r(v.rs2)},${t()}`];
      return undefined;
    case 'bge':
      if (v.rs1 === 0) return ['blez', `${r(v.rs2)},${t()}`];
      if (v.rs2 === 0) return ['bgez', `${r(v.rs1)},${t()}`];
      return undefined;
    case 'jal':
      if (v.rd === 0) return ['j', t()];
      if (v.rd === 1) return ['jal', t()];
      return undefined;
    case 'jalr':
      if (v.rd === 0 && v.rs1 === 1 && v.imm === 0) return ['ret', ''];
      if (v.rd === 0) return ['jr', v.imm === 0 ? r(v.rs1) : `${v.imm}(${r(v.rs1)})`];
      if (v.rd === 1) return ['jalr', v.imm === 0 ? r(v.rs1) : `${v.imm}(${r(v.rs1)})`];
      return ['jalr', v.imm === 0 ? `${r(v.rd)},${r(v.rs1)}` : `${r(v.rd)},${v.imm}(${r(v.rs1)})`];
    case 'csrrs':
      if (v.rs1 === 0 && COUNTER_ALIASES[v.csr]) return [COUNTER_ALIASES[v.csr], r(v.rd)];
      if (v.rs1 === 0) return ['csrr', `${r(v.rd)},${csr()}`];
      if (v.rd === 0) return ['csrs', `${csr()},${r(v.rs1)}`];
      return undefined;
    case 'csrrw':
      if (word >>> 0 === 0xc0001073) return ['unimp', ''];
      if (v.rd === 0) return ['csrw', `${csr()},${r(v.rs1)}`];
      return undefined;
    case 'csrrc':
      if (v.rd === 0) return ['csrc', `${csr()},${r(v.rs1)}`];
      return undefined;
    case 'csrrwi':
    case 'csrrsi':
    case 'csrrci':
      // objdump prints the immediate forms with the register-form mnemonic.
      if (v.rd === 0) return [`csr${d.def.id[4]}`, `${csr()},${v.uimm}`];
      return [`csrr${d.def.id[4]}`, `${r(v.rd)},${csr()},${v.uimm}`];
    case 'fence':
      if ((word >>> 28) === 8 && v.pred === 3 && v.succ === 3) return ['fence.tso', ''];
      if (v.pred === 15 && v.succ === 15) return ['fence', ''];
      return undefined;
    default:
      return undefined;
  }
}

/** Text of the instruction at `pc` whose first bytes are `word` (a compressed one uses the low half). */
export function disassemble(word: number, pc: number, opts: DisasmOptions): DisasmResult {
  const size = instructionSize(word & 0xffff);
  const w = size === 2 ? word & 0xffff : word >>> 0;
  const decoded = decodeWord(opts.config, w);
  if (!decoded) {
    // objdump 2.40 prints undecodable instructions as data directives.
    return { size, mnemonic: size === 2 ? '.2byte' : '.4byte', operands: hex(w) };
  }
  const base = decoded.def.size === 2 ? expandCompressed(decoded) : decoded;
  const comment = trackAddress(decoded, base, pc, opts);
  const withComment = (r: DisasmResult): DisasmResult => (comment === undefined ? r : { ...r, comment });
  if (decoded.def.id === 'c.mv') {
    return withComment({ size, mnemonic: 'mv', operands: `${regName(decoded.operands.rd)},${regName(decoded.operands.rs2)}`, decoded });
  }
  const alias = objdumpAlias(base, decoded.def.size === 2 ? 0 : w, pc, opts);
  if (alias) return withComment({ size, mnemonic: alias[0], operands: alias[1], decoded });
  return withComment({ size, mnemonic: base.def.mnemonic, operands: formatTemplate(base.def, base.operands, pc, opts), decoded });
}

/**
 * objdump's multi-instruction address comments: which instructions consume a pending lui/auipc value
 * (32-bit addi with rs1 != 0, loads, stores, jalr; c.addi) and which set one (lui, auipc, c.lui).
 */
function trackAddress(decoded: Decoded, base: Decoded, pc: number, opts: DisasmOptions): string | undefined {
  const t = opts.track;
  if (!t || opts.assemblable) return undefined;
  const v = base.operands;
  const id = decoded.def.id;
  let addr: number | undefined;
  if (id === 'lui' || id === 'c.lui') t.hi[v.rd] = (v.imm * 4096) >>> 0;
  else if (id === 'auipc') t.hi[v.rd] = (pc + v.imm * 4096) >>> 0;
  // `mv` (imm 0) and `li` (rs1 0) print no immediate, so objdump resolves nothing for them.
  else if ((id === 'addi' || id === 'c.addi') && v.rs1 !== 0 && v.imm !== 0) addr = t.resolve(v.rs1, v.imm);
  else if (decoded.def.size === 4 && (base.def.sem === 'load' || base.def.sem === 'store')) addr = t.resolve(v.rs1, v.imm);
  // `ret` prints no operand, so objdump resolves nothing for it. The `imm(rs1)` forms resolve twice
  // (offset and base operand): the second finds the pending value consumed and applies the tp/x0/gp rule.
  else if (id === 'jalr' && !(v.rd === 0 && v.rs1 === 1 && v.imm === 0)) {
    addr = t.resolve(v.rs1, v.imm);
    if (v.imm !== 0) addr = t.resolve(v.rs1, v.imm) ?? addr;
  }
  if (addr === undefined) return undefined;
  return ` # ${addr.toString(16)}${opts.symbolize?.(addr) ?? ''}`;
}

/** `mnemonic\toperands` (or the mnemonic alone), the instruction column of objdump. */
export function instructionText(r: DisasmResult): string {
  return (r.operands ? `${r.mnemonic}\t${r.operands}` : r.mnemonic) + (r.comment ?? '');
}

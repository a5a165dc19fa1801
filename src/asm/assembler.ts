import { ALL_INSTRUCTIONS, instructionsFor } from '../isa/table.ts';
import { L2_BASE } from '../platform/memory-map.ts';
import type { Config, InstrDef } from '../isa/types.ts';
import { UserError } from '../util/errors.ts';
import { compress } from './compress.ts';
import { handleDirective } from './directives.ts';
import { parseInsnDirective } from './insn-directive.ts';
import { encodeItems, INVERTED_BRANCH, layout } from './layout.ts';
import { ExprError, evalExpr, exprSymbols, parseExpr, type Expr } from './expr.ts';
import { matchTemplate, OperandError, type OpVal } from './operands.ts';
import { kindOfSection, type InsnItem, type Item, type Section, type SectionKind } from './program.ts';
import { expandPseudo, PseudoError, type Rewritten } from './pseudo.ts';
import { expandRepeats, parseSource, splitOperands, type Statement } from './source.ts';

/**
 * The assembler front end: statements to sections of items (instructions chosen, compressed where
 * GNU as would compress them), then layout with branch relaxation and encoding (layout.ts).
 */

export interface AsmOptions {
  fileName?: string;
  /** Instruction set accepted; default `flexv` (everything). */
  config?: Config;
  /** Address of .text; default the L2 base of the platform memory map (src/platform/memory-map.ts). */
  textBase?: number;
  /** Start as if `.option rvc` were written first (GNU as does so for -march=...c). */
  rvc?: boolean;
}

export interface AsmSymbol {
  name: string;
  value: number;
  /** Section name, or undefined for absolute symbols (`.equ`). */
  section?: string;
  global: boolean;
}

export interface AsmOutput {
  sections: Array<{ name: string; kind: SectionKind; addr: number; bytes: Uint8Array; align: number }>;
  symbols: AsmSymbol[];
  entry: number;
  /** Compressed instructions were enabled somewhere (ELF flag EF_RISCV_RVC). */
  rvc: boolean;
}

interface Sym {
  section?: Section;
  item?: Item;
  expr?: Expr;
  line: number;
}

/** A standalone `.` in an expression (not part of a name such as `.L1` or `a.b`). */
const DOT = /(^|[^\w.$])\.(?![\w.$])/;
const STRING_DIRECTIVES = new Set(['.ascii', '.asciz', '.string']);

export class Assembler {
  private readonly file: string;
  private readonly config: Config;
  private readonly defsByMnemonic = new Map<string, InstrDef[]>();
  readonly sections: Section[] = [];
  current!: Section;
  readonly symbols = new Map<string, Sym>();
  readonly globals = new Set<string>();
  private rvc = false;
  private everRvc = false;
  private readonly optionStack: boolean[] = [];
  private hidden = 0;
  private line = 0;
  private numericDefs = new Map<string, number[]>();
  private stmtIndex = 0;
  private numericCount = new Map<string, number>();

  constructor(opts: AsmOptions) {
    this.file = opts.fileName ?? '<input>';
    this.config = opts.config ?? 'flexv';
    for (const d of instructionsFor(this.config)) {
      // Mnemonics are case-insensitive (`p.mulsN` and `p.mulsn` are one instruction).
      const key = d.mnemonic.toLowerCase();
      const list = this.defsByMnemonic.get(key) ?? [];
      list.push(d);
      this.defsByMnemonic.set(key, list);
    }
    this.switchSection('.text');
    if (opts.rvc) this.option('rvc');
  }

  fail(message: string, line = this.line): never {
    throw new UserError(message, `${this.file}:${line}`);
  }

  switchSection(name: string, kind?: SectionKind): void {
    let s = this.sections.find((x) => x.name === name);
    if (!s) {
      s = { name, kind: kind ?? kindOfSection(name), items: [], align: 1, addr: 0, size: 0 };
      this.sections.push(s);
    }
    this.current = s;
  }

  push(item: Item): void {
    if (this.current.kind === 'nobits' && item.k !== 'label' && item.k !== 'align' && !(item.k === 'space' && item.fill === 0)) {
      this.fail(`only labels, .zero/.space and alignment may go in ${this.current.name}`);
    }
    this.current.items.push(item);
  }

  /** Numeric local labels: `1:` may be defined many times; `1b`/`1f` name the nearest one back/forward. */
  private indexNumericLabels(stmts: Statement[]): void {
    stmts.forEach((s, i) => {
      for (const l of s.labels) {
        if (/^\d+$/.test(l)) {
          const list = this.numericDefs.get(l) ?? [];
          list.push(i);
          this.numericDefs.set(l, list);
        }
      }
    });
  }

  resolveNumericRefs(text: string): string {
    return text.replace(/\b(\d+)([bf])\b/g, (whole, n: string, dir: string) => {
      const defs = this.numericDefs.get(n) ?? [];
      const idx = dir === 'b' ? defs.filter((d) => d <= this.stmtIndex).length - 1 : defs.findIndex((d) => d > this.stmtIndex);
      if (idx < 0) this.fail(`no local label ${n} ${dir === 'b' ? 'before' : 'after'} this line (${whole})`);
      return `.L${n}$${idx}`;
    });
  }

  private defineLabel(name: string): void {
    let full = name;
    if (/^\d+$/.test(name)) {
      const k = this.numericCount.get(name) ?? 0;
      this.numericCount.set(name, k + 1);
      full = `.L${name}$${k}`;
    }
    if (this.symbols.has(full)) this.fail(`symbol '${name}' is already defined (line ${this.symbols.get(full)!.line})`);
    const item: Item = { k: 'label', name: full, line: this.line, addr: 0 };
    this.push(item);
    this.symbols.set(full, { section: this.current, item, line: this.line });
  }

  /** `.` (the current address) becomes a hidden label placed here, so it keeps that value after layout. */
  private replaceDot(text: string): string {
    if (!DOT.test(text)) return text;
    const name = `.Ldot${this.hidden++}`;
    this.defineLabel(name);
    return text.replace(new RegExp(DOT.source, 'g'), `$1${name}`);
  }

  /** A constant now: numbers and absolute symbols already defined with constant values. */
  constant(text: string): number | undefined {
    let e: Expr;
    try {
      e = parseExpr(text);
    } catch {
      return undefined;
    }
    return this.constantExpr(e);
  }

  private constantExpr(e: Expr, depth = 0): number | undefined {
    if (depth > 50) return undefined;
    for (const name of exprSymbols(e)) {
      const s = this.symbols.get(name);
      if (!s || !s.expr) return undefined;
      if (this.constantExpr(s.expr, depth + 1) === undefined) return undefined;
    }
    try {
      return evalExpr(e, { symbol: (n) => this.constantExpr(this.symbols.get(n)!.expr!, depth + 1) });
    } catch {
      return undefined;
    }
  }

  run(source: string): void {
    const parsed = parseSource(source);
    const stmts = expandRepeats(parsed, (text, upTo) => this.repeatCount(parsed, text, upTo), (m, l) => this.fail(m, l));
    this.indexNumericLabels(stmts);
    for (let i = 0; i < stmts.length; i++) {
      const s = stmts[i];
      this.stmtIndex = i;
      this.line = s.line;
      for (const l of s.labels) this.defineLabel(l);
      if (s.assign) {
        this.setSymbol(s.assign.name, this.replaceDot(s.assign.expr));
        continue;
      }
      if (!s.op) continue;
      if (s.op === '.end') break;
      try {
        const args = STRING_DIRECTIVES.has(s.op) ? s.args : this.replaceDot(s.args);
        if (s.op.startsWith('.')) this.directive(s.op, args);
        else this.instruction(s.op, this.resolveNumericRefs(args));
      } catch (e) {
        if (e instanceof OperandError || e instanceof ExprError || e instanceof PseudoError) this.fail(e.message);
        throw e;
      }
    }
  }

  /** `.rept` count: a constant expression over numbers and the `.equ`/`=` values written before it. */
  private repeatCount(parsed: Statement[], text: string, upTo: number): number {
    this.line = parsed[upTo].line;
    const eqs = new Map<string, string>();
    for (const s of parsed.slice(0, upTo)) {
      if (s.assign) eqs.set(s.assign.name, s.assign.expr);
      if (['.equ', '.set', '.equiv'].includes(s.op)) {
        const [n, v] = splitOperands(s.args);
        eqs.set(n, v);
      }
    }
    const value = (t: string, depth: number): number =>
      evalExpr(parseExpr(t), { symbol: (n) => (eqs.has(n) && depth < 20 ? value(eqs.get(n)!, depth + 1) : undefined) });
    let n: number;
    try {
      n = value(text, 0);
    } catch (e) {
      this.fail(`.rept needs a constant count: ${(e as Error).message}`);
    }
    if (!Number.isInteger(n) || n < 0 || n > 1_000_000) this.fail(`.rept count ${n} is not in [0, 1000000]`);
    return n;
  }

  setSymbol(name: string, text: string): void {
    const existing = this.symbols.get(name);
    if (existing && !existing.expr) this.fail(`symbol '${name}' is already defined as a label (line ${existing.line})`);
    let expr: Expr;
    try {
      expr = parseExpr(this.resolveNumericRefs(text));
    } catch (e) {
      this.fail((e as Error).message);
    }
    this.symbols.set(name, { expr, line: this.line });
  }

  private directive(op: string, args: string): void {
    if (op !== '.insn') return handleDirective(this, op, args);
    const insn = parseInsnDirective(this.resolveNumericRefs(args), (t) => this.constant(t));
    if ('word' in insn) handleDirective(this, '.4byte', insn.word);
    else this.emitInstruction(insn.def, insn.ops);
  }

  option(o: string | undefined): void {
    switch (o) {
      case 'rvc':
        this.rvc = true;
        this.everRvc = true;
        return;
      case 'norvc':
        this.rvc = false;
        return;
      case 'push':
        this.optionStack.push(this.rvc);
        return;
      case 'pop':
        if (!this.optionStack.length) this.fail('.option pop without push');
        this.rvc = this.optionStack.pop()!;
        return;
      case 'relax':
      case 'norelax':
      case 'pic':
      case 'nopic':
      case 'arch':
        return;
      default:
        this.fail(`unknown .option ${o}`);
    }
  }

  get currentLine(): number {
    return this.line;
  }

  hiddenLabel(): string {
    return `.Lpcrel_hi${this.hidden++}`;
  }

  private instruction(op: string, args: string): void {
    const rewritten = this.defsByMnemonic.has(op) && !this.needsRewrite(op, args) ? undefined : expandPseudo(op, args, {
      constant: (t) => this.constant(t),
      hiddenLabel: () => this.hiddenLabel(),
      rvc: this.rvc,
    });
    if (rewritten) return this.emitRewritten(rewritten);
    const defs = this.defsByMnemonic.get(op);
    if (!defs) {
      const elsewhere = ALL_INSTRUCTIONS.find((d) => d.mnemonic.toLowerCase() === op);
      if (elsewhere) this.fail(`${op} (${elsewhere.ext}) is not part of configuration ${this.config}`);
      this.fail(`unknown instruction '${op}'`);
    }
    const errors: string[] = [];
    for (const def of defs) {
      let ops: Record<string, OpVal>;
      try {
        ops = matchTemplate(def, args);
      } catch (e) {
        if (e instanceof OperandError || e instanceof ExprError) {
          errors.push(e.message);
          continue;
        }
        throw e;
      }
      return this.emitInstruction(def, ops);
    }
    this.fail(errors.length === 1 ? errors[0] : `${op}: operands fit none of its forms: ${defs.map((d) => `'${d.syntax}'`).join(', ')}`);
  }

  /** Real mnemonics that GNU as also accepts with other operand shapes (`jal label`, `add rd, rs, imm`). */
  private needsRewrite(op: string, args: string): boolean {
    const n = splitOperands(args).length;
    if (op === 'jal') return n === 1;
    if (op === 'jalr') return n !== 2 || !args.includes('(');
    if (op === 'fence') return n === 0;
    if (['lb', 'lh', 'lw', 'lbu', 'lhu'].includes(op)) return n === 2 && !args.includes('(');
    return ['add', 'and', 'or', 'xor', 'sll', 'srl', 'sra', 'slt', 'sltu', 'csrrw', 'csrrs', 'csrrc'].includes(op) && n === 3;
  }

  private emitRewritten(list: Rewritten[]): void {
    for (const r of list) {
      if (r.label) this.defineLabel(r.label);
      if (r.op.startsWith('.')) this.directive(r.op, r.args);
      else {
        const defs = this.defsByMnemonic.get(r.op);
        if (!defs) this.fail(`internal: rewrite produced unknown ${r.op}`);
        this.instruction(r.op, r.args);
      }
    }
  }

  private emitInstruction(def: InstrDef, ops: Record<string, OpVal>): void {
    if (this.current.kind !== 'code' && this.current.kind !== 'data') this.fail(`instruction in ${this.current.name}`);
    const item: InsnItem = {
      k: 'insn', line: this.line, def, ops, size: def.size, explicitC: def.size === 2, relax: false, addr: 0,
      farOk: false, far: false, rvc: this.rvc,
    };
    if (item.explicitC) this.everRvc = true;
    const target = def.operands.find((o) => o.kind === 'pcrel');
    const t = target && item.ops[target.name];
    if (t && 'expr' in t && INVERTED_BRANCH[def.id] && this.constantExpr(t.expr) === undefined) item.farOk = true;
    if (this.rvc && def.size === 4) this.chooseCompressed(item);
    this.push(item);
  }

  /**
   * Compress when every operand is known now; a label target makes the choice provisional (relaxation
   * in layout.ts widens it when the label ends up out of the compressed range). Operands with other
   * symbolic values (%lo, %pcrel_lo...) stay 32-bit, as GNU as emits a relocation for them.
   */
  private chooseCompressed(item: InsnItem): void {
    const values: Record<string, number> = {};
    const unknown = new Set<string>();
    for (const op of item.def.operands) {
      const v = item.ops[op.name];
      if ('reg' in v) {
        values[op.name] = v.reg;
        continue;
      }
      const c = this.constantExpr(v.expr);
      if (op.kind === 'pcrel') {
        unknown.add(op.name);
        values[op.name] = 0;
      } else if (c === undefined) return;
      else values[op.name] = c;
    }
    // GNU as never turns `jal label` (rd = ra) into c.jal; it only relaxes `j` and the branches.
    if (item.def.id === 'jal' && values.rd === 1) return;
    if (!compress(item.def, values, unknown)) return;
    item.size = 2;
    item.relax = unknown.size > 0;
  }

  finish(textBase: number): AsmOutput {
    const entryTextBase = textBase >>> 0;
    // As GNU as does, a section ends padded to its largest alignment (nops in code).
    for (const sec of this.sections) sec.items.push({ k: 'align', bytes: sec.align, line: this.line, addr: 0, pad: 0 });
    layout(this, entryTextBase);
    const bytes = encodeItems(this);
    const symbols: AsmSymbol[] = [];
    for (const [name, s] of this.symbols) {
      if (name.startsWith('.L')) continue;
      let value: number | undefined;
      try {
        value = this.symbolValue(name);
      } catch (e) {
        if (e instanceof ExprError) this.fail(`${name}: ${e.message}`, s.line);
        throw e;
      }
      if (value === undefined) continue;
      symbols.push({ name, value, section: s.section?.name, global: this.globals.has(name) });
    }
    for (const g of this.globals) {
      if (!this.symbols.has(g)) this.fail(`.globl ${g}: symbol is never defined`, 0);
    }
    const start = this.symbolValue('_start');
    const text = this.sections.find((s) => s.name === '.text');
    return {
      sections: this.sections
        .filter((s) => s.size > 0 || s.name === '.text')
        .map((s) => ({ name: s.name, kind: s.kind, addr: s.addr, bytes: bytes.get(s)!, align: Math.max(s.align, 4) })),
      symbols,
      entry: start ?? text?.addr ?? entryTextBase,
      rvc: this.everRvc,
    };
  }

  /** Address of a label, or value of an absolute symbol, after layout. */
  symbolValue(name: string, depth = 0): number | undefined {
    const s = this.symbols.get(name);
    if (!s) return undefined;
    if (s.item) return s.item.addr >>> 0;
    if (depth > 50) this.fail(`symbol '${name}' is defined in terms of itself`, s.line);
    return evalExpr(s.expr!, { symbol: (n) => this.symbolValue(n, depth + 1) });
  }
}

export function assemble(source: string, opts: AsmOptions = {}): AsmOutput {
  const asm = new Assembler(opts);
  asm.run(source);
  return asm.finish(opts.textBase ?? L2_BASE);
}

import type { EnumDef } from '../enum.ts';
import type { Expr } from '../expr.ts';
import { toSigned } from '../fold.ts';
import type { Signal } from '../signal.ts';
import { visitExpr } from '../walk.ts';
import type { Namer } from './names.ts';

/** A temporary: an expression used in several places (or cut from a very deep tree), given a name. */
export interface Temp {
  name: string;
  expr: Expr;
  /** the first signal whose logic uses it: the temporary's name derives from it, its comment points at it */
  user: Signal;
}

/** Inline operator chains deeper than this are cut into temporaries (keeps lines and recursion bounded). */
const MAX_INLINE_DEPTH = 48;

const BINARY: Partial<Record<string, string>> = {
  add: '+', sub: '-', mul: '*', and: '&', or: '|', xor: '^',
  eq: '==', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=',
};

/** Precedence levels that chain left to right without parentheses (comparisons deliberately absent). */
const LEVEL: Partial<Record<string, number>> = { add: 1, sub: 1, and: 2, xor: 3, or: 4, mul: 5 };

/** Operators whose SV width follows the context: widening them needs a self-determined wrapper. */
const CONTEXT_SIZED = new Set(['add', 'sub', 'mul', 'and', 'or', 'xor', 'not', 'neg', 'shl', 'shr', 'dshl', 'dshr', 'mux']);

const TEMP_HINT: Partial<Record<string, string>> = {
  add: 'sum', sub: 'diff', mul: 'prod', and: 'and', or: 'or', xor: 'xor', not: 'inv', neg: 'neg',
  eq: 'eq', ne: 'ne', lt: 'lt', le: 'le', gt: 'gt', ge: 'ge', mux: 'sel', cat: 'cat', slice: 'bits',
  resize: 'ext', reinterpret: 'cast', shl: 'shl', shr: 'shr', dshl: 'shl', dshr: 'shr', repeat: 'rep',
  orR: 'any', andR: 'all', xorR: 'parity',
};

/**
 * Writes expressions as SV whose self-determined width equals the IR width, so that no Verilator WIDTH
 * warning can arise: operands were already extended by the builder, widening uses size casts.
 */
export class ExprWriter {
  readonly temps: Temp[] = [];
  private readonly tempOf = new Map<Expr, Temp>();
  private readonly uses = new Map<Expr, number>();
  /** the enumerations whose member names the module's text uses (they go into the package) */
  readonly enums = new Set<EnumDef>();

  /** `pkg`: the package that holds the enumerations (`flexv_pkg`), for qualified member names */
  constructor(
    private readonly namer: Namer,
    private readonly pkg: string,
  ) {}

  /**
   * A constant as SV: the enumeration member's name when `ctx` (the enumeration of the signal it is
   * compared with, assigned to or selected by) names its value, else a literal (hex above 8 bits).
   */
  constant(value: bigint, width: number, signed: boolean, ctx?: EnumDef): string {
    const m = ctx && !signed && ctx.width === width ? ctx.byValue.get(value) : undefined;
    if (m) {
      this.enums.add(ctx!);
      return `${this.pkg}::${m.sv}`;
    }
    return literalText(value, width, signed).text;
  }

  /** Counts uses across all expressions of the module; call for every root before writing any. */
  count(root: Expr): void {
    const bump = (e: Expr) => {
      const n = this.uses.get(e) ?? 0;
      this.uses.set(e, n + 1);
      return n === 0; // descend only the first time
    };
    if (!bump(root)) return;
    const todo = [root];
    while (todo.length) for (const a of todo.pop()!.args) if (bump(a)) todo.push(a);
  }

  /** Decides the temporaries once all uses are counted; `owner` maps roots to the signal they drive. */
  planTemps(roots: Array<{ expr: Expr; user: Signal }>): void {
    for (const { expr, user } of roots) {
      visitExpr(expr, (e) => {
        if (this.tempOf.has(e)) return false;
        const shared = (this.uses.get(e) ?? 0) > 1;
        const deep = e.depth % MAX_INLINE_DEPTH === 0;
        if ((shared || deep) && e !== expr && !trivial(e)) {
          const t = { name: this.tempName(e, user), expr: e, user };
          this.tempOf.set(e, t);
          this.temps.push(t);
        }
        return true;
      });
    }
  }

  /** `sel_is_2` for a comparison of a signal with a constant, else `<first user>_<operation>`. */
  private tempName(e: Expr, user: Signal): string {
    const [a, b] = e.args;
    if (e.op === 'eq' && a?.op === 'sig' && b?.op === 'const') {
      const member = enumOf(a)?.byValue.get(b.value);
      const what = member ? member.tag : b.width > 8 ? b.value.toString(16) : `${b.value}`;
      return this.namer.fresh((a as Signal).name, `is_${what}`);
    }
    return this.namer.fresh(user.name, TEMP_HINT[e.op] ?? 't');
  }

  /**
   * SV text of `e` as a full right-hand side. A long if/else-if style mux chain goes one choice per line,
   * indented under `indent` (the statement's indentation).
   */
  write(e: Expr, indent = '', ctx?: EnumDef): string {
    const chain = this.muxChain(e);
    if (indent && chain.length >= 3) {
      const last = this.operand(chain[chain.length - 1]!.args[2]!, ctx);
      const lines = chain.map((m) => `${this.operand(m.args[0]!)} ? ${this.operand(m.args[1]!, ctx)} :`);
      return ['', ...lines, last].join(`\n${indent}    `);
    }
    return this.text(e, true, ctx).text;
  }

  /** SV text of `e` where it is used (a temporary's name when it has one). */
  ref(e: Expr): string {
    return this.text(e).text;
  }

  /** SV text of a temporary's own definition (not its name). */
  writeTempBody(t: Temp, indent = ''): string {
    return this.write(t.expr, indent);
  }

  /**
   * A chain `s == k0 ? v0 : s == k1 ? v1 : ... : vn` on one selector with distinct constants and no named
   * pieces (so nothing goes unwritten): emitted as a `unique case` by the caller, as an engineer would.
   */
  caseChain(e: Expr): { sel: Expr; arms: Array<{ value: bigint; expr: Expr }>; last: Expr } | undefined {
    const chain = this.muxChain(e);
    if (chain.length < 4) return undefined;
    const sel = chain[0]!.args[0]!.args[0];
    const seen = new Set<bigint>();
    const arms: Array<{ value: bigint; expr: Expr }> = [];
    for (const m of chain) {
      const c = m.args[0]!;
      if (c.op !== 'eq' || this.tempOf.has(c) || c.args[0] !== sel || c.args[1]!.op !== 'const') return undefined;
      if (seen.has(c.args[1]!.value)) return undefined;
      seen.add(c.args[1]!.value);
      arms.push({ value: c.args[1]!.value, expr: m.args[1]! });
    }
    return { sel: sel!, arms, last: chain[chain.length - 1]!.args[2]! };
  }

  /** `a ? x : b ? y : z` as the list of its muxes (the root first), following un-named else branches. */
  private muxChain(e: Expr): Expr[] {
    const chain: Expr[] = [];
    for (let cur = e; cur.op === 'mux' && (cur === e || !this.tempOf.has(cur)); cur = cur.args[2]!) chain.push(cur);
    return chain;
  }

  private text(e: Expr, top = false, ctx?: EnumDef): { text: string; atom: boolean } {
    if (!top) {
      const t = this.tempOf.get(e);
      if (t) return { text: t.name, atom: true };
    }
    switch (e.op) {
      case 'const': {
        const text = this.constant(e.value, e.width, e.signed, ctx);
        return { text, atom: !text.startsWith('-') };
      }
      case 'sig':
        return { text: this.namer.of(e as Signal), atom: true };
      // unary operators bind tighter than any binary one: no parentheses needed around them
      case 'not':
        return { text: `~${this.operand(e.args[0]!)}`, atom: true };
      case 'neg':
        return { text: `-${this.operand(e.args[0]!)}`, atom: true };
      case 'orR':
        return { text: `|${this.operand(e.args[0]!)}`, atom: true };
      case 'andR':
        return { text: `&${this.operand(e.args[0]!)}`, atom: true };
      case 'xorR':
        return { text: `^${this.operand(e.args[0]!)}`, atom: true };
      case 'shl':
        return { text: `${this.operand(e.args[0]!)} << ${e.value}`, atom: false };
      case 'shr':
        return { text: `${this.operand(e.args[0]!)} ${e.signed ? '>>>' : '>>'} ${e.value}`, atom: false };
      case 'dshl':
        return { text: `${this.operand(e.args[0]!)} << ${this.operand(e.args[1]!)}`, atom: false };
      case 'dshr':
        return { text: `${this.operand(e.args[0]!)} ${e.signed ? '>>>' : '>>'} ${this.operand(e.args[1]!)}`, atom: false };
      case 'mux': {
        // ?: is right-associative: an else branch that is itself a mux needs no parentheses
        const other = e.args[2]!;
        const tail = other.op === 'mux' && !this.tempOf.has(other) ? this.text(other, false, ctx).text : this.operand(e.args[2]!, ctx);
        return { text: `${this.operand(e.args[0]!)} ? ${this.operand(e.args[1]!, ctx)} : ${tail}`, atom: false };
      }
      case 'cat':
        return { text: `{${e.args.map((x) => this.text(x).text).join(', ')}}`, atom: true };
      case 'repeat':
        return { text: `{${e.value}{${this.text(e.args[0]!).text}}}`, atom: true };
      case 'reinterpret':
        return { text: `${e.signed ? '$signed' : '$unsigned'}(${this.text(e.args[0]!).text})`, atom: true };
      case 'slice':
        return this.slice(e);
      case 'resize':
        return this.resize(e);
      default: {
        const op = BINARY[e.op];
        if (!op) throw new Error(`emitter: no SV for ${e.op}`);
        const [left, right] = [e.args[0]!, e.args[1]!];
        if (ASSOCIATIVE.has(e.op)) {
          // a balanced OR/AND/XOR tree reads as one flat chain: a | b | c | d (same width throughout)
          const inner = ctx && e.op === 'or' ? ctx : undefined;
          return { text: this.flatten(e).map((x) => this.operand(x, inner)).join(` ${op} `), atom: false };
        }
        // a constant compared with an enumerated signal is the member's name
        const cmp = COMPARE.has(e.op);
        const lctx = cmp ? enumOf(right) : undefined;
        const rctx = cmp ? enumOf(left) : undefined;
        // left-associative chains of one precedence level read without parentheses: a + b - c
        const chain = LEVEL[left.op] !== undefined && LEVEL[left.op] === LEVEL[e.op] && !this.tempOf.has(left);
        const lhs = chain ? this.text(left).text : this.operand(left, lctx);
        return { text: `${lhs} ${op} ${this.operand(right, rctx)}`, atom: false };
      }
    }
  }

  private operand(e: Expr, ctx?: EnumDef): string {
    const t = this.text(e, false, ctx);
    return t.atom ? t.text : `(${t.text})`;
  }

  /** The operands of a tree of one associative operator, left to right (named pieces stay whole). */
  private flatten(e: Expr): Expr[] {
    const out: Expr[] = [];
    const walk = (x: Expr) => {
      if (x.op === e.op && (x === e || !this.tempOf.has(x))) for (const a of x.args) walk(a);
      else out.push(x);
    };
    walk(e);
    return out;
  }

  private slice(e: Expr): { text: string; atom: boolean } {
    const src = e.args[0]!;
    const lo = Number(e.value);
    const hi = lo + e.width - 1;
    if (src.op === 'sig' && !this.tempOf.has(src)) {
      const name = this.namer.of(src as Signal);
      return { text: hi === lo ? `${name}[${lo}]` : `${name}[${hi}:${lo}]`, atom: true };
    }
    // SV cannot index an expression: shift and cast (this also reads every bit of a temporary)
    let inner = this.text(src).text;
    if (src.signed) inner = `$unsigned(${inner})`;
    return { text: lo === 0 ? `${e.width}'(${inner})` : `${e.width}'(${this.wrap(inner, src)} >> ${lo})`, atom: true };
  }

  private wrap(text: string, src: Expr): string {
    return this.tempOf.has(src) || src.op === 'sig' || src.op === 'cat' || text.startsWith('$') ? text : `(${text})`;
  }

  private resize(e: Expr): { text: string; atom: boolean } {
    const src = e.args[0]!;
    let inner = this.text(src).text;
    if (e.width > src.width && CONTEXT_SIZED.has(src.op) && !this.tempOf.has(src)) {
      // a cast is an assignment context: `16'(a + b)` would add at 16 bits. `{...}` pins the width.
      inner = src.signed ? `$signed({${inner}})` : `{${inner}}`;
    }
    return { text: `${e.width}'(${inner})`, atom: true };
  }
}

/** Not worth a name: constants, signals, and a slice, cast or extension of a signal. */
function trivial(e: Expr): boolean {
  if (e.op === 'const' || e.op === 'sig') return true;
  return (e.op === 'slice' || e.op === 'reinterpret' || e.op === 'resize') && e.args[0]!.op === 'sig';
}

/** Bitwise operators whose nested trees print as one chain (operands and result share one width). */
const ASSOCIATIVE = new Set(['and', 'or', 'xor']);
const COMPARE = new Set(['eq', 'ne', 'lt', 'le', 'gt', 'ge']);

/** The enumeration a value is of: a signal declared with an Enum type. */
export function enumOf(e: Expr): EnumDef | undefined {
  return e.op === 'sig' ? (e as Signal).enum : undefined;
}

/** A literal: `1'b1`; decimal up to 8 bits (`4'd9`); hex above (`32'hfe00707f`), where the bits matter. */
export function literalText(value: bigint, w: number, signed: boolean): { text: string; atom: boolean } {
  if (!signed) {
    if (w === 1) return { text: `1'b${value}`, atom: true };
    return { text: w > 8 ? `${w}'h${value.toString(16)}` : `${w}'d${value}`, atom: true };
  }
  const v = toSigned(value, w);
  if (w > 8) {
    if (v >= 0n || v === -(1n << BigInt(w - 1))) return { text: `${w}'sh${value.toString(16)}`, atom: true };
    return { text: `-${w}'sh${(-v).toString(16)}`, atom: false };
  }
  if (v >= 0n) return { text: `${w}'sd${v}`, atom: true };
  if (v === -(1n << BigInt(w - 1))) return { text: `${w}'sh${value.toString(16)}`, atom: true };
  return { text: `-${w}'sd${-v}`, atom: false };
}

import { currentModule } from './context.ts';
import { HdlError } from './errors.ts';
import type { ModuleDef } from './ir.ts';
import { here, NO_LOC, type Loc } from './loc.ts';
import { MAX_WIDTH, typeName } from './types.ts';

/**
 * Hardware values. Every operation returns a new `Expr`; constants fold as they are built, so generator
 * code can compute with parameters freely. Width rules (docs/hdl.md):
 * - operands of binary operations are extended to the wider width by their own type (zero for UInt, sign
 *   for SInt); mixing UInt and SInt is an error (convert with asUInt/asSInt);
 * - `add/sub/mul` keep the wider width and wrap; `addc` is one bit wider, `mulFull` is wa + wb wide;
 * - JS numbers/bigints/booleans are literals sized to the other operand, an error if they do not fit.
 */
export type Op =
  | 'const' | 'sig'
  | 'add' | 'sub' | 'mul' | 'and' | 'or' | 'xor'
  | 'not' | 'neg' | 'orR' | 'andR' | 'xorR'
  | 'shl' | 'shr' | 'dshl' | 'dshr'
  | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge'
  | 'mux' | 'cat' | 'slice' | 'resize' | 'reinterpret' | 'repeat';

export type ValueLike = Expr | number | bigint | boolean;

export function fail(message: string, loc: Loc): never {
  throw new HdlError(message, loc);
}

export function mask(width: number): bigint {
  return (1n << BigInt(width)) - 1n;
}

export function toSigned(v: bigint, width: number): bigint {
  return v >> BigInt(width - 1) ? v - (1n << BigInt(width)) : v;
}

export class Expr {
  /** longest operator chain below this node; the emitter cuts very deep trees into named pieces */
  readonly depth: number;
  /** scratch field of graph walks (see walk.ts) */
  mark = 0;
  constructor(
    readonly op: Op,
    readonly width: number,
    readonly signed: boolean,
    readonly args: readonly Expr[],
    readonly owner: ModuleDef | null,
    readonly loc: Loc,
    /** constant value (unsigned bits) for `const`; shift amount, slice low bit or repeat count otherwise */
    readonly value: bigint = 0n,
  ) {
    let d = 0;
    for (const a of args) if (a.depth > d) d = a.depth;
    this.depth = d + 1;
  }

  /** How the value is named in messages. */
  describe(): string {
    return this.op === 'const' ? `literal ${this.signed ? toSigned(this.value, this.width) : this.value}` : `${this.op} expression`;
  }

  get type(): string {
    return typeName(this);
  }

  isConst(): boolean {
    return this.op === 'const';
  }

  // ---- arithmetic (wrapping at the wider width unless noted) ----
  add(b: ValueLike): Expr {
    return arith('add', this, b, here());
  }
  sub(b: ValueLike): Expr {
    return arith('sub', this, b, here());
  }
  mul(b: ValueLike): Expr {
    return arith('mul', this, b, here());
  }
  /** add with carry: one bit wider than the wider operand, never wraps */
  addc(b: ValueLike): Expr {
    const loc = here();
    const bb = coerce(b, this, loc);
    return arith('add', this, bb, loc, Math.max(this.width, bb.width) + 1);
  }
  /** full product: wa + wb bits */
  mulFull(b: ValueLike): Expr {
    const loc = here();
    const bb = coerce(b, this, loc);
    return arith('mul', this, bb, loc, this.width + bb.width);
  }
  neg(): Expr {
    const loc = here();
    if (!this.signed) fail(`neg() needs an SInt value, got ${this.type} (use asSInt() first)`, loc);
    return make('neg', this.width, true, [this], loc);
  }

  // ---- bitwise ----
  and(b: ValueLike): Expr {
    return arith('and', this, b, here());
  }
  or(b: ValueLike): Expr {
    return arith('or', this, b, here());
  }
  xor(b: ValueLike): Expr {
    return arith('xor', this, b, here());
  }
  not(): Expr {
    return make('not', this.width, this.signed, [this], here());
  }
  orR(): Expr {
    return make('orR', 1, false, [this], here());
  }
  andR(): Expr {
    return make('andR', 1, false, [this], here());
  }
  xorR(): Expr {
    return make('xorR', 1, false, [this], here());
  }

  // ---- shifts (result keeps this width; shr is arithmetic for SInt) ----
  shl(n: number | Expr): Expr {
    return shift('shl', this, n, here());
  }
  shr(n: number | Expr): Expr {
    return shift('shr', this, n, here());
  }

  // ---- comparisons (Bool result; signed when the operands are SInt) ----
  eq(b: ValueLike): Expr {
    return compare('eq', this, b, here());
  }
  ne(b: ValueLike): Expr {
    return compare('ne', this, b, here());
  }
  lt(b: ValueLike): Expr {
    return compare('lt', this, b, here());
  }
  le(b: ValueLike): Expr {
    return compare('le', this, b, here());
  }
  gt(b: ValueLike): Expr {
    return compare('gt', this, b, here());
  }
  ge(b: ValueLike): Expr {
    return compare('ge', this, b, here());
  }

  // ---- bits and widths ----
  /** bits hi..lo inclusive, as UInt(hi - lo + 1) */
  bits(hi: number, lo: number): Expr {
    return slice(this, hi, lo, here());
  }
  bit(i: number): Expr {
    return slice(this, i, i, here());
  }
  /** zero-extend to `width` bits (UInt result) */
  zext(width: number): Expr {
    const loc = here();
    checkResize(this, width, 'zext', loc);
    return resize(reinterpret(this, false, loc), width, loc);
  }
  /** sign-extend to `width` bits, replicating the top bit; keeps UInt/SInt */
  sext(width: number): Expr {
    const loc = here();
    checkResize(this, width, 'sext', loc);
    if (this.signed) return resize(this, width, loc);
    return reinterpret(resize(reinterpret(this, true, loc), width, loc), false, loc);
  }
  /** keep the low `width` bits: the only way to narrow a value */
  trunc(width: number): Expr {
    const loc = here();
    if (!Number.isInteger(width) || width < 1 || width > this.width) {
      fail(`trunc(${width}) of a ${this.type} value: the width must be in 1..${this.width}`, loc);
    }
    return resize(this, width, loc);
  }
  asUInt(): Expr {
    return reinterpret(this, false, here());
  }
  asSInt(): Expr {
    return reinterpret(this, true, here());
  }
  /** `n` copies side by side */
  repeat(n: number): Expr {
    const loc = here();
    if (!Number.isInteger(n) || n < 1) fail(`repeat(${n}): the count must be a positive integer`, loc);
    return make('repeat', this.width * n, false, [this], loc, BigInt(n));
  }
}

// ---------------------------------------------------------------------------------------------------
// Construction helpers (exported for the rest of src/hdl; user code goes through methods and functions)

/** Owner of a value built from `args`: all non-constant operands must come from the module being built. */
function ownerOf(args: readonly Expr[], loc: Loc): ModuleDef | null {
  let owner: ModuleDef | null = null;
  for (const a of args) {
    if (a.owner === null) continue;
    if (owner === null) owner = a.owner;
    else if (a.owner !== owner) fail(crossModuleMessage(a, owner), loc);
  }
  const cur = currentModule();
  if (owner !== null && cur !== undefined && owner !== cur) {
    const culprit = args.find((a) => a.owner === owner)!;
    fail(crossModuleMessage(culprit, cur), loc);
  }
  return owner;
}

export function crossModuleMessage(value: Expr, user: ModuleDef): string {
  const name = (value as { name?: string }).name;
  const what = name ? `'${name}'` : `a ${value.describe()}`;
  return (
    `${what} belongs to module '${value.owner!.name}' and cannot be used in module '${user.name}' ` +
    `(connect modules through instance ports)`
  );
}

export function make(op: Op, width: number, signed: boolean, args: readonly Expr[], loc: Loc, value = 0n): Expr {
  if (width > MAX_WIDTH) fail(`result of ${op} would be ${width} bits wide (limit ${MAX_WIDTH})`, loc);
  const owner = ownerOf(args, loc);
  let allConst = true;
  for (const a of args) if (a.op !== 'const') allConst = false;
  if (allConst) return constant(evalOp(op, width, args, value), width, signed);
  return simplify(op, width, signed, args, value) ?? new Expr(op, width, signed, args, owner, loc, value);
}

export function constant(value: bigint, width: number, signed: boolean): Expr {
  return new Expr('const', width, signed, [], null, NO_LOC, value & mask(width));
}

/** Turns a JS literal into a constant sized like `like`; an Expr passes through. */
export function coerce(v: ValueLike, like: { width: number; signed: boolean }, loc: Loc): Expr {
  if (v instanceof Expr) return v;
  if (typeof v === 'boolean') v = v ? 1n : 0n;
  if (typeof v === 'number' && !Number.isInteger(v)) fail(`literal ${v} is not an integer`, loc);
  const big = BigInt(v);
  const { width, signed } = like;
  const fits = signed
    ? big >= -(1n << BigInt(width - 1)) && big < 1n << BigInt(width - 1)
    : big >= 0n && big <= mask(width);
  if (!fits) fail(`literal ${big} does not fit ${typeName(like)}`, loc);
  return constant(big, width, signed);
}

function sameKind(a: Expr, b: Expr, what: string, loc: Loc): void {
  if (a.signed !== b.signed) {
    fail(`${what} mixes ${a.type} and ${b.type}: convert one side with asUInt() or asSInt()`, loc);
  }
}

function arith(op: Op, a: Expr, bRaw: ValueLike, loc: Loc, width?: number): Expr {
  const b = coerce(bRaw, a, loc);
  sameKind(a, b, op, loc);
  const w = width ?? Math.max(a.width, b.width);
  return make(op, w, a.signed, [resize(a, w, loc), resize(b, w, loc)], loc);
}

function compare(op: Op, a: Expr, bRaw: ValueLike, loc: Loc): Expr {
  const b = coerce(bRaw, a, loc);
  sameKind(a, b, op, loc);
  const w = Math.max(a.width, b.width);
  return make(op, 1, false, [resize(a, w, loc), resize(b, w, loc)], loc);
}

function shift(op: 'shl' | 'shr', a: Expr, n: number | Expr, loc: Loc): Expr {
  if (n instanceof Expr) {
    if (n.signed) fail(`shift amount must be a UInt, got ${n.type}`, loc);
    return make(op === 'shl' ? 'dshl' : 'dshr', a.width, a.signed, [a, n], loc);
  }
  if (!Number.isInteger(n) || n < 0) fail(`shift amount ${n} must be a non-negative integer`, loc);
  return make(op, a.width, a.signed, [a], loc, BigInt(n));
}

export function slice(a: Expr, hi: number, lo: number, loc: Loc): Expr {
  if (!Number.isInteger(hi) || !Number.isInteger(lo)) fail(`slice [${hi}:${lo}]: bounds must be integers`, loc);
  if (hi < lo) fail(`slice [${hi}:${lo}] is reversed: write bits(${lo}, ${hi})`, loc);
  if (lo < 0 || hi >= a.width) {
    const name = (a as { name?: string }).name;
    fail(`slice [${hi}:${lo}] is out of range for ${name ? `'${name}' ` : ''}${a.type} (bits ${a.width - 1}..0)`, loc);
  }
  if (lo === 0 && hi === a.width - 1 && !a.signed) return a;
  return make('slice', hi - lo + 1, false, [a], loc, BigInt(lo));
}

function checkResize(a: Expr, width: number, what: string, loc: Loc): void {
  if (!Number.isInteger(width) || width < a.width) {
    fail(`${what}(${width}) of a ${a.type} value would narrow it: use trunc(${width})`, loc);
  }
}

/** Width change by the value's own type (zero or sign extension; truncation when narrower). */
export function resize(a: Expr, width: number, loc: Loc): Expr {
  if (width === a.width) return a;
  return make('resize', width, a.signed, [a], loc);
}

export function reinterpret(a: Expr, signed: boolean, loc: Loc): Expr {
  if (a.signed === signed) return a;
  return make('reinterpret', a.width, signed, [a], loc);
}

// ---------------------------------------------------------------------------------------------------
// Constant folding

function evalOp(op: Op, width: number, args: readonly Expr[], aux: bigint): bigint {
  const m = mask(width);
  const v = (i: number) => args[i]!.value;
  const s = (i: number) => (args[i]!.signed ? toSigned(args[i]!.value, args[i]!.width) : args[i]!.value);
  switch (op) {
    case 'add': return (v(0) + v(1)) & m;
    case 'sub': return (v(0) - v(1)) & m;
    case 'mul': return (v(0) * v(1)) & m;
    case 'and': return v(0) & v(1);
    case 'or': return v(0) | v(1);
    case 'xor': return v(0) ^ v(1);
    case 'not': return ~v(0) & m;
    case 'neg': return -v(0) & m;
    case 'orR': return v(0) !== 0n ? 1n : 0n;
    case 'andR': return v(0) === mask(args[0]!.width) ? 1n : 0n;
    case 'xorR': {
      let x = v(0), p = 0n;
      while (x) { p ^= x & 1n; x >>= 1n; }
      return p;
    }
    case 'shl': return (v(0) << aux) & m;
    case 'shr': return (s(0) >> aux) & m;
    case 'dshl': return v(1) >= BigInt(width) ? 0n : (v(0) << v(1)) & m;
    case 'dshr': return (s(0) >> (v(1) > BigInt(width) ? BigInt(width) : v(1))) & m;
    case 'eq': return v(0) === v(1) ? 1n : 0n;
    case 'ne': return v(0) !== v(1) ? 1n : 0n;
    case 'lt': return s(0) < s(1) ? 1n : 0n;
    case 'le': return s(0) <= s(1) ? 1n : 0n;
    case 'gt': return s(0) > s(1) ? 1n : 0n;
    case 'ge': return s(0) >= s(1) ? 1n : 0n;
    case 'mux': return v(0) ? v(1) : v(2);
    case 'cat': {
      let r = 0n;
      for (const a of args) r = (r << BigInt(a.width)) | a.value;
      return r;
    }
    case 'slice': return (v(0) >> aux) & m;
    case 'resize': return s(0) & m;
    case 'reinterpret': return v(0);
    case 'repeat': {
      let r = 0n;
      for (let i = 0n; i < aux; i++) r = (r << BigInt(args[0]!.width)) | v(0);
      return r;
    }
    default: throw new Error(`cannot fold ${op}`);
  }
}

/**
 * Identities with one constant operand. Besides smaller SV, this removes comparisons that are constant by
 * range (`x >= 0` on a UInt), which Verilator -Wall flags (UNSIGNED, CMPCONST).
 */
function simplify(op: Op, width: number, signed: boolean, args: readonly Expr[], aux: bigint): Expr | undefined {
  const a = args[0];
  const b = args[1];
  const ka = a !== undefined && a.op === 'const' ? a.value : undefined;
  const kb = b !== undefined && b.op === 'const' ? b.value : undefined;
  const ones = mask(width);
  switch (op) {
    case 'mux':
      if (ka !== undefined) return ka ? args[1] : args[2];
      if (args[1] === args[2]) return args[1];
      return undefined;
    case 'and':
      if (kb === 0n || ka === 0n) return constant(0n, width, signed);
      if (kb === ones) return a;
      if (ka === ones) return b;
      return undefined;
    case 'or':
      if (kb === ones || ka === ones) return constant(ones, width, signed);
      if (kb === 0n) return a;
      if (ka === 0n) return b;
      return undefined;
    case 'xor':
    case 'add':
      if (kb === 0n) return a;
      if (ka === 0n) return b;
      return undefined;
    case 'sub':
      return kb === 0n ? a : undefined;
    case 'shl':
    case 'shr':
      if (aux === 0n) return a;
      if (aux >= BigInt(width) && (op === 'shl' || !signed)) return constant(0n, width, signed);
      return undefined;
    case 'lt': case 'le': case 'gt': case 'ge': {
      if (kb === undefined && ka === undefined) return undefined;
      const w = a!.width;
      const min = a!.signed ? -(1n << BigInt(w - 1)) : 0n;
      const max = a!.signed ? (1n << BigInt(w - 1)) - 1n : mask(w);
      const t = constant(1n, 1, false), f = constant(0n, 1, false);
      if (kb !== undefined) {
        const c = a!.signed ? toSigned(kb, w) : kb;
        if (op === 'lt' && c === min) return f;
        if (op === 'ge' && c === min) return t;
        if (op === 'le' && c === max) return t;
        if (op === 'gt' && c === max) return f;
      } else {
        const c = a!.signed ? toSigned(ka!, w) : ka!;
        if (op === 'gt' && c === min) return f;
        if (op === 'le' && c === min) return t;
        if (op === 'ge' && c === max) return t;
        if (op === 'lt' && c === max) return f;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------
// Free functions of the API

/** `sel ? a : b`. Literals take the other branch's type; the result has the wider width. */
export function mux(sel: Expr, a: ValueLike, b: ValueLike): Expr {
  const loc = here();
  return muxAt(sel, a, b, loc);
}

export function muxAt(sel: Expr, aRaw: ValueLike, bRaw: ValueLike, loc: Loc): Expr {
  checkCond(sel, 'mux select', loc);
  if (!(aRaw instanceof Expr) && !(bRaw instanceof Expr)) {
    fail('mux of two literals has no width: give one as lit(value, width)', loc);
  }
  const a = aRaw instanceof Expr ? aRaw : coerce(aRaw, bRaw as Expr, loc);
  const b = coerce(bRaw, a, loc);
  sameKind(a, b, 'mux', loc);
  const w = Math.max(a.width, b.width);
  return make('mux', w, a.signed, [sel, resize(a, w, loc), resize(b, w, loc)], loc);
}

export function checkCond(c: Expr, what: string, loc: Loc): void {
  if (!(c instanceof Expr)) fail(`${what} must be a hardware Bool, got ${typeof c}`, loc);
  if (c.width !== 1) fail(`${what} must be a Bool (1 bit), got ${c.type}: use .orR() or .ne(0)`, loc);
}

/** Concatenation, most significant part first (like SV `{a, b}`); the result is a UInt. */
export function cat(...parts: Expr[]): Expr {
  const loc = here();
  if (parts.length === 0) fail('cat() needs at least one value', loc);
  let w = 0;
  for (const p of parts) {
    if (!(p instanceof Expr)) fail('cat() takes hardware values only: size literals with lit(value, width)', loc);
    w += p.width;
  }
  if (parts.length === 1) return reinterpret(parts[0]!, false, loc);
  return make('cat', w, false, parts, loc);
}

/** An unsigned constant of `width` bits. */
export function lit(value: number | bigint | boolean, width: number): Expr {
  return coerce(value, { width, signed: false }, here());
}
/** A signed constant of `width` bits. */
export function slit(value: number | bigint, width: number): Expr {
  return coerce(value, { width, signed: true }, here());
}

/** Element `idx` of a Vec of ground values (a mux chain; out-of-range indices give the last element). */
export function index(vec: readonly Expr[], idx: Expr): Expr {
  const loc = here();
  if (vec.length === 0) fail('index() of an empty Vec', loc);
  if (idx.signed) fail(`index must be a UInt, got ${idx.type}`, loc);
  let r = vec[vec.length - 1]!;
  for (let i = vec.length - 2; i >= 0; i--) {
    if (BigInt(i) > mask(idx.width)) continue;
    r = muxAt(compare('eq', idx, i, loc), vec[i]!, r, loc);
  }
  return r;
}

/** OR of all values (e.g. one-hot selected data); all of one type. */
export function orAll(values: readonly Expr[]): Expr {
  const loc = here();
  if (values.length === 0) fail('orAll() of nothing', loc);
  return balanced(values, (a, b) => arith('or', a, b, loc));
}

/** Sum of all values at the widest width (wrapping). */
export function sumAll(values: readonly Expr[]): Expr {
  const loc = here();
  if (values.length === 0) fail('sumAll() of nothing', loc);
  return balanced(values, (a, b) => arith('add', a, b, loc));
}

function balanced(values: readonly Expr[], f: (a: Expr, b: Expr) => Expr): Expr {
  let layer = [...values];
  while (layer.length > 1) {
    const next: Expr[] = [];
    for (let i = 0; i + 1 < layer.length; i += 2) next.push(f(layer[i]!, layer[i + 1]!));
    if (layer.length % 2) next.push(layer[layer.length - 1]!);
    layer = next;
  }
  return layer[0]!;
}

import { currentModule } from './context.ts';
import { HdlError } from './errors.ts';
import type { ModuleDef } from './ir.ts';
import { here, NO_LOC, type Loc } from './loc.ts';
import { evalOp, mask, simplify, toSigned } from './fold.ts';
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
  if (!Number.isInteger(like.width) || like.width < 1 || like.width > MAX_WIDTH) fail(`literal width must be an integer in 1..${MAX_WIDTH}, got ${like.width}`, loc);
  if (typeof v !== 'number' && typeof v !== 'bigint' && typeof v !== 'boolean') {
    fail(`expected a hardware value or a number, got ${v === null ? 'null' : typeof v}`, loc);
  }
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

export function sameKind(a: Expr, b: Expr, what: string, loc: Loc): void {
  if (a.signed !== b.signed) {
    fail(`${what} mixes ${a.type} and ${b.type}: convert one side with asUInt() or asSInt()`, loc);
  }
}

export function arith(op: Op, a: Expr, bRaw: ValueLike, loc: Loc, width?: number): Expr {
  const b = coerce(bRaw, a, loc);
  sameKind(a, b, op, loc);
  const w = width ?? Math.max(a.width, b.width);
  return make(op, w, a.signed, [resize(a, w, loc), resize(b, w, loc)], loc);
}

export function compare(op: Op, a: Expr, bRaw: ValueLike, loc: Loc): Expr {
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

export function checkCond(c: Expr, what: string, loc: Loc): void {
  if (!(c instanceof Expr)) fail(`${what} must be a hardware Bool, got ${typeof c}`, loc);
  if (c.width !== 1) fail(`${what} must be a Bool (1 bit), got ${c.type}: use .orR() or .ne(0)`, loc);
}

import { arith, checkCond, coerce, Expr, fail, make, reinterpret, resize, sameKind, type ValueLike } from './expr.ts';
import { mask } from './fold.ts';
import { here, type Loc } from './loc.ts';

// The free functions of the API: mux, cat, sized literals, Vec indexing and reduction trees.

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

/** An aggregate of values with the shape of T (a Signal, an array, or a record of them). */
export type ValueTree<T> = T extends Expr
  ? Expr
  : T extends readonly (infer E)[]
    ? ValueTree<E>[]
    : { [K in keyof T]: ValueTree<T[K]> };

/**
 * Element `idx` of a Vec: of ground values, or of Bundles/Vecs (then every field is selected). Indices past
 * the end give the last element. Built as a balanced tree of 2:1 muxes, one level per index bit, so a
 * 2^k-entry select is k muxes deep (a chain of `idx == i` tests would be 2^k deep after synthesis).
 */
export function index<T>(vec: readonly T[], idx: Expr): ValueTree<T> {
  const loc = here();
  if (vec.length === 0) fail('index() of an empty Vec', loc);
  if (!(idx instanceof Expr) || idx.signed) fail('index must be a UInt value', loc);
  // index bits that can address an element; higher bits set mean "past the end"
  const levels = Math.min(idx.width, Math.ceil(Math.log2(vec.length)));
  const pastEnd = idx.width > levels ? idx.bits(idx.width - 1, levels).orR() : undefined;
  const pick = (leaves: Expr[]) => {
    const last = leaves[leaves.length - 1]!;
    let layer = Array.from({ length: 2 ** levels }, (_, i) => leaves[i] ?? last);
    for (let j = 0; j < levels; j++) {
      const sel = idx.bit(j);
      layer = Array.from({ length: layer.length / 2 }, (_, i) =>
        layer[2 * i] === layer[2 * i + 1] ? layer[2 * i]! : muxAt(sel, layer[2 * i + 1]!, layer[2 * i]!, loc),
      );
    }
    return pastEnd && layer[0] !== last ? muxAt(pastEnd, last, layer[0]!, loc) : layer[0]!;
  };
  return zipLeaves(vec as unknown[], pick, loc) as ValueTree<T>;
}

/** Applies `f` to the corresponding ground leaves of same-shaped aggregates. */
function zipLeaves(trees: unknown[], f: (leaves: Expr[]) => Expr, loc: Loc): unknown {
  const first = trees[0];
  if (first instanceof Expr) {
    if (!trees.every((t) => t instanceof Expr)) fail('index(): the Vec elements have different shapes', loc);
    return f(trees as Expr[]);
  }
  if (Array.isArray(first)) {
    if (!trees.every((t) => Array.isArray(t) && t.length === first.length)) fail('index(): the Vec elements have different shapes', loc);
    return first.map((_, i) => zipLeaves(trees.map((t) => (t as unknown[])[i]), f, loc));
  }
  if (typeof first === 'object' && first !== null) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(first)) {
      if (!trees.every((t) => typeof t === 'object' && t !== null && k in t)) fail(`index(): field '${k}' is missing in some elements`, loc);
      out[k] = zipLeaves(trees.map((t) => (t as Record<string, unknown>)[k]), f, loc);
    }
    return out;
  }
  return fail('index() takes a Vec of hardware values', loc);
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

import { fail } from './expr.ts';
import { here, type Loc } from './loc.ts';
import { assign, Signal } from './signal.ts';
import type { Expr } from './expr.ts';

type Tree = Expr | readonly Tree[] | { readonly [k: string]: Tree };

/**
 * Combinational bulk connection of same-shaped aggregates (Vec/Bundle values): `dst[i].set(src[i])`,
 * `dst.f.set(src.f)` for every leaf. Use it to pass a Bundle port through, or wire instance interfaces.
 */
export function connect(dst: Tree, src: Tree): void {
  walk(dst, src, '', here());
}

function walk(dst: Tree, src: Tree, path: string, loc: Loc): void {
  if (dst instanceof Signal) {
    if (!(src instanceof Object) || Array.isArray(src) || !('op' in src)) fail(`connect: shapes differ at '${path || '.'}'`, loc);
    assign(dst, src as Expr, false, loc);
    return;
  }
  if (Array.isArray(dst)) {
    if (!Array.isArray(src) || src.length !== dst.length) fail(`connect: '${path || '.'}' has ${dst.length} elements on the left, not the same on the right`, loc);
    dst.forEach((d, i) => walk(d, (src as readonly Tree[])[i]!, `${path}[${i}]`, loc));
    return;
  }
  if (typeof dst === 'object' && dst !== null && !('op' in dst)) {
    const s = src as { readonly [k: string]: Tree };
    for (const k of Object.keys(dst)) {
      if (typeof s !== 'object' || s === null || !(k in s)) fail(`connect: field '${path}.${k}' is missing on the right`, loc);
      walk((dst as { readonly [k: string]: Tree })[k]!, s[k]!, `${path}.${k}`, loc);
    }
    return;
  }
  fail(`connect: the left side at '${path || '.'}' is not a signal`, loc);
}

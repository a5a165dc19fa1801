import { lit, type Expr } from '../../hdl/index.ts';
import type { InstrDef } from '../../isa/index.ts';
import { fieldPattern } from './operands.ts';

/**
 * Match logic for a list of table entries: entry i hits when its fixed bits match and no reserved/alias
 * field value is present; where two entries can match one word (c.nop / c.addi), the more specific one
 * (more fixed bits, as the reference decoder orders them) wins.
 */
export function matchEntries(defs: readonly InstrDef[], word: Expr): Expr[] {
  const order = defs.map((d, i) => ({ d, i })).sort((a, b) => popcount(b.d.mask) - popcount(a.d.mask) || a.i - b.i);
  const raw = new Map<number, Expr>();
  for (const { d, i } of order) {
    let hit = word.and(lit(d.mask, word.width)).eq(lit(d.match, word.width));
    for (const c of d.constraints ?? []) {
      if (c.why === 'hint') continue;
      const op = d.operands.find((o) => o.name === c.operand);
      if (!op) throw new Error(`decoder: ${d.id} constrains unknown operand ${c.operand}`);
      const f = fieldPattern(op, c.not);
      hit = hit.and(word.and(lit(f.mask, word.width)).ne(lit(f.bits, word.width)));
    }
    raw.set(i, hit);
  }
  const out: Expr[] = new Array(defs.length);
  order.forEach(({ d, i }, k) => {
    let sel = raw.get(i)!;
    for (const { d: e, i: j } of order.slice(0, k)) if (overlap(d, e)) sel = sel.and(raw.get(j)!.not());
    out[i] = sel;
  });
  return out;
}

/** Can one word match both entries? (Their fixed bits agree wherever both fix them.) */
function overlap(a: InstrDef, b: InstrDef): boolean {
  return ((a.match ^ b.match) & a.mask & b.mask) === 0;
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v; v >>>= 1) n += v & 1;
  return n;
}

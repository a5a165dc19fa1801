import { Bool, indexWidth, lit, module, mux, UInt, type Expr } from '../hdl/index.ts';

/** Index of the lowest set bit of `x` (0 when none). */
export function lowestSetIndex(x: Expr): Expr {
  const w = indexWidth(x.width);
  let idx: Expr = lit(0, w);
  // test from the top down so that the lowest set bit ends as the outermost mux
  for (let i = x.width - 1; i >= 0; i--) idx = mux(x.bit(i), lit(i, w), idx);
  return idx;
}

/** Priority encoder: `idx` is the lowest-numbered set input (bit 0 has priority), `valid` that one is set. */
export const priorityEncoder = module(
  'priority_encoder',
  (m, p: { n: number }) => {
    m.require(Number.isInteger(p.n) && p.n >= 2, `n must be an integer >= 2, got ${p.n}`);
    const input = m.input('in', UInt(p.n));
    const idx = m.output('idx', UInt(indexWidth(p.n)));
    const valid = m.output('valid', Bool());
    idx.set(lowestSetIndex(input));
    valid.set(input.orR());
    return { in: input, idx, valid };
  },
  { defaults: { n: 8 } },
);

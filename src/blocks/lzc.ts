import { Bool, clog2, lit, module, mux, UInt, type Expr } from '../hdl/index.ts';

/** Number of zeros above the highest set bit of `x` (x.width when x is 0), clog2(width + 1) bits wide. */
export function leadingZeros(x: Expr): Expr {
  const w = clog2(x.width + 1);
  let count: Expr = lit(x.width, w);
  // from bit 0 up, so the highest set bit is the outermost mux and wins
  for (let i = 0; i < x.width; i++) count = mux(x.bit(i), lit(x.width - 1 - i, w), count);
  return count;
}

/** Leading-zero count: `count` zeros above the highest set bit of `in`; `zero` when `in` is all zeros. */
export const lzc = module(
  'lzc',
  (m, p: { width: number }) => {
    m.require(Number.isInteger(p.width) && p.width >= 2, `width must be an integer >= 2, got ${p.width}`);
    const input = m.input('in', UInt(p.width));
    const count = m.output('count', UInt(clog2(p.width + 1)));
    const zero = m.output('zero', Bool());
    count.set(leadingZeros(input));
    zero.set(input.eq(0));
    return { in: input, count, zero };
  },
  { defaults: { width: 32 } },
);

import { Bool, indexWidth, lit, module, mux, orAll, UInt, type Expr } from '../hdl/index.ts';

/** Binary index of the set bit of a one-hot value (the OR of the indices of all set bits otherwise). */
export function onehotToBinary(onehot: Expr): Expr {
  const w = indexWidth(onehot.width);
  const terms: Expr[] = [lit(0, w)];
  for (let i = 1; i < onehot.width; i++) terms.push(mux(onehot.bit(i), lit(i, w), 0));
  return orAll(terms);
}

/** One-hot to binary encoder: `idx` is the position of the set bit of `onehot`, `valid` that one is set. */
export const onehotEncoder = module(
  'onehot_encoder',
  (m, p: { n: number }) => {
    m.require(Number.isInteger(p.n) && p.n >= 2, `n must be an integer >= 2, got ${p.n}`);
    const onehot = m.input('onehot', UInt(p.n));
    const idx = m.output('idx', UInt(indexWidth(p.n)));
    const valid = m.output('valid', Bool());
    idx.set(onehotToBinary(onehot));
    valid.set(onehot.orR());
    return { onehot, idx, valid };
  },
  { defaults: { n: 8 } },
);

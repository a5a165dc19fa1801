import { Bool, cat, Enum, type Expr, lit, module, mux, UInt } from '../../hdl/index.ts';

/** Multiply-accumulate forms; 0 = none. */
export const MAC_OP_T = Enum('mac_op', { mac: 1, msu: 2, halves: 3 }, { width: 2, prefix: 'MAC' });
export const MacOp = MAC_OP_T.values;

/**
 * The XpulpV2 multiply-accumulate unit: `p.mac`/`p.msu` (rd +- rs1 * rs2, 32-bit) and the 16x16 forms
 * `p.mul{s,hhs,u,hhu}[N][R]` / `p.mac...`: halves (low or high, signed or unsigned) multiplied, optionally
 * added to rd and rounded, then shifted right by `n` (arithmetic for signed, logical for unsigned), all
 * with 32-bit wrap-around.
 */
export const xpulpMac = module('xpulp_mac', (m) => {
  const op = m.input('op', MAC_OP_T);
  const high = m.input('high', Bool());
  const signed = m.input('signed', Bool());
  const accumulate = m.input('accumulate', Bool());
  const round = m.input('round', Bool());
  const n = m.input('n', UInt(5));
  const a = m.input('a', UInt(32));
  const b = m.input('b', UInt(32));
  const acc = m.input('acc', UInt(32));
  const result = m.output('result', UInt(32));

  const full = m.named('full_product', a.mul(b));
  const half = (v: Expr): Expr => {
    const h = mux(high, v.bits(31, 16), v.bits(15, 0));
    return cat(mux(signed, h.bit(15), lit(0, 1)), h).asSInt();
  };
  const product = m.named('half_product', half(a).mulFull(half(b)).asUInt().bits(31, 0));
  const rounding = mux(round.and(n.ne(0)), lit(1, 32).shl(n.zext(6).sub(1)), lit(0, 32));
  const sum = m.named('half_sum', product.add(mux(accumulate, acc, lit(0, 32))).add(rounding));
  const shifted = mux(signed, sum.asSInt().shr(n).asUInt(), sum.shr(n));
  result.set(mux(op.eq(MacOp.mac), acc.add(full), mux(op.eq(MacOp.msu), acc.sub(full), shifted)));
  return { op, high, signed, accumulate, round, n, a, b, acc, result };
});

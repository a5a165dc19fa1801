import { Bool, cat, lit, module, mux, UInt, type Expr } from '../../hdl/index.ts';
import { SIMD_OP_T, SimdOp } from '../units/simd-alu.ts';

/**
 * The lane-by-lane operations XpulpNN defines on nibbles (.n) and crumbs (.c) (ISA table, extension
 * xpulpnn), named as in the core's `SimdOp` codes so the core's SIMD_OP decode value drives this unit.
 */
export const SIMD_NC_OPS = ['add', 'sub', 'avg', 'avgu', 'min', 'minu', 'max', 'maxu', 'srl', 'sra', 'sll', 'or', 'xor', 'and', 'abs'] as const;
export type SimdNcOp = (typeof SIMD_NC_OPS)[number];
/**
 * Comparisons (lane all ones when true): XpulpNN has no `.n`/`.c` compare rows, but the status-based mode
 * runs the `.h`/`.b` compare rows on 4/2-bit lanes (spec §5.2; the golden model's rule).
 */
export const SIMD_NC_COMPARES = ['cmpeq', 'cmpne', 'cmpgt', 'cmpge', 'cmplt', 'cmple', 'cmpgtu', 'cmpgeu', 'cmpltu', 'cmpleu'] as const;

/** One w-bit lane of operation `op`; results wrap to the lane (the golden model's `map2` / `abs`). */
function laneResult(op: Expr, ua: Expr, ub: Expr, w: number, compares: boolean): Expr {
  const sa = ua.asSInt(), sb = ub.asSInt();
  const amount = ub.bits(Math.log2(w) - 1, 0);
  const sum = ua.add(ub);
  const results: Record<SimdNcOp, Expr> = {
    add: sum,
    sub: ua.sub(ub),
    avg: sum.asSInt().shr(1).asUInt(), // the sum wraps to the lane first (GVSoC)
    avgu: sum.shr(1),
    min: mux(sa.lt(sb), ua, ub),
    minu: mux(ua.lt(ub), ua, ub),
    max: mux(sa.gt(sb), ua, ub),
    maxu: mux(ua.gt(ub), ua, ub),
    srl: ua.shr(amount),
    sra: sa.shr(amount).asUInt(),
    sll: ua.shl(amount),
    or: ua.or(ub),
    xor: ua.xor(ub),
    and: ua.and(ub),
    abs: mux(ua.bit(w - 1), lit(0, w).sub(ua), ua),
  };
  let v: Expr = lit(0, w);
  for (const name of SIMD_NC_OPS) v = mux(op.eq(SimdOp[name]), results[name], v);
  if (!compares) return v;
  const flag = (c: Expr) => mux(c, lit((1 << w) - 1, w), lit(0, w));
  const cmp: Record<(typeof SIMD_NC_COMPARES)[number], Expr> = {
    cmpeq: ua.eq(ub), cmpne: ua.ne(ub), cmpgt: sa.gt(sb), cmpge: sa.ge(sb), cmplt: sa.lt(sb), cmple: sa.le(sb),
    cmpgtu: ua.gt(ub), cmpgeu: ua.ge(ub), cmpltu: ua.lt(ub), cmpleu: ua.le(ub),
  };
  for (const name of SIMD_NC_COMPARES) v = mux(op.eq(SimdOp[name]), flag(cmp[name]), v);
  return v;
}

/**
 * Packed-SIMD ALU for `width`-bit lanes (4: nibble `.n`, 2: crumb `.c`; 8 and 16 work too), combinational
 * (EX): `result` lane i = op(a lane i, b lane i), with `b`'s lane 0 replicated into every lane when `sc`
 * (the `.sc` forms). `abs` reads `a` only. With `compares`, also SIMD_NC_COMPARES. Other operation codes
 * give 0.
 */
export const simdNc = module(
  'flexv_simd_nc',
  (m, p: { width: number; compares: boolean }) => {
    m.require([16, 8, 4, 2].includes(p.width), `width must be 16, 8, 4 or 2 (got ${p.width})`);
    const w = p.width, n = 32 / w;
    const op = m.input('op', SIMD_OP_T);
    const sc = m.input('sc', Bool());
    const a = m.input('a', UInt(32));
    const b = m.input('b', UInt(32));
    const result = m.output('result', UInt(32));
    const lane = (v: Expr, i: number) => v.bits(i * w + w - 1, i * w);
    const splat = cat(...Array.from({ length: n }, () => lane(b, 0)));
    const operandB = m.named('operand_b', mux(sc, splat, b));
    const lanes = Array.from({ length: n }, (_, i) => laneResult(op, lane(a, i), lane(operandB, i), w, p.compares));
    result.set(cat(...lanes.reverse()));
    return { op, sc, a, b, result };
  },
  { defaults: { width: 4, compares: false } },
);
export default simdNc;

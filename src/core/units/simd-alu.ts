import { Bool, cat, Enum, type Expr, index, lit, module, mux, UInt } from '../../hdl/index.ts';

/** Packed-SIMD operations (XpulpV2 .h and .b lanes); 0 = none. The first 24 are lane-by-lane on a, b. */
export const SIMD_OP_T = Enum('simd_op', {
  add: 1, sub: 2, avg: 3, avgu: 4, min: 5, minu: 6, max: 7, maxu: 8, srl: 9, sra: 10, sll: 11, or: 12, xor: 13, and: 14,
  cmpeq: 15, cmpne: 16, cmpgt: 17, cmpge: 18, cmplt: 19, cmple: 20, cmpgtu: 21, cmpgeu: 22, cmpltu: 23, cmpleu: 24,
  abs: 25, extract: 26, extractu: 27, insert: 28, shuffle: 29, shuffle2: 30, shuffleImm: 31, pack: 32, packhi: 33, packlo: 34,
}, { width: 6, prefix: 'SIMD' });
export const SimdOp = SIMD_OP_T.values;
export const SIMD_OP_WIDTH = SIMD_OP_T.width;

/** One lane of a lane-by-lane operation: w-bit operands, w-bit result. */
function laneOp(op: Expr, ua: Expr, ub: Expr, w: number): Expr {
  const sa = ua.asSInt();
  const sb = ub.asSInt();
  const all = lit((1 << w) - 1, w);
  const zero = lit(0, w);
  const flag = (c: Expr) => mux(c, all, zero);
  const amount = ub.bits(Math.log2(w) - 1, 0);
  const sum = ua.add(ub);
  const table: Array<[number, Expr]> = [
    [SimdOp.add, sum],
    [SimdOp.sub, ua.sub(ub)],
    [SimdOp.avg, sum.asSInt().shr(1).asUInt()], // the sum wraps to the lane first (GVSoC)
    [SimdOp.avgu, sum.shr(1)],
    [SimdOp.min, mux(sa.lt(sb), ua, ub)],
    [SimdOp.minu, mux(ua.lt(ub), ua, ub)],
    [SimdOp.max, mux(sa.gt(sb), ua, ub)],
    [SimdOp.maxu, mux(ua.gt(ub), ua, ub)],
    [SimdOp.srl, ua.shr(amount)],
    [SimdOp.sra, sa.shr(amount).asUInt()],
    [SimdOp.sll, ua.shl(amount)],
    [SimdOp.or, ua.or(ub)],
    [SimdOp.xor, ua.xor(ub)],
    [SimdOp.and, ua.and(ub)],
    [SimdOp.cmpeq, flag(ua.eq(ub))],
    [SimdOp.cmpne, flag(ua.ne(ub))],
    [SimdOp.cmpgt, flag(sa.gt(sb))],
    [SimdOp.cmpge, flag(sa.ge(sb))],
    [SimdOp.cmplt, flag(sa.lt(sb))],
    [SimdOp.cmple, flag(sa.le(sb))],
    [SimdOp.cmpgtu, flag(ua.gt(ub))],
    [SimdOp.cmpgeu, flag(ua.ge(ub))],
    [SimdOp.cmpltu, flag(ua.lt(ub))],
    [SimdOp.cmpleu, flag(ua.le(ub))],
    [SimdOp.abs, mux(ua.bit(w - 1), zero.sub(ua), ua)],
  ];
  let v: Expr = zero;
  for (const [code, e] of table) v = mux(op.eq(code), e, v);
  return v;
}

const lanesOf = (v: Expr, w: number): Expr[] => Array.from({ length: 32 / w }, (_, i) => v.bits(i * w + w - 1, i * w));
const join = (lanes: Expr[]): Expr => cat(...[...lanes].reverse());

/**
 * The XpulpV2 packed-SIMD ALU for 16-bit (`byte` low) and 8-bit (`byte` high) lanes: lane-by-lane
 * arithmetic, shifts and comparisons, abs, lane extract/insert, shuffles and packs. `b` arrives already
 * formed (rs2, its lane 0 replicated, or the immediate replicated); `c` is the old rd; `imm` the lane
 * index or shuffle pattern; `top` the fixed lane-3 source of pv.shuffleiN.b.sci (`top_valid`).
 */
export const simdAlu = module('simd_alu', (m) => {
  const op = m.input('op', SIMD_OP_T);
  const byte = m.input('byte', Bool());
  const a = m.input('a', UInt(32));
  const b = m.input('b', UInt(32));
  const c = m.input('c', UInt(32));
  const imm = m.input('imm', UInt(8));
  const top = m.input('top', UInt(2));
  const topValid = m.input('top_valid', Bool());
  const result = m.output('result', UInt(32));

  const forWidth = (w: number): Expr => {
    const n = 32 / w;
    const sel = Math.log2(n);
    const la = lanesOf(a, w);
    const lb = lanesOf(b, w);
    const lc = lanesOf(c, w);
    const laneWise = join(la.map((x, i) => laneOp(op, x, lb[i]!, w)));
    const lane = imm.bits(sel - 1, 0);
    const picked = index(la, lane);
    const extract = mux(op.eq(SimdOp.extract), picked.sext(32), picked.zext(32));
    const insert = join(lc.map((x, i) => mux(lane.eq(i), la[0]!, x)));
    const shuffle = join(lb.map((s) => index(la, s.bits(sel - 1, 0))));
    const shuffle2 = join(lb.map((s) => mux(s.bit(sel), index(la, s.bits(sel - 1, 0)), index(lc, s.bits(sel - 1, 0)))));
    const bitsPer = n === 2 ? 1 : 2;
    const shuffleImm = join(
      la.map((_, i) => {
        const field = imm.bits(i * bitsPer + bitsPer - 1, i * bitsPer);
        const s = i === 3 ? mux(topValid, top, field) : field;
        return index(la, s);
      }),
    );
    let v: Expr = laneWise;
    v = mux(op.eq(SimdOp.extract).or(op.eq(SimdOp.extractu)), extract, v);
    v = mux(op.eq(SimdOp.insert), insert, v);
    v = mux(op.eq(SimdOp.shuffle), shuffle, v);
    v = mux(op.eq(SimdOp.shuffle2), shuffle2, v);
    v = mux(op.eq(SimdOp.shuffleImm), shuffleImm, v);
    return v;
  };
  const half = m.named('half_result', forWidth(16));
  const bytes = m.named('byte_result', forWidth(8));
  const packs = mux(
    op.eq(SimdOp.pack),
    cat(a.bits(15, 0), b.bits(15, 0)),
    mux(op.eq(SimdOp.packhi), cat(a.bits(7, 0), b.bits(7, 0), c.bits(15, 0)), cat(c.bits(31, 16), a.bits(7, 0), b.bits(7, 0))),
  );
  const isPack = op.eq(SimdOp.pack).or(op.eq(SimdOp.packhi)).or(op.eq(SimdOp.packlo));
  result.set(mux(isPack, packs, mux(byte, bytes, half)));
  return { op, byte, a, b, c, imm, top, topValid, result };
});

/**
 * The dot-product unit: acc (when accumulating) + the sum of the products of the lanes of a and b,
 * 16-bit (2 products) or 8-bit (4 products) lanes, each operand signed or unsigned, modulo 2^32.
 */
export const dotpUnit = module('simd_dotp_unit', (m) => {
  const byte = m.input('byte', Bool());
  const signA = m.input('sign_a', Bool());
  const signB = m.input('sign_b', Bool());
  const accumulate = m.input('accumulate', Bool());
  const a = m.input('a', UInt(32));
  const b = m.input('b', UInt(32));
  const acc = m.input('acc', UInt(32));
  const result = m.output('result', UInt(32));
  const dot = (w: number): Expr => {
    const ext = (v: Expr, s: Expr) => cat(mux(s, v.bit(w - 1), lit(0, 1)), v).asSInt();
    const la = lanesOf(a, w);
    const lb = lanesOf(b, w);
    // Products modulo 2^32 (16-bit lanes give 34-bit products), sign-extended for narrower ones.
    const products = la.map((x, i) => {
      const p = ext(x, signA).mulFull(ext(lb[i]!, signB));
      return (p.width > 32 ? p.asUInt().trunc(32) : p.sext(32).asUInt());
    });
    return products.reduce((p, q) => p.add(q));
  };
  const sum = mux(byte, m.named('dot_b', dot(8)), m.named('dot_h', dot(16)));
  result.set(sum.add(mux(accumulate, acc, lit(0, 32))));
  return { byte, signA, signB, accumulate, a, b, acc, result };
});

import { Enum, type Expr, lit, module, mux, sumAll, UInt } from '../../hdl/index.ts';

/** XpulpV2 ALU-extra and bit-manipulation operations; 0 = none. */
export const XALU_OP_T = Enum('xalu_op', {
  avgu: 1, slet: 2, sletu: 3, min: 4, minu: 5, max: 6, maxu: 7, ror: 8, ff1: 9, fl1: 10, clb: 11, cnt: 12,
  exths: 13, exthz: 14, extbs: 15, extbz: 16, abs: 17, clip: 18, clipu: 19, extract: 20, extractu: 21, insert: 22,
  bset: 23, bclr: 24, addN: 25, adduN: 26, addRN: 27, adduRN: 28, subN: 29, subuN: 30, subRN: 31, subuRN: 32,
}, { width: 6, prefix: 'XALU' });
export const XAluOp = XALU_OP_T.values;
export const XALU_OP_WIDTH = XALU_OP_T.width;

const ONES = 0xffffffff;

/**
 * The XpulpV2 scalar ALU: comparisons, min/max, abs, sign/zero extension, clipping, rotate, bit counting and
 * bit-field operations, and the add/sub-with-normalisation family. Operands arrive already selected by the
 * part (register or immediate forms): `a`, `b` the sources, `c` the old rd (p.insert), `hi` the clip bound,
 * `fw`/`fs` a bit field's width - 1 and position, `x`/`y`/`n` the operands and shift of p.add/subN.
 */
export const xpulpAlu = module('xpulp_alu', (m) => {
  const op = m.input('op', XALU_OP_T);
  const a = m.input('a', UInt(32));
  const b = m.input('b', UInt(32));
  const c = m.input('c', UInt(32));
  const hi = m.input('hi', UInt(32));
  const fw = m.input('fw', UInt(5));
  const fs = m.input('fs', UInt(5));
  const x = m.input('x', UInt(32));
  const y = m.input('y', UInt(32));
  const n = m.input('n', UInt(5));
  const result = m.output('result', UInt(32));

  const sa = a.asSInt();
  const sb = b.asSInt();
  const ones = lit(ONES, 32);
  const bits = Array.from({ length: 32 }, (_, i) => a.bit(i));
  // Lowest / highest set bit (32 when none).
  let ff1: Expr = lit(32, 6);
  for (let i = 31; i >= 0; i--) ff1 = mux(bits[i]!, lit(i, 6), ff1);
  const highest = (v: Expr): Expr => {
    let r: Expr = lit(32, 6);
    for (let i = 0; i < 32; i++) r = mux(v.bit(i), lit(i, 6), r);
    return r;
  };
  const fl1 = m.named('fl1', highest(a));
  const inv = mux(a.bit(31), a.not(), a);
  const invHigh = highest(inv);
  const clz = mux(invHigh.eq(32), lit(32, 6), lit(31, 6).sub(invHigh));
  const clb = mux(a.eq(0), lit(0, 6), clz.sub(1));
  const cnt = sumAll(bits.map((v) => v.zext(6)));

  // Bit fields: width fw + 1 at fs; extract clamps the width to the word.
  const width = fw.zext(6).add(1);
  const room = lit(32, 6).sub(fs.zext(6));
  const wEff = mux(width.gt(room), room, width);
  const shifted = m.named('field_shifted', a.shr(fs));
  const lowEff = ones.shl(wEff).not();
  const sign = shifted.shr(wEff.sub(1)).bit(0);
  const extractS = mux(sign, shifted.or(lowEff.not()), shifted.and(lowEff));
  const fieldMask = m.named('field_mask', ones.shl(width).not().shl(fs));
  const rotate = m.named('rotate', a.shr(b.bits(4, 0)).or(a.shl(lit(32, 6).sub(b.bits(4, 0).zext(6)))));
  // Clip to [lo, hi] with lo = -hi - 1 (signed) or 0; the high bound is tested first.
  const sHi = hi.asSInt();
  const clipTo = (lo: Expr): Expr => mux(sa.gt(sHi), hi, mux(sa.lt(lo.asSInt()), lo, a));
  // (x +- y + round) >> n, 32-bit wrap-around.
  const round = mux(n.eq(0), lit(0, 32), lit(1, 32).shl(n.zext(6).sub(1)));
  const sum = (sub: boolean, rounded: boolean): Expr => (sub ? x.sub(y) : x.add(y)).add(rounded ? round : lit(0, 32));
  const norm = (v: Expr, unsigned: boolean): Expr => (unsigned ? v.shr(n) : v.asSInt().shr(n).asUInt());

  const value = m.wire('value', UInt(32));
  m.switch(op)
    .is(XAluOp.avgu, () => value.set(a.add(b).shr(1)))
    .is(XAluOp.slet, () => value.set(sa.le(sb).zext(32)))
    .is(XAluOp.sletu, () => value.set(a.le(b).zext(32)))
    .is(XAluOp.min, () => value.set(mux(sa.lt(sb), a, b)))
    .is(XAluOp.minu, () => value.set(mux(a.lt(b), a, b)))
    .is(XAluOp.max, () => value.set(mux(sa.gt(sb), a, b)))
    .is(XAluOp.maxu, () => value.set(mux(a.gt(b), a, b)))
    .is(XAluOp.ror, () => value.set(rotate))
    .is(XAluOp.ff1, () => value.set(ff1.zext(32)))
    .is(XAluOp.fl1, () => value.set(fl1.zext(32)))
    .is(XAluOp.clb, () => value.set(clb.zext(32)))
    .is(XAluOp.cnt, () => value.set(cnt.zext(32)))
    .is(XAluOp.exths, () => value.set(a.bits(15, 0).sext(32)))
    .is(XAluOp.exthz, () => value.set(a.bits(15, 0).zext(32)))
    .is(XAluOp.extbs, () => value.set(a.bits(7, 0).sext(32)))
    .is(XAluOp.extbz, () => value.set(a.bits(7, 0).zext(32)))
    .is(XAluOp.abs, () => value.set(mux(a.bit(31), lit(0, 32).sub(a), a)))
    .is(XAluOp.clip, () => value.set(clipTo(hi.not())))
    .is(XAluOp.clipu, () => value.set(clipTo(lit(0, 32))))
    .is(XAluOp.extract, () => value.set(extractS))
    .is(XAluOp.extractu, () => value.set(shifted.and(lowEff)))
    .is(XAluOp.insert, () => value.set(c.and(fieldMask.not()).or(a.shl(fs).and(fieldMask))))
    .is(XAluOp.bset, () => value.set(a.or(fieldMask)))
    .is(XAluOp.bclr, () => value.set(a.and(fieldMask.not())))
    .is(XAluOp.addN, () => value.set(norm(sum(false, false), false)))
    .is(XAluOp.adduN, () => value.set(norm(sum(false, false), true)))
    .is(XAluOp.addRN, () => value.set(norm(sum(false, true), false)))
    .is(XAluOp.adduRN, () => value.set(norm(sum(false, true), true)))
    .is(XAluOp.subN, () => value.set(norm(sum(true, false), false)))
    .is(XAluOp.subuN, () => value.set(norm(sum(true, false), true)))
    .is(XAluOp.subRN, () => value.set(norm(sum(true, true), false)))
    .is(XAluOp.subuRN, () => value.set(norm(sum(true, true), true)))
    .default(() => value.set(0));
  result.set(value);
  return { op, a, b, c, hi, fw, fs, x, y, n, result };
});

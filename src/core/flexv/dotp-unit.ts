import { Bool, lit, module, mux, UInt, type Expr, type ModuleBuilder } from '../../hdl/index.ts';
import { LANE_FMT_T, laneFormatOf } from './formats.ts';
import { mixedPairs, steerOperand, wideFormat } from './operand-steer.ts';

/**
 * The sum of products of one diagonal block of the lanes: bits [lo, lo + w) of both operands, in the
 * lane format `fmt`. When the lanes are at least `w` wide the block is (part of) one lane and the value is
 * its full product, built from the two diagonal half-blocks, which recurse, and two cross products, which
 * only wide lanes need; when the lanes are narrower the block holds whole lanes and the value is the sum
 * of the two half-blocks' values. So the 2-bit leaf products serve every format, the 4-bit cross products
 * every format from 4 bits up, and so on: one multiplier tree for 16/8/4/2-bit lanes.
 *
 * A full product is signed in `a` only when this block holds the top bits of a signed lane; which block
 * that is depends on the format, a constant per block and format. Result: SInt(2w + 2).
 */
function block(a: Expr, b: Expr, lo: number, w: number, fmt: Expr, signA: Expr, signB: Expr): Expr {
  const holdsLaneTop = orFormats(fmt, w, (lane) => (lo + w) % lane === 0);
  const sa = signA.and(holdsLaneTop), sb = signB.and(holdsLaneTop);
  const sliceA = a.bits(lo + w - 1, lo), sliceB = b.bits(lo + w - 1, lo);
  const ext = (v: Expr, s: Expr) => mux(s, v.sext(w + 1), v.zext(w + 1)).asSInt();
  if (w === 2) return ext(sliceA, sa).mulFull(ext(sliceB, sb));

  const h = w / 2, out = 2 * w + 2;
  const low = block(a, b, lo, h, fmt, signA, signB).sext(out);
  const high = block(a, b, lo + h, h, fmt, signA, signB).sext(out);
  // Cross products of the halves: the low half of a lane is never its sign-carrying part.
  const lowA = sliceA.bits(h - 1, 0).zext(h + 1).asSInt(), lowB = sliceB.bits(h - 1, 0).zext(h + 1).asSInt();
  const highA = mux(sa, sliceA.bits(w - 1, h).sext(h + 1), sliceA.bits(w - 1, h).zext(h + 1)).asSInt();
  const highB = mux(sb, sliceB.bits(w - 1, h).sext(h + 1), sliceB.bits(w - 1, h).zext(h + 1)).asSInt();
  const cross = lowA.mulFull(highB).sext(out).add(highA.mulFull(lowB).sext(out));
  const full = cross.shl(h).add(high.shl(w));
  const lanesAtLeastW = fmt.le(laneFormatOf(w));
  return low.add(mux(lanesAtLeastW, full, high));
}

/** OR over the lane widths >= w for which `pred(lane width)` holds of `fmt == that format`. */
function orFormats(fmt: Expr, w: number, pred: (lane: number) => boolean): Expr {
  let any: Expr = lit(0, 1);
  for (const lane of [16, 8, 4, 2]) if (lane >= w && pred(lane)) any = any.or(fmt.eq(laneFormatOf(lane)));
  return any;
}

/**
 * The Flex-V dot-product unit, combinational (single cycle in EX): `result = (accumulate ? acc : 0) +
 * sum of lane products` modulo 2^32. `a` holds activations in format `fmt_a`, `b` weights in `fmt_b`
 * (codes of formats.ts: 0 16-bit, 1 8-bit, 2 4-bit, 3 2-bit), each signed or not. Equal formats are the
 * uniform dot products (pv.[s]dot*.{h,b,n,c}, Mac&Load); different formats are the mixed
 * formats of spec §5.3 (5..10, and 11..13 with `extensionFormats`), the narrower operand supplying its sub-group `idx` (mod R).
 */
/** What a dot-product datapath gets: both operands steered to the wider format, that format, the signs. */
export interface SteeredOperands {
  m: ModuleBuilder;
  opA: Expr;
  opB: Expr;
  fmt: Expr;
  signA: Expr;
  signB: Expr;
  /** `acc` when accumulating, else 0. */
  accIn: Expr;
}

/**
 * A dot-product unit with the ports, operand steering and accumulate select of `flexv_dotp_unit`, and
 * `datapath` computing `accIn + sum of lane products` (mod 2^32). The core's unit and the designs that
 * measure alternatives to it (test/datapath/designs) differ only in `datapath`.
 */
export interface DotpParams {
  /**
   * flexv's extension formats (spec §5.3 values 11..13: the activations the narrower operand). Without
   * them operand A is never steered: exactly the published core's mixed formats (values 5..10).
   */
  extensionFormats: boolean;
}

/** Bits of the sub-group input: `ivec_mixed_cycle` (spec §5.1), taken modulo R. */
export const DOTP_IDX_BITS = 3;

export function dotpModule(name: string, datapath: (ops: SteeredOperands) => Expr) {
  return module(name, (m, p: DotpParams) => {
    const fmtA = m.input('fmt_a', LANE_FMT_T);
    const fmtB = m.input('fmt_b', LANE_FMT_T);
    const signA = m.input('sign_a', Bool());
    const signB = m.input('sign_b', Bool());
    const idx = m.input('idx', UInt(DOTP_IDX_BITS));
    const accumulate = m.input('accumulate', Bool());
    const a = m.input('a', UInt(32));
    const b = m.input('b', UInt(32));
    const acc = m.input('acc', UInt(32));
    const result = m.output('result', UInt(32));

    const fmt = m.named('lane_fmt', wideFormat(fmtA, fmtB), LANE_FMT_T);
    const pairs = mixedPairs();
    const opA = m.named('op_a', steerOperand(a, fmtA, fmtB, idx, signA, p.extensionFormats ? pairs.activations : []));
    const opB = m.named('op_b', steerOperand(b, fmtB, fmtA, idx, signB, pairs.weights));
    result.set(datapath({ m, opA, opB, fmt, signA, signB, accIn: mux(accumulate, acc, lit(0, 32)) }));
    return { fmtA, fmtB, signA, signB, idx, accumulate, a, b, acc, result };
  }, { defaults: { extensionFormats: true } });
}

export const dotpUnit = dotpModule('flexv_dotp_unit', ({ m, opA, opB, fmt, signA, signB, accIn }) => {
  const halves = [0, 16].map((lo) => block(opA, opB, lo, 16, fmt, signA, signB).asUInt().trunc(32));
  return m.named('dot_sum', halves[0]!.add(halves[1]!)).add(accIn);
});
export default dotpUnit;

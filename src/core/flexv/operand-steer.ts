import { cat, index, mux, type Expr } from '../../hdl/index.ts';
import { laneWidth } from './formats.ts';

/** The (narrow, wide) format-code pairs of spec §5 where the narrower operand supplies a sub-group. */
const MIXED_PAIRS: ReadonlyArray<readonly [narrow: number, wide: number]> = [
  [2, 1], // 4-bit under 8-bit: R = 2, L = 4
  [3, 1], // 2-bit under 8-bit: R = 4, L = 4
  [3, 2], // 2-bit under 4-bit: R = 2, L = 8
];

/** The element `k` (width w) of `v`. */
const element = (v: Expr, k: number, w: number): Expr => v.bits(k * w + w - 1, k * w);

/**
 * Spreads the `lanes` elements of `group` (each `wn` bits) into `lanes` lanes of `wide` bits, each
 * sign- or zero-extended: the operand the wide lanes multiply against.
 */
function spread(group: Expr, lanes: number, wn: number, wide: number, signed: Expr): Expr {
  const lanesOut = Array.from({ length: lanes }, (_, k) => {
    const e = element(group, k, wn);
    return mux(signed, e.sext(wide), e.zext(wide));
  });
  return cat(...lanesOut.reverse());
}

/**
 * One operand of a (possibly mixed) dot product brought to the lane width of the wider format (spec §5):
 * when `fmt` is narrower than `other`, the group `idx mod R` of L elements is selected and each element
 * extended (`signed`); otherwise the operand passes unchanged. Only the pairs of spec §5 (8/4/2-bit) are
 * steered; a 16-bit lane with a narrower partner is not a legal combination and passes unchanged.
 */
export function steerOperand(x: Expr, fmt: Expr, other: Expr, idx: Expr, signed: Expr): Expr {
  let out: Expr = x;
  for (const [narrow, wide] of MIXED_PAIRS) {
    const wn = laneWidth(narrow), ww = laneWidth(wide);
    const lanes = 32 / ww, ratio = ww / wn, groupBits = lanes * wn;
    const groups = Array.from({ length: ratio }, (_, g) => element(x, g, groupBits));
    // R is a power of two, so idx mod R is idx's low log2(R) bits.
    const group = index(groups, idx.bits(Math.log2(ratio) - 1, 0));
    const hit = fmt.eq(narrow).and(other.eq(wide));
    out = mux(hit, spread(group, lanes, wn, ww, signed), out);
  }
  return out;
}

/** The format code of the lanes the products are formed in: the wider of the two (the smaller code). */
export function wideFormat(fmtA: Expr, fmtB: Expr): Expr {
  return mux(fmtA.lt(fmtB), fmtA, fmtB);
}

/**
 * The `.sc` operand of every lane format: lane 0 of `v` (width of format `fmt`) copied into every lane,
 * as the golden model's `splat`. For the core's `.sc` forms of the 4- and 2-bit dot products and ALU ops.
 */
export function replicateLane0(v: Expr, fmt: Expr): Expr {
  const copies = [16, 8, 4, 2].map((w) => v.bits(w - 1, 0).repeat(32 / w));
  return index(copies, fmt);
}

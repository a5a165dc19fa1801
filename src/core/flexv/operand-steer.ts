import { cat, index, mux, type Expr } from '../../hdl/index.ts';
import { VEC_FORMATS } from '../../isa/vec-formats.ts';
import { laneFormatOf, laneWidth } from './formats.ts';

/** A (narrow, wide) pair of lane-format codes (formats.ts) where the narrower operand supplies a sub-group. */
export type MixedPair = readonly [narrow: number, wide: number];

/**
 * The mixed formats of spec §5.3 as (narrow, wide) lane-format code pairs, derived from `VEC_FORMATS`:
 * `weights` those where the weights (operand B) are the narrower operand (values 5..10, the published
 * core's), `activations` those where the activations (operand A) are (values 11..13, flexv's extension).
 */
export function mixedPairs(): { weights: MixedPair[]; activations: MixedPair[] } {
  const weights: MixedPair[] = [], activations: MixedPair[] = [];
  for (const f of VEC_FORMATS) {
    if (!f.act || !f.wt || f.act === f.wt) continue;
    if (f.wt < f.act) weights.push([laneFormatOf(f.wt), laneFormatOf(f.act)]);
    else activations.push([laneFormatOf(f.act), laneFormatOf(f.wt)]);
  }
  return { weights, activations };
}

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
 * One operand of a (possibly mixed) dot product brought to the lane width of the wider format (spec §5.3):
 * when (`fmt`, `other`) is one of `pairs` (this operand the narrower), the group `idx mod R` of L elements
 * is selected and each element extended (`signed`); otherwise the operand passes unchanged.
 */
export function steerOperand(x: Expr, fmt: Expr, other: Expr, idx: Expr, signed: Expr, pairs: readonly MixedPair[]): Expr {
  let out: Expr = x;
  for (const [narrow, wide] of pairs) {
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

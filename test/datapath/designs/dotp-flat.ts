// Measurement design, not part of the core: the shared multiplier tree of src/core/flexv/dotp-unit.ts
// with the per-level combine adders replaced by one flat sum: every leaf and cross product enters a single
// adder tree at a format-dependent weight (gated copies), so Yosys can build one carry-save tree.
import { lit, mux, sumAll, type Expr } from '../../../src/hdl/index.ts';
import { dotpModule } from '../../../src/core/flexv/dotp-unit.ts';
import { laneFormatOf } from '../../../src/core/flexv/formats.ts';

const LANES = [16, 8, 4, 2];
type Shifts = Array<number | null>; // per format code: weight shift of a block's value, null = unused

function terms(a: Expr, b: Expr, lo: number, w: number, fmt: Expr, signA: Expr, signB: Expr, shifts: Shifts, out: Array<[Expr, Shifts]>): void {
  let top: Expr = lit(0, 1);
  for (const lane of LANES) if (lane >= w && (lo + w) % lane === 0) top = top.or(fmt.eq(laneFormatOf(lane)));
  const sa = signA.and(top), sb = signB.and(top);
  const sliceA = a.bits(lo + w - 1, lo), sliceB = b.bits(lo + w - 1, lo);
  const ext = (v: Expr, s: Expr, n: number) => mux(s, v.sext(n), v.zext(n)).asSInt();
  if (w === 2) {
    out.push([ext(sliceA, sa, 3).mulFull(ext(sliceB, sb, 3)), shifts]);
    return;
  }
  const h = w / 2;
  terms(a, b, lo, h, fmt, signA, signB, shifts, out);
  terms(a, b, lo + h, h, fmt, signA, signB, shifts.map((s, f) => (s === null ? null : s + (LANES[f]! >= w ? w : 0))), out);
  const cross = shifts.map((s, f) => (s === null || LANES[f]! < w ? null : s + h));
  const lowA = sliceA.bits(h - 1, 0).zext(h + 1).asSInt(), lowB = sliceB.bits(h - 1, 0).zext(h + 1).asSInt();
  out.push([lowA.mulFull(ext(sliceB.bits(w - 1, h), sb, h + 1)), cross]);
  out.push([ext(sliceA.bits(w - 1, h), sa, h + 1).mulFull(lowB), cross]);
}

export const dotpFlat = dotpModule('flexv_dotp_flat', ({ opA, opB, fmt, signA, signB, accIn }) => {
  const list: Array<[Expr, Shifts]> = [];
  for (const lo of [0, 16]) terms(opA, opB, lo, 16, fmt, signA, signB, [0, 0, 0, 0], list);
  const addends: Expr[] = [accIn];
  for (const [value, shifts] of list) {
    for (const s of new Set(shifts.filter((x): x is number => x !== null && x < 32))) {
      let on: Expr = lit(0, 1);
      shifts.forEach((x, f) => { if (x === s) on = on.or(fmt.eq(f)); });
      const wide = value.sext(Math.max(32, value.width)).asUInt().shl(s).trunc(32);
      addends.push(mux(on, wide, lit(0, 32)));
    }
  }
  return sumAll(addends).trunc(32);
});
export default dotpFlat;

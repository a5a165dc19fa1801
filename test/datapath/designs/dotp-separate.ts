// Measurement design, not part of the core: the Flex-V dot-product unit built the straightforward way,
// one dot product per lane width (16/8/4/2) on the same steered operands, muxed at the end. Synthesized
// beside src/core/flexv/dotp-unit.ts (shared multiplier tree) to measure what the sharing saves
// (docs/datapath.md). Also checked against the golden model in dotp-unit.test.ts.
import { cat, lit, mux, type Expr } from '../../../src/hdl/index.ts';
import { dotpModule } from '../../../src/core/flexv/dotp-unit.ts';
import { laneFormatOf } from '../../../src/core/flexv/formats.ts';

function dotAt(a: Expr, b: Expr, w: number, signA: Expr, signB: Expr): Expr {
  const ext = (v: Expr, s: Expr) => cat(mux(s, v.bit(w - 1), lit(0, 1)), v).asSInt();
  const products = Array.from({ length: 32 / w }, (_, i) => {
    const p = ext(a.bits(i * w + w - 1, i * w), signA).mulFull(ext(b.bits(i * w + w - 1, i * w), signB));
    return p.width > 32 ? p.asUInt().trunc(32) : p.sext(32).asUInt();
  });
  return products.reduce((p, q) => p.add(q));
}

export const dotpSeparate = dotpModule('flexv_dotp_separate', ({ m, opA, opB, fmt, signA, signB, accIn }) => {
  let sum: Expr = lit(0, 32);
  for (const w of [2, 4, 8, 16]) sum = mux(fmt.eq(laneFormatOf(w)), m.named(`dot_${w}`, dotAt(opA, opB, w, signA, signB)), sum);
  return sum.add(accIn);
});
export default dotpSeparate;

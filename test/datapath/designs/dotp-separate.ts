// Measurement design, not part of the core: the Flex-V dot-product unit built the straightforward way,
// one dot product per lane width (16/8/4/2) on the same steered operands, muxed at the end. Synthesized
// beside src/core/flexv/dotp-unit.ts (shared multiplier tree) to measure what the sharing saves
// (docs/datapath.md). Also checked against the golden model in dotp-unit.test.ts.
import { Bool, cat, lit, module, mux, UInt, type Expr } from '../../../src/hdl/index.ts';
import { LANE_FORMAT_BITS, laneFormatOf } from '../../../src/core/flexv/formats.ts';
import { steerOperand, wideFormat } from '../../../src/core/flexv/operand-steer.ts';

function dotAt(a: Expr, b: Expr, w: number, signA: Expr, signB: Expr): Expr {
  const ext = (v: Expr, s: Expr) => cat(mux(s, v.bit(w - 1), lit(0, 1)), v).asSInt();
  const products = Array.from({ length: 32 / w }, (_, i) => {
    const p = ext(a.bits(i * w + w - 1, i * w), signA).mulFull(ext(b.bits(i * w + w - 1, i * w), signB));
    return p.width > 32 ? p.asUInt().trunc(32) : p.sext(32).asUInt();
  });
  return products.reduce((p, q) => p.add(q));
}

export const dotpSeparate = module('flexv_dotp_separate', (m) => {
  const fmtA = m.input('fmt_a', UInt(LANE_FORMAT_BITS));
  const fmtB = m.input('fmt_b', UInt(LANE_FORMAT_BITS));
  const signA = m.input('sign_a', Bool());
  const signB = m.input('sign_b', Bool());
  const idx = m.input('idx', UInt(2));
  const accumulate = m.input('accumulate', Bool());
  const a = m.input('a', UInt(32));
  const b = m.input('b', UInt(32));
  const acc = m.input('acc', UInt(32));
  const result = m.output('result', UInt(32));
  const fmt = wideFormat(fmtA, fmtB);
  const opA = m.named('op_a', steerOperand(a, fmtA, fmtB, idx, signA));
  const opB = m.named('op_b', steerOperand(b, fmtB, fmtA, idx, signB));
  let sum: Expr = lit(0, 32);
  for (const w of [2, 4, 8, 16]) sum = mux(fmt.eq(laneFormatOf(w)), m.named(`dot_${w}`, dotAt(opA, opB, w, signA, signB)), sum);
  result.set(sum.add(mux(accumulate, acc, lit(0, 32))));
  return { fmtA, fmtB, signA, signB, idx, accumulate, a, b, acc, result };
});
export default dotpSeparate;

import { Bool, lit, module, mux, UInt, type Expr } from '../../hdl/index.ts';
import { csrByName, csrField, FIRST_EXTENSION_FORMAT, VEC_FORMAT_COUNT, VEC_FORMATS, type CsrDef } from '../../isa/index.ts';
import { LANE_FMT_T, laneFormatOf } from './formats.ts';

const FMT = csrByName('ivec_fmt')!, CYCLE = csrByName('ivec_mixed_cycle')!, SKIP = csrByName('ivec_skip_size')!, LEGACY = csrByName('sb_legacy')!;
const bitsOf = (d: CsrDef) => {
  const f = d.fields[0]!;
  return f.hi - f.lo + 1;
};
export const SB_CTRL_CSRS = { fmt: FMT, cycle: CYCLE, skip: SKIP, legacy: LEGACY } as const;
export const FMT_BITS = bitsOf(FMT);
export const CYCLE_BITS = bitsOf(CYCLE);
export const SKIP_BITS = bitsOf(SKIP);

/**
 * The format values a write of `ivec_fmt` may store (spec §5.3): 0..13, or 0..10 without flexv's extension
 * formats (a write of any other value leaves the CSR unchanged). The CSR file legalizes with this rule, so
 * the unit and the retirement record agree.
 */
export function storableFormats(extensionFormats: boolean): number {
  return extensionFormats ? VEC_FORMAT_COUNT : FIRST_EXTENSION_FORMAT;
}

export interface SbCtrlParams {
  extensionFormats: boolean;
}

/**
 * The Flex-V status-based state and mixed-precision controller (spec §5.1-§5.3): `sb_legacy` (reset 1),
 * `ivec_fmt`, `ivec_mixed_cycle` (`c`), `ivec_skip_size` and the hidden skip counter.
 *  - CSR ports (`<csr>_we`, `wdata`): a CSR instruction's legalized write (a reserved format never
 *    arrives: the CSR file keeps the old value). A write of the format, the cycle or the skip size resets
 *    the hidden counter.
 *  - `step`: a counted instruction (dot product, Mac&Load with rd != x0, status-based mode) retires: the
 *    counter increments; when it reaches max(skip, 1) it returns to 0 and, when R > 1, c becomes (c + 1)
 *    mod R. `wraps`/`cycle_write` say what a step would do now, `next_cycle` the new c: the retirement
 *    record's write of `ivec_mixed_cycle`.
 *  - Format decode for the datapath: `fmt_a`/`fmt_b` the lane-format codes (0 16-bit .. 3 2-bit) of the
 *    activations and weights, `wide` the code of the wider one (the lane width of ALU instructions),
 *    `mixed` (R > 1), `scalar` (format 0, VEC_MODE32).
 * Registers: 1 + 4 + 3 + 5 flip-flops of CSR state and the 5-bit counter.
 */
export const sbCtrl = module('flexv_sb_ctrl', (m, p: SbCtrlParams) => {
  const wdata = m.input('wdata', UInt(32));
  const fmtWe = m.input('fmt_we', Bool());
  const cycleWe = m.input('cycle_we', Bool());
  const skipWe = m.input('skip_we', Bool());
  const legacyWe = m.input('legacy_we', Bool());
  const step = m.input('step', Bool());
  const fmtOut = m.output('fmt', UInt(FMT_BITS));
  const cycleOut = m.output('cycle', UInt(CYCLE_BITS));
  const skipOut = m.output('skip', UInt(SKIP_BITS));
  const legacyOut = m.output('legacy', Bool());
  const fmtA = m.output('fmt_a', LANE_FMT_T);
  const fmtB = m.output('fmt_b', LANE_FMT_T);
  const wide = m.output('wide', UInt(2));
  const mixed = m.output('mixed', Bool());
  const scalar = m.output('scalar', Bool());
  const wraps = m.output('wraps', Bool());
  const cycleWrite = m.output('cycle_write', Bool());
  const nextCycle = m.output('next_cycle', UInt(CYCLE_BITS));

  const fmt = m.reg('fmt', UInt(FMT_BITS), { reset: FMT.reset as number });
  const cycle = m.reg('cycle', UInt(CYCLE_BITS), { reset: CYCLE.reset as number });
  const skip = m.reg('skip', UInt(SKIP_BITS), { reset: SKIP.reset as number });
  const legacy = m.reg('legacy', Bool(), { reset: LEGACY.reset as number });
  const count = m.reg('count', UInt(SKIP_BITS));

  // Format decode: a table over the storable values (others never reach the register).
  const formats = VEC_FORMATS.slice(1, storableFormats(p.extensionFormats));
  const pick = (f: (v: (typeof formats)[number]) => number, bits: number): Expr => {
    let v: Expr = lit(0, bits);
    for (const x of formats) v = mux(fmt.eq(x.value), lit(f(x), bits), v);
    return v;
  };
  const code = (w: number) => laneFormatOf(w);
  fmtA.set(pick((x) => code(x.act!), 2));
  fmtB.set(pick((x) => code(x.wt!), 2));
  wide.set(pick((x) => code(Math.max(x.act!, x.wt!)), 2));
  // R - 1 is a mask (R is 1, 2, 4 or 8): c mod R is c & (R - 1).
  const ratioMask = m.named('ratio_mask', pick((x) => x.groups - 1, CYCLE_BITS));
  const isMixed = m.named('is_mixed', ratioMask.ne(0));
  mixed.set(isMixed);
  scalar.set(fmt.eq(0));

  const counted = count.addc(1);
  const limit = mux(skip.eq(0), lit(1, SKIP_BITS), skip);
  const wrap = m.named('wrap', counted.ge(limit.zext(counted.width)));
  const next = m.named('cycle_next', cycle.and(ratioMask).add(1).and(ratioMask));
  wraps.set(wrap);
  cycleWrite.set(wrap.and(isMixed));
  nextCycle.set(next);

  const field = (d: CsrDef) => {
    const f = csrField(d, d.fields[0]!.name);
    return wdata.bits(f.hi, f.lo);
  };
  m.when(fmtWe, () => fmt.setNext(field(FMT)));
  m.when(legacyWe, () => legacy.setNext(field(LEGACY)));
  m.when(skipWe, () => skip.setNext(field(SKIP)));
  m.when(cycleWe, () => cycle.setNext(field(CYCLE))).elseWhen(step.and(wrap).and(isMixed), () => cycle.setNext(next));
  m.when(fmtWe.or(cycleWe).or(skipWe), () => count.setNext(lit(0, SKIP_BITS))).elseWhen(step, () => count.setNext(mux(wrap, lit(0, SKIP_BITS), counted.trunc(SKIP_BITS))));

  fmtOut.set(fmt);
  cycleOut.set(cycle);
  skipOut.set(skip);
  legacyOut.set(legacy);
  return { wdata, fmtWe, cycleWe, skipWe, legacyWe, step, fmt: fmtOut, cycle: cycleOut, skip: skipOut, legacy: legacyOut, fmtA, fmtB, wide, mixed, scalar, wraps, cycleWrite, nextCycle };
}, { defaults: { extensionFormats: true } });
export default sbCtrl;

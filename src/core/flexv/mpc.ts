import { Bool, cat, lit, module, mux, UInt, type Expr } from '../../hdl/index.ts';
import { csrByName, csrField, type CsrField } from '../../isa/csrs.ts';
import { LANE_FORMAT_BITS } from './formats.ts';

/** The `mpc` CSR's fields, from the ISA table (the one place they are defined). */
const MPC = csrByName('mpc')!;
export const MPC_LAYOUT = {
  afmt: csrField(MPC, 'afmt'), wfmt: csrField(MPC, 'wfmt'), skip: csrField(MPC, 'skip'),
  idx: csrField(MPC, 'idx'), cnt: csrField(MPC, 'cnt'),
} as const;
export const MPC_ADDRESS = MPC.address;
/** The format code no `mpc` write may store (spec §5: writing it keeps the old format). */
const RESERVED_FORMAT = 3;

const widthOf = (f: CsrField) => f.hi - f.lo + 1;
const fieldOf = (v: Expr, f: CsrField) => v.bits(f.hi, f.lo);

/**
 * The Flex-V mixed-precision controller: the `mpc` CSR (spec §5) and its step.
 *  - `csr_we`/`csr_wdata`: a CSR write of `mpc`; every field is taken as written except a reserved
 *    format (3), which keeps the old one. `mpc` reads the register (unused bits 0).
 *  - `step`: one mixed instruction executes: `cnt += 1`, and when `cnt >= max(skip, 1)`, `cnt = 0` and
 *    `idx = (idx mod R + 1) mod R` (R = wider/narrower width). `>=` so a `cnt` written above `skip`
 *    cannot wedge the counter; an `idx` written >= R is used (and advanced) modulo R. A write in the same
 *    cycle wins (the core issues them from one stage, so they never meet).
 *  - `fmt_a`/`fmt_b`: the formats as lane-format codes of formats.ts (mpc code + 1), and `idx` the
 *    sub-group in use (idx mod R): what the dot-product unit takes; `next` the `mpc` value after a step
 *    (the retirement record's `mpc` write).
 * Registers: 22 flip-flops, reset to 0 (8-bit x 8-bit, skip 0). Next state is one cycle after step/write.
 */
export const mpcUnit = module('flexv_mpc', (m) => {
  const csrWe = m.input('csr_we', Bool());
  const csrWdata = m.input('csr_wdata', UInt(32));
  const step = m.input('step', Bool());
  const mpc = m.output('mpc', UInt(32));
  const fmtA = m.output('fmt_a', UInt(LANE_FORMAT_BITS));
  const fmtB = m.output('fmt_b', UInt(LANE_FORMAT_BITS));
  const idxOut = m.output('idx', UInt(widthOf(MPC_LAYOUT.idx)));
  const nextOut = m.output('next', UInt(32));

  const L = MPC_LAYOUT;
  const afmt = m.reg('afmt', UInt(widthOf(L.afmt)));
  const wfmt = m.reg('wfmt', UInt(widthOf(L.wfmt)));
  const skip = m.reg('skip', UInt(widthOf(L.skip)));
  const idx = m.reg('idx', UInt(widthOf(L.idx)));
  const cnt = m.reg('cnt', UInt(widthOf(L.cnt)));

  const d = mpcDerive({ afmt, wfmt, skip, idx, cnt });
  const subGroup = m.named('sub_group', d.subGroup);

  const keepReserved = (reg: Expr, f: CsrField) => mux(fieldOf(csrWdata, f).eq(RESERVED_FORMAT), reg, fieldOf(csrWdata, f));
  m.when(csrWe, () => {
    afmt.setNext(keepReserved(afmt, L.afmt));
    wfmt.setNext(keepReserved(wfmt, L.wfmt));
    skip.setNext(fieldOf(csrWdata, L.skip));
    idx.setNext(fieldOf(csrWdata, L.idx));
    cnt.setNext(fieldOf(csrWdata, L.cnt));
  }).elseWhen(step, () => {
    idx.setNext(d.nextIdx);
    cnt.setNext(d.nextCnt);
  });

  mpc.set(mpcWord({ afmt, wfmt, skip, idx, cnt }));
  fmtA.set(d.fmtA);
  fmtB.set(d.fmtB);
  idxOut.set(subGroup);
  nextOut.set(mpcWord({ afmt, wfmt, skip, idx: d.nextIdx, cnt: d.nextCnt }));
  return { csrWe, csrWdata, step, mpc, fmtA, fmtB, idx: idxOut, next: nextOut };
});
export default mpcUnit;

/** The fields of an `mpc` value (a register or the CSR word). */
export interface MpcFields { afmt: Expr; wfmt: Expr; skip: Expr; idx: Expr; cnt: Expr }

export function mpcFieldsOf(v: Expr): MpcFields {
  const L = MPC_LAYOUT;
  return { afmt: fieldOf(v, L.afmt), wfmt: fieldOf(v, L.wfmt), skip: fieldOf(v, L.skip), idx: fieldOf(v, L.idx), cnt: fieldOf(v, L.cnt) };
}

/**
 * What the `mpc` state means, combinationally: the lane-format codes of both operands (mpc code + 1), the
 * sub-group in use (idx mod R) and the idx/cnt after one mixed instruction (the step rule above). Shared by
 * the standalone unit and the core's mixed part, which keeps `mpc` in the CSR file.
 */
export function mpcDerive(f: MpcFields): { fmtA: Expr; fmtB: Expr; subGroup: Expr; nextIdx: Expr; nextCnt: Expr } {
  // R - 1 as a mask: formats differ by 0, 1 or 2 halvings (R = 1, 2, 4).
  const distance = mux(f.afmt.gt(f.wfmt), f.afmt.sub(f.wfmt), f.wfmt.sub(f.afmt));
  const ratioMask = mux(distance.eq(0), lit(0, 2), mux(distance.eq(1), lit(1, 2), lit(3, 2)));
  const subGroup = f.idx.and(ratioMask);
  const count = f.cnt.addc(1);
  const limit = mux(f.skip.eq(0), lit(1, f.skip.width), f.skip);
  const advance = count.ge(limit.zext(count.width));
  const code = (fmt: Expr) => fmt.zext(LANE_FORMAT_BITS + 1).add(1).trunc(LANE_FORMAT_BITS);
  return {
    fmtA: code(f.afmt), fmtB: code(f.wfmt), subGroup,
    nextIdx: mux(advance, subGroup.add(1).and(ratioMask), f.idx),
    nextCnt: mux(advance, lit(0, f.cnt.width), count.trunc(f.cnt.width)),
  };
}

/** The `mpc` word of its fields. */
export function mpcWord(f: MpcFields): Expr {
  const L = MPC_LAYOUT;
  return packFields([[f.afmt, L.afmt], [f.wfmt, L.wfmt], [f.skip, L.skip], [f.idx, L.idx], [f.cnt, L.cnt]]);
}

/** A 32-bit word with each value at its field, zeros elsewhere. */
function packFields(values: Array<[Expr, CsrField]>): Expr {
  const sorted = [...values].sort((x, y) => y[1].lo - x[1].lo);
  const parts: Expr[] = [];
  let next = 31;
  for (const [v, f] of sorted) {
    if (f.hi < next) parts.push(lit(0, next - f.hi));
    parts.push(v);
    next = f.lo - 1;
  }
  if (next >= 0) parts.push(lit(0, next + 1));
  return cat(...parts);
}

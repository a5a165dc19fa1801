import { MPC_FIELDS } from './csr.ts';
import { dotSource, specializedDot } from './lanes.ts';

/**
 * Flex-V mixed precision (spec §5): the dot product selected by the `mpc` CSR and the step of its
 * sub-group counter. Field positions come from the ISA table's description of `mpc`.
 */
const field = (f: { hi: number; lo: number }) => ({ lo: f.lo, mask: (1 << (f.hi - f.lo + 1)) - 1 });
const AFMT = field(MPC_FIELDS.afmt), WFMT = field(MPC_FIELDS.wfmt), SKIP = field(MPC_FIELDS.skip);
const IDX = field(MPC_FIELDS.idx), CNT = field(MPC_FIELDS.cnt);

/** Operand width in bits of each format code (3 is reserved and never stored). */
const FORMAT_WIDTH = [8, 4, 2, 8];
/** Per (afmt | wfmt << 2): activation and weight widths, lanes L and sub-groups R. */
const WA = Int32Array.from({ length: 16 }, (_, f) => FORMAT_WIDTH[f & 3]);
const WB = Int32Array.from({ length: 16 }, (_, f) => FORMAT_WIDTH[f >> 2]);
const LANES = Int32Array.from({ length: 16 }, (_, f) => 32 / Math.max(WA[f], WB[f]));
const RATIO = Int32Array.from({ length: 16 }, (_, f) => Math.max(WA[f], WB[f]) / Math.min(WA[f], WB[f]));
/** Unrolled dot product per (formats, idx, signedness): index ((fmts << 2 | idx) << 2) | sa << 1 | sb. */
const MIXED_DOT = Array.from({ length: 256 }, (_, k) => {
  const f = k >> 4, idx = (k >> 2) & 3, sa = (k & 2) !== 0, sb = (k & 1) !== 0;
  const off = (idx % RATIO[f]) * LANES[f];
  return specializedDot(WA[f], WB[f], sa, sb, WA[f] < WB[f] ? off : 0, WB[f] < WA[f] ? off : 0);
});

const formats = (v: number) => ((v >>> AFMT.lo) & 3) | (((v >>> WFMT.lo) & 3) << 2);

/** The sub-group in use: an idx written by software beyond R - 1 is taken modulo R. */
function subGroup(v: number, ratio: number): number {
  const idx = (v >>> IDX.lo) & IDX.mask;
  return idx < ratio ? idx : idx % ratio;
}

/**
 * acc + the dot product of activations `a` and weights `b` in the formats of `mpc` value `v`: the wider
 * operand supplies its L lanes, the narrower one its sub-group idx of L elements (sign per `sa`/`sb`).
 */
export function mixedSum(v: number, acc: number, a: number, b: number, sa: boolean, sb: boolean): number {
  const f = formats(v);
  return MIXED_DOT[(((f << 2) | subGroup(v, RATIO[f])) << 2) | (sa ? 2 : 0) | (sb ? 1 : 0)](acc, a, b);
}

/** `mpc` after one mixed instruction: cnt += 1; at max(skip, 1): cnt = 0 and idx = (idx + 1) mod R. */
export function mpcStep(v: number): number {
  const ratio = RATIO[formats(v)];
  const idx = subGroup(v, ratio);
  let cnt = ((v >>> CNT.lo) & CNT.mask) + 1;
  let nextIdx = (v >>> IDX.lo) & IDX.mask;
  const skip = (v >>> SKIP.lo) & SKIP.mask;
  if (cnt >= (skip > 1 ? skip : 1)) {
    cnt = 0;
    nextIdx = idx + 1 === ratio ? 0 : idx + 1;
  }
  return (v & ~((IDX.mask << IDX.lo) | (CNT.mask << CNT.lo))) | (nextIdx << IDX.lo) | (cnt << CNT.lo);
}

/**
 * Inline code for the fast path: statements setting local `sum` to the mixed dot product and stepping
 * `h.mpc.value`, specialised for the formats `mpc` holds at compile time (`fmtMpc`); when the formats
 * changed since, the code falls back to `h.mixedDot`. `t`, `i`, `c` are free locals.
 */
export function mixedInlineSource(fmtMpc: number, sum: string, acc: string, a: string, b: string, sa: boolean, sb: boolean, t: string, i: string, c: string): string {
  const f = formats(fmtMpc);
  const ratio = RATIO[f], lanes = LANES[f], wa = WA[f], wb = WB[f];
  const fmtMask = (3 << AFMT.lo) | (3 << WFMT.lo);
  const dots: string[] = [];
  for (let idx = 0; idx < ratio; idx++) {
    const off = idx * lanes;
    dots.push(dotSource(wa, wb, sa, sb, wa < wb ? off : 0, wb < wa ? off : 0, acc, a, b));
  }
  const select = dots.length === 1 ? dots[0] : dots.slice(1).reduce((e, d, k) => `${i} === ${k + 1} ? ${d} : ${e}`, dots[0]);
  return (
    `${t} = h.mpc.value;
` +
    `if ((${t} & ${fmtMask}) === ${fmtMpc & fmtMask}) {
` +
    `  ${i} = (${t} >>> ${IDX.lo}) & ${IDX.mask}; if (${i} >= ${ratio}) ${i} %= ${ratio};
` +
    `  ${sum} = ${select};
` +
    `  ${c} = ((${t} >>> ${CNT.lo}) & ${CNT.mask}) + 1;
` +
    `  if (${c} >= Math.max((${t} >>> ${SKIP.lo}) & ${SKIP.mask}, 1)) { ${c} = 0; ${i} = ${i} + 1 === ${ratio} ? 0 : ${i} + 1; }
` +
    `  h.mpc.value = (${t} & ${~((IDX.mask << IDX.lo) | (CNT.mask << CNT.lo))}) | (${i} << ${IDX.lo}) | (${c} << ${CNT.lo});
` +
    `} else ${sum} = h.mixedDot(${acc}, ${a}, ${b}, ${sa}, ${sb});
`
  );
}

/**
 * Packed-SIMD lane arithmetic for the generated code (`S` there). A register holds 32/w lanes of w bits,
 * lane 0 least significant (spec §3). Every function takes and returns int32 register values.
 */

/** Lane `i` of `v`, zero-extended. */
export function ulane(v: number, i: number, w: number): number {
  return w === 32 ? v >>> 0 : (v >>> (i * w)) & ((1 << w) - 1);
}

/** Lane `i` of `v`, sign-extended. */
export function slane(v: number, i: number, w: number): number {
  return (v << (32 - w - i * w)) >> (32 - w);
}

/** `v`'s lane 0 copied into every lane (`.sc` operands; `.sci` immediates). */
export function splat(v: number, w: number): number {
  let out = 0;
  const l = v & ((1 << w) - 1);
  for (let i = 0; i < 32; i += w) out |= l << i;
  return out | 0;
}

/** Per-lane operation codes of `map2`. */
export const Op = {
  Add: 0,
  Sub: 1,
  Avg: 2,
  Avgu: 3,
  Min: 4,
  Minu: 5,
  Max: 6,
  Maxu: 7,
  Srl: 8,
  Sra: 9,
  Sll: 10,
  Or: 11,
  Xor: 12,
  And: 13,
  CmpEq: 14,
  CmpNe: 15,
  CmpGt: 16,
  CmpGe: 17,
  CmpLt: 18,
  CmpLe: 19,
  CmpGtu: 20,
  CmpGeu: 21,
  CmpLtu: 22,
  CmpLeu: 23,
} as const;

/** Applies `op` lane by lane to a and b (w-bit lanes); results wrap to the lane width. */
export function map2(op: number, a: number, b: number, w: number): number {
  const mask = (1 << w) - 1;
  let out = 0;
  for (let i = 0, sh = 0; sh < 32; i++, sh += w) {
    const ua = (a >>> sh) & mask, ub = (b >>> sh) & mask;
    const sa = (a << (32 - w - sh)) >> (32 - w), sb = (b << (32 - w - sh)) >> (32 - w);
    let r: number;
    switch (op) {
      case Op.Add: r = ua + ub; break;
      case Op.Sub: r = ua - ub; break;
      case Op.Avg: r = (((sa + sb) << (32 - w)) >> (32 - w)) >> 1; break; // the sum wraps to the lane first (GVSoC)
      case Op.Avgu: r = ((ua + ub) & mask) >>> 1; break;
      case Op.Min: r = sa < sb ? sa : sb; break;
      case Op.Minu: r = ua < ub ? ua : ub; break;
      case Op.Max: r = sa > sb ? sa : sb; break;
      case Op.Maxu: r = ua > ub ? ua : ub; break;
      case Op.Srl: r = ua >>> (ub & (w - 1)); break;
      case Op.Sra: r = sa >> (ub & (w - 1)); break;
      case Op.Sll: r = ua << (ub & (w - 1)); break;
      case Op.Or: r = ua | ub; break;
      case Op.Xor: r = ua ^ ub; break;
      case Op.And: r = ua & ub; break;
      case Op.CmpEq: r = ua === ub ? -1 : 0; break;
      case Op.CmpNe: r = ua !== ub ? -1 : 0; break;
      case Op.CmpGt: r = sa > sb ? -1 : 0; break;
      case Op.CmpGe: r = sa >= sb ? -1 : 0; break;
      case Op.CmpLt: r = sa < sb ? -1 : 0; break;
      case Op.CmpLe: r = sa <= sb ? -1 : 0; break;
      case Op.CmpGtu: r = ua > ub ? -1 : 0; break;
      case Op.CmpGeu: r = ua >= ub ? -1 : 0; break;
      case Op.CmpLtu: r = ua < ub ? -1 : 0; break;
      default: r = ua <= ub ? -1 : 0; break;
    }
    out |= (r & mask) << sh;
    void i;
  }
  return out | 0;
}

/** Lane-wise absolute value (the most negative lane value stays as it is). */
export function abs(a: number, w: number): number {
  const mask = (1 << w) - 1;
  let out = 0;
  for (let sh = 0; sh < 32; sh += w) {
    const s = (a << (32 - w - sh)) >> (32 - w);
    out |= ((s < 0 ? -s : s) & mask) << sh;
  }
  return out | 0;
}

/**
 * Dot product of the lanes of a and b (`sa`/`sb`: lanes signed), added to `acc`, modulo 2^32.
 * Products of 16-bit lanes can exceed 2^31: Math.imul keeps the low 32 bits exactly.
 */
export function dot(acc: number, a: number, b: number, w: number, sa: boolean, sb: boolean): number {
  let sum = acc | 0;
  for (let sh = 0; sh < 32; sh += w) {
    const x = sa ? (a << (32 - w - sh)) >> (32 - w) : (a >>> sh) & ((1 << w) - 1);
    const y = sb ? (b << (32 - w - sh)) >> (32 - w) : (b >>> sh) & ((1 << w) - 1);
    sum = (sum + Math.imul(x, y)) | 0;
  }
  return sum;
}

/**
 * Mixed-precision dot product (spec §5): activations `a` in `wa`-bit lanes, weights `b` in `wb`-bit lanes.
 * L = 32 / max(wa, wb) products; the narrower operand supplies elements idx*L .. idx*L + L - 1.
 */
export function dotMixed(acc: number, a: number, b: number, wa: number, wb: number, sa: boolean, sb: boolean, idx: number): number {
  const lanes = 32 / (wa > wb ? wa : wb);
  return dotLanes(acc, a, b, wa, wb, sa, sb, wa < wb ? idx * lanes : 0, wb < wa ? idx * lanes : 0, lanes);
}

/**
 * JavaScript expression of an unrolled dot product with fixed widths, signedness and sub-group offsets
 * (element ia.. of `a`, ib.. of `b`), added to `acc`, modulo 2^32. `a`, `b`, `acc` are expressions.
 */
export function dotSource(wa: number, wb: number, sa: boolean, sb: boolean, ia: number, ib: number, acc: string, a: string, b: string): string {
  const lanes = 32 / Math.max(wa, wb);
  const term = (v: string, w: number, s: boolean, k: number) =>
    s ? `((${v} << ${32 - w - k * w}) >> ${32 - w})` : `((${v} >>> ${k * w}) & ${(1 << w) - 1})`;
  let e = `(${acc} | 0)`;
  for (let i = 0; i < lanes; i++) e = `((${e} + Math.imul(${term(a, wa, sa, ia + i)}, ${term(b, wb, sb, ib + i)})) | 0)`;
  return e;
}

/** dotSource compiled into a function `(acc, a, b) => sum`, one per parameter set. */
const specialized = new Map<string, (acc: number, a: number, b: number) => number>();
export function specializedDot(wa: number, wb: number, sa: boolean, sb: boolean, ia: number, ib: number): (acc: number, a: number, b: number) => number {
  const key = `${wa},${wb},${sa},${sb},${ia},${ib}`;
  let f = specialized.get(key);
  if (!f) {
    f = new Function('acc', 'a', 'b', `return ${dotSource(wa, wb, sa, sb, ia, ib, 'acc', 'a', 'b')};`) as (acc: number, a: number, b: number) => number;
    specialized.set(key, f);
  }
  return f;
}

/** acc + sum over i < lanes of a[ia + i] * b[ib + i], a in wa-bit and b in wb-bit lanes, modulo 2^32. */
export function dotLanes(acc: number, a: number, b: number, wa: number, wb: number, sa: boolean, sb: boolean, ia: number, ib: number, lanes: number): number {
  let sum = acc | 0;
  const ma = (1 << wa) - 1, mb = (1 << wb) - 1;
  for (let i = 0; i < lanes; i++) {
    const sha = (ia + i) * wa, shb = (ib + i) * wb;
    const x = sa ? (a << (32 - wa - sha)) >> (32 - wa) : (a >>> sha) & ma;
    const y = sb ? (b << (32 - wb - shb)) >> (32 - wb) : (b >>> shb) & mb;
    sum = (sum + Math.imul(x, y)) | 0;
  }
  return sum;
}

/** Lane `i` of a as the whole register (pv.extract / pv.extractu). */
export function extract(a: number, i: number, w: number, signed: boolean): number {
  return signed ? slane(a, i, w) : ulane(a, i, w) | 0;
}

/** rd with lane `i` replaced by lane 0 of a (pv.insert). */
export function insert(rd: number, a: number, i: number, w: number): number {
  const mask = ((1 << w) - 1) << (i * w);
  return ((rd & ~mask) | ((a << (i * w)) & mask)) | 0;
}

/** Lane i of the result is lane (sel_i mod lanes) of a, sel_i the lanes of `sel` (pv.shuffle). */
export function shuffle(a: number, sel: number, w: number): number {
  const n = 32 / w;
  let out = 0;
  for (let sh = 0; sh < 32; sh += w) out |= ulane(a, ulane(sel, sh / w, w) & (n - 1), w) << sh;
  return out | 0;
}

/**
 * pv.shuffle2: lane i takes lane (sel_i mod lanes) of a when bit log2(lanes) of sel_i is set, else of rd.
 */
export function shuffle2(rd: number, a: number, sel: number, w: number): number {
  const n = 32 / w;
  let out = 0;
  for (let sh = 0; sh < 32; sh += w) {
    const s = ulane(sel, sh / w, w);
    out |= ulane((s & n) !== 0 ? a : rd, s & (n - 1), w) << sh;
  }
  return out | 0;
}

/** Immediate shuffles: lane i selects by `bits`-bit field i of `imm`; `top` (if given) fixes lane 3. */
export function shuffleImm(a: number, imm: number, w: number, top: number | undefined): number {
  const n = 32 / w;
  const bits = n === 2 ? 1 : 2;
  let out = 0;
  for (let i = 0; i < n; i++) {
    const s = i === 3 && top !== undefined ? top : (imm >>> (i * bits)) & (n - 1);
    out |= ulane(a, s, w) << (i * w);
  }
  return out | 0;
}

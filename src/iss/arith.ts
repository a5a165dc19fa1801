/**
 * Integer helpers the generated code calls for operations JavaScript has no operator for. All take and
 * return int32 values (unsigned results are returned as their int32 bit pattern).
 */

/** High 32 bits of the unsigned 64-bit product. */
export function mulhu(a: number, b: number): number {
  const al = a & 0xffff, ah = a >>> 16, bl = b & 0xffff, bh = b >>> 16;
  const ll = al * bl;
  const mid1 = ah * bl + (ll >>> 16);
  const mid2 = al * bh + (mid1 & 0xffff);
  return (ah * bh + Math.floor(mid1 / 65536) + Math.floor(mid2 / 65536)) | 0;
}

/** High 32 bits of the signed × signed product. */
export function mulh(a: number, b: number): number {
  let h = mulhu(a, b);
  if (a < 0) h = (h - b) | 0;
  if (b < 0) h = (h - a) | 0;
  return h;
}

/** High 32 bits of signed `a` × unsigned `b`. */
export function mulhsu(a: number, b: number): number {
  let h = mulhu(a, b);
  if (a < 0) h = (h - b) | 0;
  return h;
}

export function div(a: number, b: number): number {
  if (b === 0) return -1;
  if (a === -0x80000000 && b === -1) return a;
  return (a / b) | 0;
}

export function divu(a: number, b: number): number {
  if (b === 0) return -1;
  return ((a >>> 0) / (b >>> 0)) >>> 0 | 0;
}

export function rem(a: number, b: number): number {
  if (b === 0) return a;
  if (a === -0x80000000 && b === -1) return 0;
  return (a % b) | 0;
}

export function remu(a: number, b: number): number {
  if (b === 0) return a;
  return ((a >>> 0) % (b >>> 0)) | 0;
}

/** Index of the lowest set bit, 32 when none (p.ff1). */
export function ff1(a: number): number {
  return a === 0 ? 32 : 31 - Math.clz32(a & -a);
}

/** Index of the highest set bit, 32 when none (p.fl1). */
export function fl1(a: number): number {
  return a === 0 ? 32 : 31 - Math.clz32(a);
}

/** Redundant sign bits: leading bits equal to the sign bit, minus one; 0 for 0 (p.clb). */
export function clb(a: number): number {
  if (a === 0) return 0;
  return Math.clz32(a < 0 ? ~a : a) - 1;
}

export function popcount(a: number): number {
  a = a - ((a >>> 1) & 0x55555555);
  a = (a & 0x33333333) + ((a >>> 2) & 0x33333333);
  return (Math.imul((a + (a >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

export function ror(a: number, n: number): number {
  n &= 31;
  return n === 0 ? a | 0 : ((a >>> n) | (a << (32 - n))) | 0;
}

/** Rounding value added before a right shift by `n` (0 when n = 0, as GVSoC does). */
export function roundBit(n: number): number {
  return n === 0 ? 0 : 1 << (n - 1);
}

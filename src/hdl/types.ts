import { HdlError } from './errors.ts';
import { here } from './loc.ts';
import type { Signal } from './signal.ts';

/**
 * Hardware types. Ground types (`UInt`, `SInt`; `Bool` is `UInt(1)`) become one SV signal each; `Vec` and
 * `Bundle` are TypeScript-typed aggregates of ground signals, flattened to `name_0`, `name_field` in SV.
 */
export interface UIntT {
  readonly kind: 'uint';
  readonly width: number;
}
export interface SIntT {
  readonly kind: 'sint';
  readonly width: number;
}
export type GroundT = UIntT | SIntT;
export interface VecT<E extends HwType = HwType> {
  readonly kind: 'vec';
  readonly length: number;
  readonly elem: E;
}
export interface BundleT<F extends Record<string, HwType> = Record<string, HwType>> {
  readonly kind: 'bundle';
  readonly fields: F;
}
export type HwType = GroundT | VecT<any> | BundleT<any>;

/** The TypeScript value a declaration of type T gives: a Signal, an array of them, or a typed record. */
export type SignalOf<T> =
  T extends VecT<infer E> ? SignalOf<E>[] : T extends BundleT<infer F> ? { [K in keyof F]: SignalOf<F[K]> } : Signal;

/** Largest width of one ground signal; a sanity bound that catches NaN/huge widths from bad parameters. */
export const MAX_WIDTH = 1 << 16;

function checkWidth(w: number, what: string): number {
  if (!Number.isInteger(w) || w < 1 || w > MAX_WIDTH) {
    throw new HdlError(`${what} width must be an integer in 1..${MAX_WIDTH}, got ${w}`, here());
  }
  return w;
}

export function UInt(width: number): UIntT {
  return { kind: 'uint', width: checkWidth(width, 'UInt') };
}
export function SInt(width: number): SIntT {
  return { kind: 'sint', width: checkWidth(width, 'SInt') };
}
export function Bool(): UIntT {
  return { kind: 'uint', width: 1 };
}
export function Vec<E extends HwType>(length: number, elem: E): VecT<E> {
  if (!Number.isInteger(length) || length < 1) throw new HdlError(`Vec length must be a positive integer, got ${length}`, here());
  return { kind: 'vec', length, elem };
}
export function Bundle<F extends Record<string, HwType>>(fields: F): BundleT<F> {
  for (const k of Object.keys(fields)) {
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(k)) throw new HdlError(`Bundle field name '${k}' is not an identifier`, here());
  }
  return { kind: 'bundle', fields };
}

/** Width in bits of `log2ceil(n)` indices, at least 1 (a 1-entry FIFO still has a 1-bit pointer). */
export function clog2(n: number): number {
  let w = 0;
  while (1 << w < n) w++;
  return w;
}
export function indexWidth(n: number): number {
  return Math.max(1, clog2(n));
}

/** Visits the ground leaves of T in declaration order with their flattened name suffixes. */
export function flattenType(t: HwType, suffix: string, visit: (suffix: string, t: GroundT) => void): void {
  if (t.kind === 'vec') {
    for (let i = 0; i < t.length; i++) flattenType(t.elem, `${suffix}_${i}`, visit);
  } else if (t.kind === 'bundle') {
    for (const [k, f] of Object.entries(t.fields as Record<string, HwType>)) flattenType(f, `${suffix}_${k}`, visit);
  } else {
    visit(suffix, t);
  }
}

/** Builds the aggregate value of T from a factory of ground leaves. */
export function buildAggregate<T extends HwType>(t: T, suffix: string, leaf: (suffix: string, t: GroundT) => Signal): SignalOf<T> {
  if (t.kind === 'vec') {
    const out: unknown[] = [];
    for (let i = 0; i < t.length; i++) out.push(buildAggregate(t.elem, `${suffix}_${i}`, leaf));
    return out as SignalOf<T>;
  }
  if (t.kind === 'bundle') {
    const out: Record<string, unknown> = {};
    for (const [k, f] of Object.entries(t.fields as Record<string, HwType>)) out[k] = buildAggregate(f, `${suffix}_${k}`, leaf);
    return out as SignalOf<T>;
  }
  return leaf(suffix, t as GroundT) as SignalOf<T>;
}

export function typeName(t: { width: number; signed: boolean }): string {
  return `${t.signed ? 'SInt' : 'UInt'}(${t.width})`;
}

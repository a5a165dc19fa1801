/**
 * Folding elementwise ONNX ops into one requantization stage (`Requant` of ir.ts). A stage is *open*
 * (affine ops still fold: Mul/Add/Div by constants) until it is rounded (Floor, integer Div, Cast of a
 * fraction to an integer type, RequantShift) or clamped (Clip, Relu, RequantShift's levels); after that
 * only clamps fold, and any further affine op starts a new stage (a new layer or an add's input).
 */
import type { Requant } from '../ir.ts';

export interface Stage extends Requant {
  /** A round has happened: values are integers. */
  rounded: boolean;
  /** A clamp has happened. */
  clamped: boolean;
  /** The ONNX element type is an integer one (integer Div truncates). */
  intType: boolean;
}

export const identityStage = (intType: boolean): Stage => ({
  mul: Float64Array.of(1),
  add: Float64Array.of(0),
  div: 1,
  round: 'floor',
  lo: -Infinity,
  hi: Infinity,
  rounded: false,
  clamped: false,
  intType,
});

/** Affine ops fold only while the stage is neither rounded nor clamped. */
export const canFoldAffine = (s: Stage): boolean => !s.clamped && !(s.rounded && s.div !== 1);

/** A stage whose values are integers (div 1 or rounded). */
export const isIntegral = (s: Stage): boolean => s.div === 1 || s.rounded;

function broadcast(a: Float64Array, b: Float64Array, f: (x: number, y: number) => number): Float64Array {
  const n = Math.max(a.length, b.length);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = f(a.length === 1 ? a[0]! : a[i]!, b.length === 1 ? b[0]! : b[i]!);
  return out;
}

/** x → x · k (per channel or scalar). */
export function foldMul(s: Stage, k: Float64Array): Stage {
  return { ...s, mul: broadcast(s.mul, k, (m, v) => m * v), add: broadcast(s.add, k, (a, v) => a * v) };
}

/** x → x + b: (x·mul + add)/div + b = (x·mul + add + b·div)/div. */
export function foldAdd(s: Stage, b: Float64Array): Stage {
  return { ...s, add: broadcast(s.add, b, (a, v) => a + v * s.div) };
}

/** x → x / d with a scalar positive integer d; integer types round (truncate) at once. */
export function foldDiv(s: Stage, d: number): Stage {
  const next = { ...s, div: s.div * d };
  return s.intType ? { ...next, rounded: true, round: 'trunc' } : next;
}

export function foldFloor(s: Stage): Stage {
  if (s.rounded) return s;
  return { ...s, rounded: true, round: 'floor' };
}

/** Cast: to an integer type truncates a fraction; to a float type changes nothing. */
export function foldCast(s: Stage, toInt: boolean): Stage {
  if (toInt && !s.rounded && s.div !== 1) return { ...s, rounded: true, round: 'trunc', intType: true };
  return { ...s, intType: toInt };
}

export function foldClamp(s: Stage, lo: number, hi: number): Stage {
  return { ...s, lo: Math.max(s.lo, lo), hi: Math.min(s.hi, hi), clamped: true };
}

/** The stage as an IR requantization; trunc is the same as floor when the clamp's lower bound is ≥ 0. */
export function stageRequant(s: Stage): Requant {
  const round = s.round === 'trunc' && s.lo >= 0 ? 'floor' : s.round;
  return { mul: s.mul, add: s.add, div: s.div, round, lo: s.lo, hi: s.hi };
}

export const isIdentityStage = (s: Stage): boolean =>
  s.div === 1 && s.mul.every((v) => v === 1) && s.add.every((v) => v === 0) && s.lo === -Infinity && s.hi === Infinity;

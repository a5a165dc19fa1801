import { UserError } from '../util/errors.ts';

/** Operand widths of the QNN kernels (spec §5: 8, 4 and 2 bits). */
export type Bits = 8 | 4 | 2;
export const BITS: readonly Bits[] = [8, 4, 2];

/**
 * The three builds of every kernel, one per core configuration (spec §1): XpulpV2 only; uniform sub-byte
 * SIMD and Mac&Load; mixed-precision Mac&Load in status-based mode (formats in `ivec_fmt`, spec §5).
 */
export type Build = 'baseline' | 'xpulpnn' | 'flexv';
export const BUILDS: readonly Build[] = ['baseline', 'xpulpnn', 'flexv'];

/** The 9 (activation, weight) format pairs. */
export const FORMAT_PAIRS: ReadonlyArray<{ a: Bits; w: Bits }> = BITS.flatMap((a) => BITS.map((w) => ({ a, w })));

/** Activations are unsigned (they follow a ReLU), weights signed, as in PULP-NN. */
export const ACT_SIGNED = false;
export const WEIGHT_SIGNED = true;

export function checkBits(v: number, what: string): Bits {
  if (v !== 8 && v !== 4 && v !== 2) throw new UserError(`${what} must be 8, 4 or 2 bits, not ${v}`);
  return v;
}

export function checkBuild(v: string): Build {
  if (!(BUILDS as readonly string[]).includes(v)) throw new UserError(`unknown build '${v}' (expected ${BUILDS.join(', ')})`);
  return v as Build;
}

/** Values a `bits`-wide element can hold. */
export function range(bits: number, signed: boolean): { min: number; max: number } {
  return signed ? { min: -(2 ** (bits - 1)), max: 2 ** (bits - 1) - 1 } : { min: 0, max: 2 ** bits - 1 };
}

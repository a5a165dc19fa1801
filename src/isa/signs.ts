import type { DotSign, MacLoadSign } from './types.ts';

/**
 * The two sign tables of the instruction set, the only place signedness is spelled out.
 *
 * Register-form dot products (spec §3): `usp` = the first operand (rs1) unsigned, the second (rs2) signed.
 */
export const DOT_SIGNS: Readonly<Record<DotSign, { readonly rs1: boolean; readonly rs2: boolean }>> = {
  up: { rs1: false, rs2: false },
  usp: { rs1: false, rs2: true },
  sp: { rs1: true, rs2: true },
};

/**
 * Mac&Load (spec §4, revision 2; the published Flex-V decoder, GVSoC and PULP-NN-mixed agree):
 * `sup` = activations (NN-RF A) unsigned x weights (NN-RF W) signed, the usual QNN case; `usp` the
 * reverse. The names do not follow the register-form rule above.
 */
export const MACLOAD_SIGNS: Readonly<Record<MacLoadSign, { readonly act: boolean; readonly wt: boolean }>> = {
  up: { act: false, wt: false },
  sup: { act: false, wt: true },
  usp: { act: true, wt: false },
  sp: { act: true, wt: true },
};

import { csrByName, CSRS } from '../../isa/csrs.ts';

/**
 * Which Flex-V state a configuration has, read from its instruction set (one rule for every part and for
 * the CSR file): the NN-RF with Mac&Load (xpulpnn, flexv), `mpc` with the mixed instructions (flexv).
 */
export function hasMacLoad(isa: ReadonlySet<string>): boolean {
  return [...isa].some((id) => id.startsWith('pv.mlsdot'));
}

export function hasMixed(isa: ReadonlySet<string>): boolean {
  return [...isa].some((id) => /^pv\.\w+\.m$/.test(id));
}

const NNRF_BASE = csrByName('nnrf_a0')!.address;
/** The NN-RF entries as CSRs 0x7D8..0x7DD (spec §4), in entry order A0, A1, W0..W3. */
export const NNRF_CSR_NAMES: readonly string[] = CSRS.filter((c) => c.address >= NNRF_BASE && c.address < NNRF_BASE + 6)
  .sort((x, y) => x.address - y.address)
  .map((c) => c.name);

/**
 * CSRs of the table a configuration does not have (spec §2: any other CSR address is an illegal
 * instruction): the NN-RF CSRs without Mac&Load, `mpc` without mixed instructions. So the baseline core
 * carries no Flex-V state.
 */
export function absentCsrs(isa: ReadonlySet<string>): string[] {
  return [...(hasMacLoad(isa) ? [] : NNRF_CSR_NAMES), ...(hasMixed(isa) ? [] : ['mpc'])];
}

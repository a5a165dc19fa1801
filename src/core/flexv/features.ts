import { csrByName, CSRS } from '../../isa/csrs.ts';
import { hasStatusBased } from '../../isa/table.ts';
import type { Config } from '../../isa/types.ts';

/**
 * Which Flex-V state a configuration has (one rule for every part and for the CSR file): the NN-RF with
 * Mac&Load (xpulpnn, flexv, read from the instruction set), the status-based mode (flexv, `hasStatusBased`
 * of the ISA layer).
 */
export function hasMacLoad(isa: ReadonlySet<string>): boolean {
  return [...isa].some((id) => id.startsWith('pv.mlsdot'));
}

const NNRF_BASE = csrByName('nnrf_a0')!.address;
/** The NN-RF entries as CSRs 0x7D8..0x7DD (spec §4), in entry order A0, A1, W0..W3. */
export const NNRF_CSR_NAMES: readonly string[] = CSRS.filter((c) => c.address >= NNRF_BASE && c.address < NNRF_BASE + 6)
  .sort((x, y) => x.address - y.address)
  .map((c) => c.name);

/** Revision 1's CSRs, still in the table until the lead removes them: no core of revision 2 has them. */
const REVISION_1_CSRS = ['mpc'];

/**
 * CSRs of the table the core of a configuration does not have (spec §2: any other CSR address is an
 * illegal instruction): those of a feature (`CsrDef.feature`) the configuration lacks, and revision 1's
 * `mpc`. So the baseline core carries no Flex-V state.
 */
export function absentCoreCsrs(config: Config, isa: ReadonlySet<string>): string[] {
  const has = { 'mac-load': hasMacLoad(isa), 'status-based': hasStatusBased(config) } as const;
  return [...CSRS.filter((c) => c.feature && !has[c.feature]).map((c) => c.name), ...REVISION_1_CSRS];
}

/**
 * Revision 1's rule, kept only for the golden model (src/iss/csr.ts) until its revision 2 moves the rule
 * into the ISA layer: the NN-RF CSRs without Mac&Load, `mpc` without mixed instructions.
 */
export function absentCsrs(isa: ReadonlySet<string>): string[] {
  const mixed = [...isa].some((id) => /^pv\.\w+\.m$/.test(id));
  return [...(hasMacLoad(isa) ? [] : NNRF_CSR_NAMES), ...(mixed ? [] : ['mpc'])];
}

import { csrByName, CSRS } from '../../isa/csrs.ts';
import { instructionById } from '../../isa/table.ts';

/**
 * Whether a configuration's instruction set has Mac&Load (the NN-RF part builds only then). Which CSRs a
 * configuration has is the ISA layer's rule (`csrsAbsentIn`, src/isa/features.ts).
 */
export function hasMacLoad(isa: ReadonlySet<string>): boolean {
  return [...isa].some((id) => instructionById(id)?.macLoad !== undefined);
}

const NNRF_BASE = csrByName('nnrf_a0')!.address;
/** The NN-RF entries as CSRs 0x7D8..0x7DD (spec §4), in entry order A0, A1, W0..W3. */
export const NNRF_CSR_NAMES: readonly string[] = CSRS.filter((c) => c.address >= NNRF_BASE && c.address < NNRF_BASE + 6)
  .sort((x, y) => x.address - y.address)
  .map((c) => c.name);

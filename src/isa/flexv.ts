import { FORMATS } from './xpulp-formats.ts';
import type { InstrDef, SemClass } from './types.ts';

/**
 * Flex-V mixed-precision instructions (spec §5, flexv definition): opcode 0x77, funct3 100 for Mac&Load,
 * 110 for the dot products; funct7 as the same-named XpulpNN / XpulpV2 instructions. Operand formats come
 * from the `mpc` CSR.
 */
const OPCODE = 0x77;
const MASK = 0xfe00707f;

const MAC_LOAD_FUNCT7: Record<string, number> = { up: 0b1110000, usp: 0b1110100, sup: 0b1101100, sp: 0b1111100 };
const DOT_FUNCT7: Record<string, number> = { up: 0b1000000, usp: 0b1000100, sp: 0b1001100 };
const SDOT_FUNCT7: Record<string, number> = { up: 0b1010000, usp: 0b1010100, sp: 0b1011100 };

function mixed(mnemonic: string, funct7: number, funct3: number, format: string, sem: SemClass): InstrDef {
  const s = FORMATS[format]();
  return {
    id: mnemonic,
    mnemonic,
    ext: 'flexv',
    size: 4,
    match: ((funct7 << 25) | (funct3 << 12) | OPCODE) >>> 0,
    mask: MASK >>> 0,
    operands: s.operands,
    syntax: s.syntax,
    sem,
    reads: s.reads,
    writesRd: s.writesRd,
    writesRs1: s.writesRs1,
  };
}

export const FLEXV: InstrDef[] = [
  ...Object.entries(MAC_LOAD_FUNCT7).map(([sg, f7]) => mixed(`pv.mlsdot${sg}.m`, f7, 0b100, 'RRRU3', 'mixed.mac.load')),
  ...Object.entries(SDOT_FUNCT7).map(([sg, f7]) => mixed(`pv.sdot${sg}.m`, f7, 0b110, 'RRRR', 'mixed.sdot')),
  ...Object.entries(DOT_FUNCT7).map(([sg, f7]) => mixed(`pv.dot${sg}.m`, f7, 0b110, 'R', 'mixed.dot')),
];

import { CSRS } from '../isa/csrs.ts';

/**
 * CSR names the assembler accepts and the disassembler prints: flexv's own CSRs (src/isa/csrs.ts) plus
 * the standard names objdump knows, so `csrr a0, pmpcfg0` assembles and disassembles as objdump does.
 */
const STANDARD: Array<[string, number]> = [
  ['fflags', 0x001], ['frm', 0x002], ['fcsr', 0x003],
  ['time', 0xc01], ['timeh', 0xc81],
  ['sstatus', 0x100], ['sie', 0x104], ['stvec', 0x105], ['scounteren', 0x106], ['senvcfg', 0x10a],
  ['sscratch', 0x140], ['sepc', 0x141], ['scause', 0x142], ['stval', 0x143], ['sip', 0x144], ['satp', 0x180],
  ['medeleg', 0x302], ['mideleg', 0x303], ['mcounteren', 0x306], ['menvcfg', 0x30a], ['mstatush', 0x310],
  ['menvcfgh', 0x31a], ['mtinst', 0x34a], ['mtval2', 0x34b], ['mconfigptr', 0xf15],
  ['tselect', 0x7a0], ['tdata1', 0x7a1], ['tdata2', 0x7a2], ['tdata3', 0x7a3], ['tinfo', 0x7a4], ['tcontrol', 0x7a5],
  ['mcontext', 0x7a8], ['dcsr', 0x7b0], ['dpc', 0x7b1], ['dscratch0', 0x7b2], ['dscratch1', 0x7b3],
];
for (let i = 3; i < 32; i++) {
  STANDARD.push([`hpmcounter${i}`, 0xc00 + i], [`hpmcounter${i}h`, 0xc80 + i]);
  STANDARD.push([`mhpmcounter${i}`, 0xb00 + i], [`mhpmcounter${i}h`, 0xb80 + i], [`mhpmevent${i}`, 0x320 + i]);
}
for (let i = 0; i < 16; i++) STANDARD.push([`pmpcfg${i}`, 0x3a0 + i]);
for (let i = 0; i < 64; i++) STANDARD.push([`pmpaddr${i}`, 0x3b0 + i]);

const NAME_OF = new Map<number, string>();
const ADDRESS_OF = new Map<string, number>();
for (const [n, a] of STANDARD) {
  NAME_OF.set(a, n);
  ADDRESS_OF.set(n, a);
}
for (const c of CSRS) {
  NAME_OF.set(c.address, c.name);
  ADDRESS_OF.set(c.name, c.address);
}

/** The printed name of a CSR address, or its hexadecimal address as objdump prints unknown ones. */
export function csrName(address: number): string {
  return NAME_OF.get(address) ?? `0x${address.toString(16)}`;
}

export function csrAddress(name: string): number | undefined {
  return ADDRESS_OF.get(name.toLowerCase());
}

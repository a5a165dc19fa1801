import { CSRS } from '../isa/csrs.ts';
import { csrsAbsentIn } from '../isa/features.ts';
import type { Config } from '../isa/types.ts';

/**
 * CSR names the assembler accepts and the disassembler prints: flexv's own CSRs (src/isa/csrs.ts) plus
 * the standard names objdump knows, so `csrr a0, pmpcfg0` assembles and disassembles as objdump does.
 * A CSR that exists only with a feature (the status-based CSRs of flexv, the NN-RF of xpulpnn/flexv)
 * prints by its flexv name only in configurations that have it; elsewhere as objdump prints the address
 * (0x100 is `sstatus` to objdump and `macl_a_address` in flexv). The assembler accepts every name.
 */
const STANDARD: Array<[string, number]> = [
  ['fflags', 0x001], ['frm', 0x002], ['fcsr', 0x003],
  ['time', 0xc01], ['timeh', 0xc81],
  ['vstart', 0x008], ['vxsat', 0x009], ['vxrm', 0x00a],
  ['vcsr', 0x00f], ['seed', 0x015], ['vl', 0xc20], ['vtype', 0xc21], ['vlenb', 0xc22],
  ['sstatus', 0x100], ['sie', 0x104], ['stvec', 0x105], ['scounteren', 0x106],
  ['sstateen0', 0x10c], ['sstateen1', 0x10d], ['sstateen2', 0x10e], ['sstateen3', 0x10f],
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

const STANDARD_NAME_OF = new Map<number, string>();
const ADDRESS_OF = new Map<string, number>();
for (const [n, a] of STANDARD) {
  STANDARD_NAME_OF.set(a, n);
  ADDRESS_OF.set(n, a);
}
for (const c of CSRS) ADDRESS_OF.set(c.name, c.address);
// Names GNU as accepts that objdump 2.40 prints as numbers (its default privileged-spec version).
ADDRESS_OF.set('senvcfg', 0x10a);

/** Per configuration: the table's CSRs that exist there by name, over objdump's names. */
const NAME_OF = new Map<Config, Map<number, string>>();
function namesFor(config: Config): Map<number, string> {
  let m = NAME_OF.get(config);
  if (!m) {
    m = new Map(STANDARD_NAME_OF);
    const absent = csrsAbsentIn(config);
    for (const c of CSRS) if (!absent.includes(c.name)) m.set(c.address, c.name);
    NAME_OF.set(config, m);
  }
  return m;
}

/** The printed name of a CSR address in `config`, or its hexadecimal address as objdump prints unknown ones. */
export function csrName(address: number, config: Config): string {
  return namesFor(config).get(address) ?? `0x${address.toString(16)}`;
}

export function csrAddress(name: string): number | undefined {
  return ADDRESS_OF.get(name.toLowerCase());
}

import { writeElf } from '../elf/write.ts';
import type { AsmOutput } from './assembler.ts';

/** The ISA string written to .riscv.attributes, so objdump decodes exactly RV32IM[C] + Zicsr + Zifencei. */
export function archString(rvc: boolean): string {
  return `rv32i2p1_m2p0${rvc ? '_c2p0' : ''}_zicsr2p0_zifencei2p0`;
}

/** An assembled program as an ELF32 executable image. */
export function toElf(out: AsmOutput): Uint8Array {
  return writeElf({
    entry: out.entry,
    sections: out.sections.map((s) => ({ name: s.name, addr: s.addr, data: s.bytes, kind: s.kind, align: s.align })),
    symbols: out.symbols.map((s) => ({
      name: s.name,
      value: s.value,
      section: s.section,
      global: s.global,
      type: s.section && out.sections.find((x) => x.name === s.section)?.kind === 'code' ? 'func' : s.section ? 'object' : 'notype',
    })),
    arch: archString(out.rvc),
    rvc: out.rvc,
  });
}

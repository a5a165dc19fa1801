import {
  EI_CLASS,
  EI_DATA,
  ELF32_EHDR_SIZE,
  ELF32_SHDR_SIZE,
  ELF32_SYM_SIZE,
  ELF_MAGIC,
  ELFCLASS32,
  ELFDATA2LSB,
  EM_RISCV,
  SHT_NOBITS,
  SHT_STRTAB,
  SHT_SYMTAB,
} from '../elf/constants.ts';
import { UserError } from '../util/errors.ts';

/**
 * Section view of an ELF32 RISC-V file, executable or relocatable (the loader in src/elf/read.ts reads
 * segments of executables; the disassembler needs sections and also lists `gcc -c` objects).
 */
export interface SectionInfo {
  index: number;
  name: string;
  type: number;
  flags: number;
  addr: number;
  offset: number;
  size: number;
}

export interface SectionSymbol {
  name: string;
  value: number;
  type: number;
  binding: number;
  section: number;
}

export function readSections(bytes: Uint8Array, fileName: string): { sections: SectionInfo[]; symbols: SectionSymbol[] } {
  const fail = (msg: string): never => {
    throw new UserError(msg, fileName);
  };
  if (bytes.length < ELF32_EHDR_SIZE || ELF_MAGIC.some((b, i) => bytes[i] !== b)) fail('not an ELF file (bad magic number or too short)');
  if (bytes[EI_CLASS] !== ELFCLASS32) fail('not an ELF32 file; flexv disassembles RV32 code');
  if (bytes[EI_DATA] !== ELFDATA2LSB) fail('not a little-endian ELF file');
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (v.getUint16(18, true) !== EM_RISCV) fail(`machine ${v.getUint16(18, true)} is not RISC-V (${EM_RISCV})`);
  const shoff = v.getUint32(32, true);
  const shnum = v.getUint16(48, true);
  const shstrndx = v.getUint16(50, true);
  if (shoff + shnum * ELF32_SHDR_SIZE > bytes.length) fail('section headers run past the end of the file');
  const raw = Array.from({ length: shnum }, (_, i) => {
    const o = shoff + i * ELF32_SHDR_SIZE;
    const s = {
      index: i,
      nameOff: v.getUint32(o, true),
      type: v.getUint32(o + 4, true),
      flags: v.getUint32(o + 8, true),
      addr: v.getUint32(o + 12, true),
      offset: v.getUint32(o + 16, true),
      size: v.getUint32(o + 20, true),
      link: v.getUint32(o + 24, true),
    };
    if (s.type !== SHT_NOBITS && s.offset + s.size > bytes.length) fail(`section ${i} runs past the end of the file`);
    return s;
  });
  const stringAt = (table: (typeof raw)[number] | undefined, off: number): string => {
    if (!table || table.type !== SHT_STRTAB || off >= table.size) return '';
    const start = table.offset + off;
    let end = start;
    while (end < table.offset + table.size && bytes[end] !== 0) end++;
    return Buffer.from(bytes.subarray(start, end)).toString('utf8');
  };
  const sections = raw.map((s) => ({
    index: s.index, name: stringAt(raw[shstrndx], s.nameOff), type: s.type, flags: s.flags, addr: s.addr, offset: s.offset, size: s.size,
  }));
  const symbols: SectionSymbol[] = [];
  for (const st of raw.filter((s) => s.type === SHT_SYMTAB)) {
    for (let o = st.offset + ELF32_SYM_SIZE; o + ELF32_SYM_SIZE <= st.offset + st.size; o += ELF32_SYM_SIZE) {
      const info = v.getUint8(o + 12);
      symbols.push({
        name: stringAt(raw[st.link], v.getUint32(o, true)),
        value: v.getUint32(o + 4, true),
        type: info & 0xf,
        binding: info >> 4,
        section: v.getUint16(o + 14, true),
      });
    }
  }
  return { sections, symbols };
}

import { readElf, type ElfImage } from '../elf/read.ts';
import { ELF32_SHDR_SIZE, SHF_EXECINSTR, SHT_STRTAB } from '../elf/constants.ts';
import { UserError } from '../util/errors.ts';

/** Section headers of an ELF32 file (the loader reads segments; the disassembler needs sections). */
export interface SectionInfo {
  index: number;
  name: string;
  type: number;
  flags: number;
  addr: number;
  offset: number;
  size: number;
}

export function readSections(bytes: Uint8Array, fileName: string): { image: ElfImage; sections: SectionInfo[] } {
  const image = readElf(bytes, fileName);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shoff = v.getUint32(32, true);
  const shnum = v.getUint16(48, true);
  const shstrndx = v.getUint16(50, true);
  if (shoff + shnum * ELF32_SHDR_SIZE > bytes.length) throw new UserError('section headers run past the end of the file', fileName);
  const raw = Array.from({ length: shnum }, (_, i) => {
    const o = shoff + i * ELF32_SHDR_SIZE;
    return {
      index: i,
      nameOff: v.getUint32(o, true),
      type: v.getUint32(o + 4, true),
      flags: v.getUint32(o + 8, true),
      addr: v.getUint32(o + 12, true),
      offset: v.getUint32(o + 16, true),
      size: v.getUint32(o + 20, true),
    };
  });
  const strtab = raw[shstrndx];
  const nameAt = (off: number) => {
    if (!strtab || strtab.type !== SHT_STRTAB) return '';
    let end = strtab.offset + off;
    while (end < bytes.length && bytes[end] !== 0) end++;
    return Buffer.from(bytes.subarray(strtab.offset + off, end)).toString('utf8');
  };
  const sections = raw.map((s) => ({ index: s.index, name: nameAt(s.nameOff), type: s.type, flags: s.flags, addr: s.addr, offset: s.offset, size: s.size }));
  for (const s of sections) {
    if (s.flags & SHF_EXECINSTR && s.offset + s.size > bytes.length) {
      throw new UserError(`section ${s.name} runs past the end of the file`, fileName);
    }
  }
  return { image, sections };
}

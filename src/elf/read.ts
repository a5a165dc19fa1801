import { readFile } from 'node:fs/promises';
import { UserError } from '../util/errors.ts';
import {
  EI_CLASS, EI_DATA, ELF_MAGIC, ELF32_EHDR_SIZE, ELF32_PHDR_SIZE, ELF32_SHDR_SIZE, ELF32_SYM_SIZE,
  ELFCLASS32, ELFCLASS64, ELFDATA2LSB, ELFDATA2MSB, EM_RISCV, ET_EXEC, PT_LOAD, SHT_STRTAB, SHT_SYMTAB,
} from './constants.ts';

/** One PT_LOAD segment: `data` (fileSize bytes) goes at `vaddr`, then zeros up to `memSize` (bss). */
export interface ElfSegment {
  vaddr: number;
  paddr: number;
  memSize: number;
  flags: number;
  data: Uint8Array;
}

export interface ElfSymbol {
  name: string;
  value: number;
  size: number;
  /** STT_* */
  type: number;
  /** STB_* */
  binding: number;
  /** Section index (SHN_* for special ones). */
  section: number;
}

/** What a simulator needs from an executable. */
export interface ElfImage {
  entry: number;
  flags: number;
  segments: ElfSegment[];
  /** All named symbols, in table order. */
  symbols: ElfSymbol[];
  /** Looks a symbol up by name; a global definition wins over a local one of the same name. */
  symbol(name: string): ElfSymbol | undefined;
}

/**
 * Reads an ELF32 little-endian RISC-V executable. Every structural problem (wrong class, byte order or
 * machine, a header or segment that runs past the end of the file) is a UserError naming `fileName`.
 */
export function readElf(bytes: Uint8Array, fileName = '<elf>'): ElfImage {
  const fail = (msg: string): never => {
    throw new UserError(msg, fileName);
  };
  if (bytes.length < 16 || ELF_MAGIC.some((b, i) => bytes[i] !== b)) fail('not an ELF file (bad magic number)');
  const cls = bytes[EI_CLASS];
  if (cls === ELFCLASS64) fail('ELF64 file; flexv runs ELF32 (RV32) executables');
  if (cls !== ELFCLASS32) fail(`unknown ELF class ${cls}`);
  const data = bytes[EI_DATA];
  if (data === ELFDATA2MSB) fail('big-endian ELF file; RISC-V executables are little-endian');
  if (data !== ELFDATA2LSB) fail(`unknown ELF byte order ${data}`);
  if (bytes.length < ELF32_EHDR_SIZE) fail(`truncated ELF header (${bytes.length} bytes, need ${ELF32_EHDR_SIZE})`);

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (o: number) => view.getUint16(o, true);
  const u32 = (o: number) => view.getUint32(o, true);
  const need = (off: number, len: number, what: string) => {
    if (off + len > bytes.length) fail(`truncated file: ${what} at offset ${off} needs ${len} bytes, file has ${bytes.length}`);
  };

  const type = u16(16);
  const machine = u16(18);
  if (machine !== EM_RISCV) fail(`ELF machine ${machine} is not RISC-V (${EM_RISCV})`);
  if (type !== ET_EXEC) fail(`ELF type ${type} is not an executable (ET_EXEC = ${ET_EXEC}); link the program first`);
  const entry = u32(24);
  const phoff = u32(28);
  const shoff = u32(32);
  const flags = u32(36);
  const phentsize = u16(42);
  const phnum = u16(44);
  const shentsize = u16(46);
  const shnum = u16(48);

  if (phnum > 0 && phentsize < ELF32_PHDR_SIZE) fail(`program header entry size ${phentsize} < ${ELF32_PHDR_SIZE}`);
  need(phoff, phnum * phentsize, 'program header table');
  const segments: ElfSegment[] = [];
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * phentsize;
    if (u32(o) !== PT_LOAD) continue;
    const offset = u32(o + 4);
    const vaddr = u32(o + 8);
    const paddr = u32(o + 12);
    const filesz = u32(o + 16);
    const memsz = u32(o + 20);
    if (filesz > memsz) fail(`segment ${i}: file size ${filesz} > memory size ${memsz}`);
    need(offset, filesz, `segment ${i}`);
    segments.push({ vaddr, paddr, memSize: memsz, flags: u32(o + 24), data: bytes.subarray(offset, offset + filesz) });
  }

  const symbols: ElfSymbol[] = [];
  if (shnum > 0 && shoff !== 0) {
    if (shentsize < ELF32_SHDR_SIZE) fail(`section header entry size ${shentsize} < ${ELF32_SHDR_SIZE}`);
    need(shoff, shnum * shentsize, 'section header table');
    const sh = (i: number) => {
      const o = shoff + i * shentsize;
      return { type: u32(o + 4), offset: u32(o + 16), size: u32(o + 20), link: u32(o + 24), entsize: u32(o + 36) };
    };
    for (let i = 0; i < shnum; i++) {
      const s = sh(i);
      if (s.type !== SHT_SYMTAB) continue;
      if (s.link >= shnum) fail(`symbol table's string table index ${s.link} out of range`);
      const str = sh(s.link);
      if (str.type !== SHT_STRTAB) fail(`symbol table links to section ${s.link}, which is not a string table`);
      need(s.offset, s.size, 'symbol table');
      need(str.offset, str.size, 'string table');
      const entsize = s.entsize || ELF32_SYM_SIZE;
      for (let o = s.offset; o + ELF32_SYM_SIZE <= s.offset + s.size; o += entsize) {
        const nameOff = u32(o);
        if (nameOff === 0) continue;
        if (nameOff >= str.size) fail(`symbol name offset ${nameOff} outside the string table`);
        const info = bytes[o + 12];
        symbols.push({
          name: cString(bytes, str.offset + nameOff, str.offset + str.size),
          value: u32(o + 4),
          size: u32(o + 8),
          type: info & 0xf,
          binding: info >> 4,
          section: u16(o + 14),
        });
      }
    }
  }
  const byName = new Map<string, ElfSymbol>();
  for (const s of symbols) {
    const prev = byName.get(s.name);
    if (!prev || (prev.binding === 0 && s.binding !== 0)) byName.set(s.name, s);
  }
  return { entry, flags, segments, symbols, symbol: (name) => byName.get(name) };
}

export async function readElfFile(path: string): Promise<ElfImage> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new UserError(`cannot read ELF file: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, path);
  }
  return readElf(bytes, path);
}

function cString(bytes: Uint8Array, start: number, limit: number): string {
  let end = start;
  while (end < limit && bytes[end] !== 0) end++;
  return new TextDecoder().decode(bytes.subarray(start, end));
}

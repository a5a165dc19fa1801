import {
  EF_RISCV_FLOAT_ABI_SOFT,
  EF_RISCV_RVC,
  EI_CLASS,
  EI_DATA,
  EI_OSABI,
  EI_VERSION,
  ELF32_EHDR_SIZE,
  ELF32_PHDR_SIZE,
  ELF32_SHDR_SIZE,
  ELF32_SYM_SIZE,
  ELF_MAGIC,
  ELFCLASS32,
  ELFDATA2LSB,
  ELFOSABI_NONE,
  EM_RISCV,
  ET_EXEC,
  EV_CURRENT,
  PF_R,
  PF_W,
  PF_X,
  PT_LOAD,
  SHF_ALLOC,
  SHF_EXECINSTR,
  SHF_WRITE,
  SHN_ABS,
  SHT_NOBITS,
  SHT_PROGBITS,
  SHT_RISCV_ATTRIBUTES,
  SHT_STRTAB,
  SHT_SYMTAB,
  STB_GLOBAL,
  STB_LOCAL,
  STT_FUNC,
  STT_NOTYPE,
  STT_OBJECT,
  stInfo,
} from './constants.ts';

/**
 * Writes an ELF32 little-endian RISC-V executable: one PT_LOAD segment per allocated section, a symbol
 * table, and a `.riscv.attributes` section naming the ISA so objdump decodes exactly that ISA.
 */

export interface ElfSection {
  name: string;
  addr: number;
  /** Contents; for `nobits` sections only the length counts. */
  data: Uint8Array;
  kind: 'code' | 'data' | 'nobits';
  align?: number;
}

export interface ElfSymbol {
  name: string;
  value: number;
  /** Name of the section the symbol is in, or undefined for an absolute symbol (`.equ`). */
  section?: string;
  global: boolean;
  type?: 'func' | 'object' | 'notype';
  size?: number;
}

export interface ElfImage {
  entry: number;
  sections: ElfSection[];
  symbols: ElfSymbol[];
  /** e.g. `rv32i2p1_m2p0_c2p0_zicsr2p0_zifencei2p0`; omitted: no attributes section. */
  arch?: string;
  rvc?: boolean;
}

class StringTable {
  private bytes: number[] = [0];
  private index = new Map<string, number>();
  add(s: string): number {
    const known = this.index.get(s);
    if (known !== undefined) return known;
    const off = this.bytes.length;
    for (const b of Buffer.from(s, 'utf8')) this.bytes.push(b);
    this.bytes.push(0);
    this.index.set(s, off);
    return off;
  }
  data(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

function uleb128(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

/** `.riscv.attributes`: format 'A', vendor "riscv", file-scope Tag_RISCV_arch (5). */
function attributes(arch: string): Uint8Array {
  const archBytes = [...Buffer.from(arch, 'utf8'), 0];
  const fileAttrs = [...uleb128(5), ...archBytes];
  const le32 = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
  const fileTagged = [1, ...le32(1 + 4 + fileAttrs.length), ...fileAttrs];
  const vendor = [...Buffer.from('riscv', 'utf8'), 0];
  const sub = [...le32(4 + vendor.length + fileTagged.length), ...vendor, ...fileTagged];
  return Uint8Array.from([0x41, ...sub]);
}

const alignUp = (n: number, a: number) => Math.ceil(n / a) * a;

export function writeElf(image: ElfImage): Uint8Array {
  const shstr = new StringTable();
  const strtab = new StringTable();
  const alloc = image.sections;
  const phnum = alloc.length;

  // Section header order: null, allocated sections, [.riscv.attributes], .symtab, .strtab, .shstrtab.
  const attr = image.arch ? attributes(image.arch) : undefined;
  const secIndex = new Map(alloc.map((s, i) => [s.name, i + 1]));

  // Symbols: null, locals, then globals (sh_info = first global).
  const ordered = [...image.symbols.filter((s) => !s.global), ...image.symbols.filter((s) => s.global)];
  const firstGlobal = 1 + image.symbols.filter((s) => !s.global).length;
  const symtab = new Uint8Array(ELF32_SYM_SIZE * (ordered.length + 1));
  const sv = new DataView(symtab.buffer);
  ordered.forEach((s, i) => {
    const o = ELF32_SYM_SIZE * (i + 1);
    const type = s.type === 'func' ? STT_FUNC : s.type === 'object' ? STT_OBJECT : STT_NOTYPE;
    const shndx = s.section === undefined ? SHN_ABS : secIndex.get(s.section);
    if (shndx === undefined) throw new Error(`elf: symbol ${s.name} is in unknown section ${s.section}`);
    sv.setUint32(o, strtab.add(s.name), true);
    sv.setUint32(o + 4, s.value >>> 0, true);
    sv.setUint32(o + 8, s.size ?? 0, true);
    sv.setUint8(o + 12, stInfo(s.global ? STB_GLOBAL : STB_LOCAL, type));
    sv.setUint8(o + 13, 0);
    sv.setUint16(o + 14, shndx, true);
  });

  interface Placed { name: number; type: number; flags: number; addr: number; offset: number; size: number; link: number; info: number; align: number; entsize: number; data?: Uint8Array }
  const placed: Placed[] = [];
  let off = ELF32_EHDR_SIZE + ELF32_PHDR_SIZE * phnum;
  for (const s of alloc) {
    const align = s.align ?? 4;
    // Keep file offset and address congruent modulo 16 (the segments' p_align).
    off = alignUp(off, 16) + ((s.addr >>> 0) % 16);
    const flags = SHF_ALLOC | (s.kind === 'code' ? SHF_EXECINSTR : SHF_WRITE);
    placed.push({
      name: shstr.add(s.name), type: s.kind === 'nobits' ? SHT_NOBITS : SHT_PROGBITS, flags, addr: s.addr >>> 0,
      offset: off, size: s.data.length, link: 0, info: 0, align, entsize: 0, data: s.kind === 'nobits' ? undefined : s.data,
    });
    if (s.kind !== 'nobits') off += s.data.length;
  }
  const extra = (name: string, type: number, data: Uint8Array, align: number, link = 0, info = 0, entsize = 0) => {
    off = alignUp(off, align);
    placed.push({ name: shstr.add(name), type, flags: 0, addr: 0, offset: off, size: data.length, link, info, align, entsize, data });
    off += data.length;
  };
  if (attr) extra('.riscv.attributes', SHT_RISCV_ATTRIBUTES, attr, 1);
  const symtabIndex = placed.length + 1;
  extra('.symtab', SHT_SYMTAB, symtab, 4, symtabIndex + 1, firstGlobal, ELF32_SYM_SIZE);
  extra('.strtab', SHT_STRTAB, strtab.data(), 1);
  const shstrtabName = shstr.add('.shstrtab');
  const shstrData = shstr.data();
  placed.push({ name: shstrtabName, type: SHT_STRTAB, flags: 0, addr: 0, offset: off, size: shstrData.length, link: 0, info: 0, align: 1, entsize: 0, data: shstrData });
  off += shstrData.length;
  const shoff = alignUp(off, 4);
  const shnum = placed.length + 1;
  const total = shoff + ELF32_SHDR_SIZE * shnum;

  const out = new Uint8Array(total);
  const v = new DataView(out.buffer);
  ELF_MAGIC.forEach((b, i) => (out[i] = b));
  out[EI_CLASS] = ELFCLASS32;
  out[EI_DATA] = ELFDATA2LSB;
  out[EI_VERSION] = EV_CURRENT;
  out[EI_OSABI] = ELFOSABI_NONE;
  v.setUint16(16, ET_EXEC, true);
  v.setUint16(18, EM_RISCV, true);
  v.setUint32(20, EV_CURRENT, true);
  v.setUint32(24, image.entry >>> 0, true);
  v.setUint32(28, ELF32_EHDR_SIZE, true); // e_phoff
  v.setUint32(32, shoff, true);
  v.setUint32(36, (image.rvc ? EF_RISCV_RVC : 0) | EF_RISCV_FLOAT_ABI_SOFT, true);
  v.setUint16(40, ELF32_EHDR_SIZE, true);
  v.setUint16(42, ELF32_PHDR_SIZE, true);
  v.setUint16(44, phnum, true);
  v.setUint16(46, ELF32_SHDR_SIZE, true);
  v.setUint16(48, shnum, true);
  v.setUint16(50, shnum - 1, true); // e_shstrndx: .shstrtab is last

  alloc.forEach((s, i) => {
    const ps = placed[i];
    const o = ELF32_EHDR_SIZE + ELF32_PHDR_SIZE * i;
    v.setUint32(o, PT_LOAD, true);
    v.setUint32(o + 4, ps.offset, true);
    v.setUint32(o + 8, ps.addr, true);
    v.setUint32(o + 12, ps.addr, true);
    v.setUint32(o + 16, s.kind === 'nobits' ? 0 : s.data.length, true);
    v.setUint32(o + 20, s.data.length, true);
    v.setUint32(o + 24, PF_R | (s.kind === 'code' ? PF_X : PF_W), true);
    v.setUint32(o + 28, 16, true);
  });
  placed.forEach((ps, i) => {
    if (ps.data) out.set(ps.data, ps.offset);
    const o = shoff + ELF32_SHDR_SIZE * (i + 1);
    v.setUint32(o, ps.name, true);
    v.setUint32(o + 4, ps.type, true);
    v.setUint32(o + 8, ps.flags, true);
    v.setUint32(o + 12, ps.addr, true);
    v.setUint32(o + 16, ps.offset, true);
    v.setUint32(o + 20, ps.size, true);
    v.setUint32(o + 24, ps.link, true);
    v.setUint32(o + 28, ps.info, true);
    v.setUint32(o + 32, ps.align, true);
    v.setUint32(o + 36, ps.entsize, true);
  });
  return out;
}

/**
 * ELF32 constants used by flexv's ELF reader (src/elf/read.ts) and writer (src/asm). Values are those of
 * the System V gABI and the RISC-V psABI; only what flexv reads or writes is listed.
 */

/** `\x7fELF`, the first four bytes of every ELF file. */
export const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46] as const;

/** e_ident indices. */
export const EI_CLASS = 4;
export const EI_DATA = 5;
export const EI_VERSION = 6;
export const EI_OSABI = 7;
export const EI_NIDENT = 16;

export const ELFCLASS32 = 1;
export const ELFCLASS64 = 2;
export const ELFDATA2LSB = 1;
export const ELFDATA2MSB = 2;
export const EV_CURRENT = 1;
export const ELFOSABI_NONE = 0;

/** e_type */
export const ET_REL = 1;
export const ET_EXEC = 2;
export const ET_DYN = 3;

/** e_machine */
export const EM_RISCV = 243;

/** e_flags bits of the RISC-V psABI. */
export const EF_RISCV_RVC = 0x0001;
export const EF_RISCV_FLOAT_ABI_SOFT = 0x0000;

/** Sizes of the ELF32 structures. */
export const ELF32_EHDR_SIZE = 52;
export const ELF32_PHDR_SIZE = 32;
export const ELF32_SHDR_SIZE = 40;
export const ELF32_SYM_SIZE = 16;
export const ELF32_RELA_SIZE = 12;

/** p_type */
export const PT_NULL = 0;
export const PT_LOAD = 1;
export const PT_NOTE = 4;
export const PT_RISCV_ATTRIBUTES = 0x70000003;

/** p_flags */
export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;

/** sh_type */
export const SHT_NULL = 0;
export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_RELA = 4;
export const SHT_NOBITS = 8;
export const SHT_RISCV_ATTRIBUTES = 0x70000003;

/** sh_flags */
export const SHF_WRITE = 0x1;
export const SHF_ALLOC = 0x2;
export const SHF_EXECINSTR = 0x4;

export const SHN_UNDEF = 0;
export const SHN_ABS = 0xfff1;
export const SHN_COMMON = 0xfff2;

/** Symbol binding (st_info >> 4) and type (st_info & 0xf). */
export const STB_LOCAL = 0;
export const STB_GLOBAL = 1;
export const STB_WEAK = 2;
export const STT_NOTYPE = 0;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;
export const STT_SECTION = 3;
export const STT_FILE = 4;

/** st_info from a binding and a type. */
export function stInfo(binding: number, type: number): number {
  return ((binding & 0xf) << 4) | (type & 0xf);
}

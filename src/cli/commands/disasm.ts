import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { AddressTracker, disassemble, instructionText, listSection } from '../../asm/index.ts';
import { readSections } from '../../asm/elf-sections.ts';
import { SHF_EXECINSTR, STB_GLOBAL, STT_FILE, STT_SECTION } from '../../elf/constants.ts';
import { isConfig } from '../../isa/table.ts';
import type { Config } from '../../isa/types.ts';
import { UserError } from '../../util/errors.ts';

/** `flexv disasm prog.elf` (objdump -d style) or `flexv disasm --word 0x...`. */
export function registerDisasm(program: Command): void {
  program
    .command('disasm')
    .description('disassemble the code sections of an ELF file, or single instruction words')
    .argument('[elf]', 'ELF32 RISC-V file')
    .option('--word <words...>', 'instruction words to disassemble (hex), instead of a file')
    .option('--pc <address>', 'address of the first --word', '0')
    .option('--config <config>', 'instruction set: baseline | xpulpnn | flexv', 'flexv')
    .action(async (elf: string | undefined, opts: { word?: string[]; pc: string; config: string }) => {
      if (!isConfig(opts.config)) throw new UserError(`unknown configuration '${opts.config}' (baseline, xpulpnn, flexv)`);
      if (opts.word) return printWords(opts.word, Number(opts.pc), opts.config);
      if (!elf) throw new UserError('give an ELF file or --word');
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await readFile(elf));
      } catch {
        throw new UserError(`cannot read ${elf}`);
      }
      console.log(listElf(bytes, elf, opts.config).join('\n'));
    });
}

function printWords(words: string[], pc: number, config: Config): void {
  for (const text of words) {
    const w = Number(text.startsWith('0x') ? text : `0x${text}`);
    if (!Number.isInteger(w) || w < 0 || w > 0xffffffff) throw new UserError(`--word: '${text}' is not a 32-bit hexadecimal word`);
    const r = disassemble(w, pc, { config });
    console.log(`${(pc >>> 0).toString(16)}:\t${instructionText(r)}`);
    pc += r.size;
  }
}

export function listElf(bytes: Uint8Array, fileName: string, config: Config): string[] {
  const { sections, symbols } = readSections(bytes, fileName);
  const out = ['', `${fileName}:     file format elf32-littleriscv`, ''];
  // Mapping symbols ($x, $d, $xrv32...) mark code/data runs; objdump does not show them as labels.
  const named = symbols.filter((y) => y.type !== STT_SECTION && y.type !== STT_FILE && y.name && !/^\$[xd]/.test(y.name));
  const all = named.map((y) => ({ name: y.name, value: y.value, global: y.binding === STB_GLOBAL, section: y.section }));
  const track = new AddressTracker(all.find((y) => y.name === '__global_pointer$')?.value);
  for (const s of sections) {
    if (!(s.flags & SHF_EXECINSTR) || s.size === 0) continue;
    const own = all.filter((y) => y.section === s.index);
    out.push(...listSection(s.name, s.addr, bytes.subarray(s.offset, s.offset + s.size), own, config, all, track));
  }
  return out;
}

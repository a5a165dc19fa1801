import type { Command } from 'commander';
import { L2_BASE } from '../../platform/memory-map.ts';
import { readFile, writeFile } from 'node:fs/promises';
import { assemble, toElf } from '../../asm/index.ts';
import { isConfig } from '../../isa/table.ts';
import { UserError } from '../../util/errors.ts';

/** `flexv asm prog.S -o prog.elf`: assemble to an ELF32 executable. */
export function registerAsm(program: Command): void {
  program
    .command('asm')
    .description('assemble a RISC-V (RV32IMC + Xpulp + XpulpNN + Flex-V) source file into an ELF executable')
    .argument('<source>', 'assembly source (GNU syntax)')
    .option('-o, --output <file>', 'output ELF file (default: source with .elf)')
    .option('--config <config>', 'instruction set: baseline | xpulpnn | flexv', 'flexv')
    .option('--base <address>', 'address of .text', `0x${L2_BASE.toString(16)}`)
    .option('--rvc', 'choose compressed forms from the start, as if the file began with .option rvc')
    .action(async (source: string, opts: { output?: string; config: string; base: string; rvc?: boolean }) => {
      if (!isConfig(opts.config)) throw new UserError(`unknown configuration '${opts.config}' (baseline, xpulpnn, flexv)`);
      const base = Number(opts.base);
      if (!Number.isInteger(base) || base < 0 || base > 0xffffffff) throw new UserError(`--base: '${opts.base}' is not a 32-bit address`);
      let text: string;
      try {
        text = await readFile(source, 'utf8');
      } catch {
        throw new UserError(`cannot read ${source}`);
      }
      const out = assemble(text, { fileName: source, config: opts.config, textBase: base, rvc: opts.rvc });
      const file = opts.output ?? source.replace(/\.[sS]$/, '') + '.elf';
      await writeFile(file, toElf(out));
    });
}

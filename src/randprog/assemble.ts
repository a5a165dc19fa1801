import { assemble, toElf, type AsmOutput } from '../asm/index.ts';
import { L2_BASE } from '../platform/memory-map.ts';
import { generateProgram, type GenOptions, type GeneratedProgram } from './generate.ts';

export interface BuiltProgram extends GeneratedProgram {
  asm: AsmOutput;
  elf: Uint8Array;
}

/** Generates and assembles a random program with the project's assembler (it knows every Xpulp form). */
export function buildRandomElf(opts: GenOptions): BuiltProgram {
  const prog = generateProgram(opts);
  const asm = assemble(prog.source, { config: opts.config, rvc: true, textBase: L2_BASE, fileName: `randprog-${opts.seed}.S` });
  return { ...prog, asm, elf: toElf(asm) };
}

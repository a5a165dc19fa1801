import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assemble, toElf } from '../../src/asm/index.ts';
import { buildProgram } from '../../src/randprog/build.ts';
import { hasTool } from '../../src/util/tools.ts';
import type { Config } from '../../src/isa/index.ts';

/** Tools the core tests need; they skip cleanly where one cannot exist. */
export const toolsReady = (await hasTool('verilator')) && (await hasTool('gcc'));

export const PROGRAM_DIR = join(import.meta.dirname, 'programs');
export const BUILD_DIR = 'build/test-core';

/** Assembles (or compiles, for .c) a program of test/core/programs. */
export function buildTestProgram(file: string): Promise<string> {
  const source = readFileSync(join(PROGRAM_DIR, file), 'utf8');
  const name = file.replace(/\.\w+$/, '');
  if (file.endsWith('.c')) {
    return buildProgram(BUILD_DIR, name, source, { lang: 'c', march: 'rv32imc_zicsr', extra: ['-O2', '-ffreestanding', '-lgcc'] });
  }
  return buildProgram(BUILD_DIR, name, source);
}

/** A bare-metal program around `body` that ends with tohost = `status`. */
export function tohostProgram(body: string, status = 1): string {
  return [
    '  .section .text.init', '  .globl _start', '_start:', body,
    `  li t0, ${status}`, '  la t1, tohost', '  sw t0, 0(t1)', '1: j 1b',
    '  .section .tohost, "aw"', '  .align 2', '  .globl tohost', 'tohost: .word 0',
  ].join('\n') + '\n';
}

/** Assembles generated source with flexv's own assembler for an ISA configuration; returns the ELF path. */
export function assembleSource(name: string, source: string, config: Config): string {
  const out = assemble(source, { fileName: `${name}.S`, config });
  mkdirSync(BUILD_DIR, { recursive: true });
  const elf = join(BUILD_DIR, `${name}.elf`);
  writeFileSync(elf, toElf(out));
  return elf;
}

/** Assembles a program of test/core/programs with flexv's own assembler (GNU as knows no Xpulp). */
export function assembleTestProgram(file: string): string {
  const path = join(PROGRAM_DIR, file);
  const out = assemble(readFileSync(path, 'utf8'), { fileName: path, config: 'baseline' });
  mkdirSync(BUILD_DIR, { recursive: true });
  const elf = join(BUILD_DIR, file.replace(/\.\w+$/, '.elf'));
  writeFileSync(elf, toElf(out));
  return elf;
}

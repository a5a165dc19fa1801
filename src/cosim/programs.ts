import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { coreCoverage } from '../core/core.ts';
import { coreConfig } from '../core/configs.ts';
import { buildRandomElf } from '../randprog/assemble.ts';

/** The end of a bare-metal test: tohost = 1 (pass), then spin; and the tohost word. */
export const TOHOST_PASS = ['  li t0, 1', '  la t1, tohost', '  sw t0, 0(t1)', '1: j 1b'];
export const TOHOST_SECTION = ['  .section .tohost, "aw"', '  .align 2', '  .globl tohost', 'tohost: .word 0'];

/**
 * Writes the table-driven random program (src/randprog) of `seed` for a core configuration into `dir` and
 * returns the ELF path (`repeat`: runs of the random body, GenOptions). Instructions no part of the core implements yet (`coreCoverage(config).missing`)
 * are left out, so a mismatch is always a disagreement, never a missing feature.
 */
export async function buildRandomProgram(dir: string, config: string, seed: number, length = 150, repeat = 1): Promise<string> {
  const prog = buildRandomElf({ config: coreConfig(config).isa, seed, length, repeat, exclude: coreCoverage(config).missing });
  await mkdir(dir, { recursive: true });
  const elf = join(dir, `${config}-${seed}-${length}${repeat > 1 ? `x${repeat}` : ''}.elf`);
  await writeFile(elf, prog.elf);
  return elf;
}

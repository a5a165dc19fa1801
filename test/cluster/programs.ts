import { execa } from 'execa';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assemble, toElf } from '../../src/asm/index.ts';
import type { Config } from '../../src/isa/index.ts';
import { UserError } from '../../src/util/errors.ts';
import { requireTool } from '../../src/util/tools.ts';

/** The cluster's test programs (test/cluster/programs) and where their ELFs go. */
export const CLUSTER_PROGRAMS = join(import.meta.dirname, 'programs');
export const CLUSTER_PROGRAM_BUILD = 'build/test-cluster';

/**
 * Builds a program of test/cluster/programs: `.S` with flexv's own assembler (Xpulp mnemonics, code only,
 * from 0x8000_0000), `.c` with GCC, the SPMD start-up crt0.S and the linker script cluster.ld (initialised
 * TCDM data in `.tcdm`). Returns the ELF path.
 */
export async function buildClusterProgram(file: string, config: Config = 'baseline'): Promise<string> {
  mkdirSync(CLUSTER_PROGRAM_BUILD, { recursive: true });
  const src = join(CLUSTER_PROGRAMS, file);
  const elf = join(CLUSTER_PROGRAM_BUILD, file.replace(/\.\w+$/, '.elf'));
  if (file.endsWith('.S')) {
    writeFileSync(elf, toElf(assemble(readFileSync(src, 'utf8'), { fileName: src, config })));
    return elf;
  }
  const gcc = await requireTool('gcc');
  const r = await execa(gcc, [
    '-march=rv32imc_zicsr', '-mabi=ilp32', '-O2', '-nostdlib', '-static', '-ffreestanding', '-Wl,--no-warn-rwx-segments',
    '-T', join(CLUSTER_PROGRAMS, 'cluster.ld'), '-o', elf, join(CLUSTER_PROGRAMS, 'crt0.S'), src, '-lgcc',
  ], { reject: false });
  if (r.exitCode !== 0) throw new UserError(`gcc failed:\n${r.stderr}`, src);
  return elf;
}

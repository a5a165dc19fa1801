import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { L2_BASE } from '../platform/memory-map.ts';
import { requireTool } from '../util/tools.ts';
import { UserError } from '../util/errors.ts';

/** Linker script for test programs: code, data and tohost in L2 (spec §6), no ELF headers loaded. */
export function linkerScript(base = L2_BASE): string {
  return `OUTPUT_ARCH(riscv)
ENTRY(_start)
SECTIONS
{
  . = 0x${(base >>> 0).toString(16)};
  .text : { *(.text.init) *(.text .text.*) }
  . = ALIGN(0x100);
  .data : { *(.data .data.* .sdata .sdata.* .rodata .rodata.* .srodata .srodata.*) }
  . = ALIGN(0x100);
  .tohost : { *(.tohost) }
  .bss : { *(.bss .bss.* .sbss .sbss.* COMMON) }
}
`;
}

/**
 * Assembles and links `source` (GNU assembler syntax, or C when `lang` is 'c') with the stock
 * riscv64-unknown-elf-gcc into `dir/name.elf`. Returns the ELF path.
 */
export async function buildProgram(
  dir: string,
  name: string,
  source: string,
  opts: { march?: string; lang?: 'asm' | 'c'; extra?: string[] } = {},
): Promise<string> {
  const gcc = await requireTool('gcc');
  await mkdir(dir, { recursive: true });
  const src = join(dir, `${name}.${opts.lang === 'c' ? 'c' : 'S'}`);
  const ld = join(dir, 'link.ld');
  const elf = join(dir, `${name}.elf`);
  await writeFile(src, source);
  await writeFile(ld, linkerScript());
  const r = await execa(
    gcc,
    [`-march=${opts.march ?? 'rv32imc_zicsr_zifencei'}`, '-mabi=ilp32', '-nostdlib', '-static', '-Wl,--no-warn-rwx-segments', '-T', ld, '-o', elf, src, ...(opts.extra ?? [])],
    { reject: false },
  );
  if (r.exitCode !== 0) throw new UserError(`gcc failed:\n${r.stderr}`, src);
  return elf;
}

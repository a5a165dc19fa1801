import { execa } from 'execa';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeElf, type ElfSymbol } from '../../src/elf/write.ts';
import { requireTool } from '../../src/util/tools.ts';

export const BUILD = join(process.cwd(), 'build', 'test-asm');
export const RV32IMC_ARCH = 'rv32i2p1_m2p0_c2p0_zicsr2p0_zifencei2p0';

/** Instruction lines of an objdump -d listing (`addr:\tbytes\ttext`). */
export function instructionLines(listing: string): string[] {
  return listing.split('\n').filter((l) => /^\s*[0-9a-f]+:\t/.test(l));
}

export async function objdump(file: string, extra: string[] = []): Promise<string> {
  const bin = await requireTool('objdump');
  const r = await execa(bin, ['-d', ...extra, file]);
  return r.stdout;
}

/** Writes `code` as the .text of an executable at `base` and returns its path. */
export function writeCodeElf(name: string, code: Uint8Array, base = 0x80000000, symbols?: ElfSymbol[]): string {
  mkdirSync(BUILD, { recursive: true });
  const file = join(BUILD, name);
  const elf = writeElf({
    entry: base,
    sections: [{ name: '.text', addr: base, data: code, kind: 'code' }],
    symbols: symbols ?? [{ name: '_start', value: base, section: '.text', global: true }],
    arch: RV32IMC_ARCH,
    rvc: true,
  });
  writeFileSync(file, elf);
  return file;
}

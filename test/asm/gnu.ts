import { execa } from 'execa';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSections } from '../../src/asm/elf-sections.ts';
import { requireTool } from '../../src/util/tools.ts';
import { BUILD } from './objdump-helpers.ts';

/** Assembles and links with GNU as/ld at the given section addresses; returns section bytes by name. */
export async function gnuAssemble(name: string, source: string, addrs: Record<string, number>): Promise<Map<string, Uint8Array>> {
  mkdirSync(BUILD, { recursive: true });
  const gcc = await requireTool('gcc');
  const as = gcc.replace(/gcc$/, 'as');
  const ld = gcc.replace(/gcc$/, 'ld');
  const src = join(BUILD, `${name}.S`);
  const obj = join(BUILD, `${name}.gnu.o`);
  const elf = join(BUILD, `${name}.gnu.elf`);
  writeFileSync(src, source);
  await execa(as, ['-march=rv32imc_zicsr_zifencei', '-mabi=ilp32', '-mno-relax', '-o', obj, src]);
  const place = Object.entries(addrs).map(([s, a]) => `--section-start=${s}=0x${a.toString(16)}`);
  await execa(ld, ['-m', 'elf32lriscv', '--no-relax', '-e', '_start', ...place, '-o', elf, obj]);
  const bytes = new Uint8Array(readFileSync(elf));
  const { sections } = readSections(bytes, elf);
  return new Map(sections.filter((s) => s.name).map((s) => [s.name, bytes.subarray(s.offset, s.offset + s.size)]));
}

/** First differing 32-bit slot, as a readable message (or undefined when equal). */
export function firstDifference(ours: Uint8Array, theirs: Uint8Array, base: number): string | undefined {
  const n = Math.max(ours.length, theirs.length);
  for (let i = 0; i < n; i += 2) {
    if (ours[i] !== theirs[i] || ours[i + 1] !== theirs[i + 1]) {
      const hex = (b: Uint8Array) => Array.from(b.subarray(i, i + 4), (x) => x.toString(16).padStart(2, '0')).join(' ');
      return `at 0x${(base + i).toString(16)}: flexv ${hex(ours)} / GNU ${hex(theirs)} (sizes ${ours.length} / ${theirs.length})`;
    }
  }
  return undefined;
}

import { execa } from 'execa';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble, toElf } from '../../src/asm/index.ts';
import { readElf } from '../../src/elf/read.ts';
import { BUILD, writeCodeElf } from './objdump-helpers.ts';
import { mkdirSync } from 'node:fs';

const CORPUS = join(import.meta.dirname, 'corpus');

describe('ELF output', () => {
  it('is read by the project loader: entry, segments, symbols including tohost', () => {
    const out = assemble(readFileSync(join(CORPUS, 'basic.S'), 'utf8'), { fileName: 'basic.S' });
    const img = readElf(toElf(out), 'basic.elf');
    expect(img.entry).toBe(0x80000000);
    expect(img.symbol('_start')?.value).toBe(0x80000000);
    const tohost = out.symbols.find((s) => s.name === 'tohost')!;
    expect(img.symbol('tohost')?.value).toBe(tohost.value);
    const text = out.sections.find((s) => s.name === '.text')!;
    const seg = img.segments.find((s) => s.vaddr === text.addr)!;
    expect(Array.from(seg.data)).toEqual(Array.from(text.bytes));
    expect(img.segments.length).toBe(out.sections.length);
  });

  it('puts .bss in a segment with no file bytes', () => {
    const out = assemble('_start: nop\n.bss\nbuf: .zero 256\n', { fileName: 'b.S' });
    const img = readElf(toElf(out), 'b.elf');
    const bss = img.segments.find((s) => s.vaddr === out.sections.find((x) => x.name === '.bss')!.addr)!;
    expect([bss.data.length, bss.memSize]).toEqual([0, 256]);
  });

  it('writes a file objdump reads with the RISC-V attributes of the ISA', async () => {
    const file = writeCodeElf('attr.elf', Uint8Array.from([0x13, 0, 0, 0]));
    const r = await execa('riscv64-unknown-elf-readelf', ['-A', '-h', file]);
    expect(r.stdout).toMatch(/Tag_RISCV_arch: "rv32i2p1_m2p0_c2p0_zicsr2p0_zifencei2p0"/);
    expect(r.stdout).toMatch(/Machine:\s+RISC-V/);
    expect(r.stdout).toMatch(/Type:\s+EXEC/);
  });

  it('runs on the golden model: a program with a hardware loop reaches tohost = 1', async () => {
    mkdirSync(BUILD, { recursive: true });
    const elf = join(BUILD, 'hwloop-pass.elf');
    writeFileSync(elf, toElf(assemble(readFileSync(join(CORPUS, 'hwloop-pass.S'), 'utf8'), { fileName: 'hwloop-pass.S' })));
    const r = await execa('node', ['bin/flexv.js', 'run', elf], { reject: false });
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
  });
});

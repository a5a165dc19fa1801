import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { EM_RISCV, STB_GLOBAL, STT_OBJECT } from '../../src/elf/constants.ts';
import { readElf } from '../../src/elf/read.ts';
import { buildProgram } from '../../src/randprog/build.ts';
import { hasTool } from '../../src/util/tools.ts';
import { UserError } from '../../src/util/errors.ts';

const SRC = `
  .section .text.init
  .globl _start
_start:
  la t0, tohost
  li t1, 1
  sw t1, 0(t0)
1: j 1b
  .data
  .globl table
table: .word 1, 2, 3
  .bss
  .globl scratch
scratch: .space 64
  .section .tohost, "aw"
  .globl tohost
tohost: .word 0
`;

const ready = await hasTool('gcc');

describe.skipIf(!ready)('ELF reader on a GNU-linked executable', async () => {
  const path = ready ? await buildProgram('build/test-elf', 'small', SRC) : '';
  const bytes = ready ? new Uint8Array(await readFile(path)) : new Uint8Array();

  it('reads entry, PT_LOAD segments (with bss) and symbols', () => {
    const img = readElf(bytes, path);
    expect(img.entry >>> 0).toBe(0x80000000);
    expect(img.symbol('_start')!.value >>> 0).toBe(0x80000000);
    const tohost = img.symbol('tohost')!;
    expect(tohost.binding).toBe(STB_GLOBAL);
    const table = img.symbol('table')!;
    expect(table.type === STT_OBJECT || table.type === 0).toBe(true);
    const seg = img.segments.find((s) => s.vaddr <= table.value && table.value < s.vaddr + s.memSize)!;
    const off = table.value - seg.vaddr;
    expect(Array.from(seg.data.subarray(off, off + 12))).toEqual([1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0]);
    const scratch = img.symbol('scratch')!;
    const bss = img.segments.find((s) => s.vaddr <= scratch.value && scratch.value < s.vaddr + s.memSize)!;
    expect(bss.memSize).toBeGreaterThan(bss.data.length);
  });

  const mutate = (f: (b: Uint8Array, v: DataView) => void) => {
    const b = bytes.slice();
    f(b, new DataView(b.buffer));
    return b;
  };
  const fails = (b: Uint8Array, msg: RegExp) => {
    let err: unknown;
    try {
      readElf(b, 'prog.elf');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).location).toBe('prog.elf');
    expect((err as UserError).message).toMatch(msg);
  };

  it('rejects a file that is not ELF', () => fails(new TextEncoder().encode('#!/bin/sh\necho hi\n'), /not an ELF file/));
  it('rejects ELF64', () => fails(mutate((b) => (b[4] = 2)), /ELF64/));
  it('rejects big-endian', () => fails(mutate((b) => (b[5] = 2)), /big-endian/));
  it('rejects another machine', () => fails(mutate((_, v) => v.setUint16(18, 62, true)), /machine 62 is not RISC-V/));
  it('rejects a relocatable object', () => fails(mutate((_, v) => v.setUint16(16, 1, true)), /not an executable/));
  it('rejects a truncated header', () => fails(bytes.slice(0, 40), /truncated ELF header/));
  it('rejects a truncated segment', () => {
    const img = readElf(bytes);
    const seg = img.segments[0];
    const end = seg.data.byteOffset + seg.data.length;
    fails(bytes.slice(0, end - 4), /truncated file/);
  });
  it('machine constant is RISC-V', () => expect(EM_RISCV).toBe(243));
});

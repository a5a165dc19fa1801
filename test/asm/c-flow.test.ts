import { execa } from 'execa';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble, toElf } from '../../src/asm/index.ts';
import { requireTool } from '../../src/util/tools.ts';
import { firstDifference, gnuAssemble } from './gnu.ts';
import { BUILD } from './objdump-helpers.ts';

describe('C with flexv.h through gcc -S and flexv asm', () => {
  it('assembles the compiler output as GNU as does and runs to tohost = 1 on the golden model', async () => {
    const gcc = await requireTool('gcc');
    const src = join(import.meta.dirname, 'corpus', 'dot-program.c');
    const asmFile = join(BUILD, 'dot-program.s');
    await execa(gcc, ['-march=rv32imc', '-mabi=ilp32', '-O2', '-Isw/include', '-S', src, '-o', asmFile]);
    const text = readFileSync(asmFile, 'utf8');
    expect(text).toMatch(/\.insn r 0x57, 1, 0x5c/);
    const out = assemble(text, { fileName: asmFile, rvc: true });
    const theirs = await gnuAssemble('dot-program', text, Object.fromEntries(out.sections.map((s) => [s.name, s.addr])));
    for (const s of out.sections) {
      if (s.kind !== 'nobits') expect(firstDifference(s.bytes, theirs.get(s.name)!, s.addr), s.name).toBeUndefined();
    }
    const elf = join(BUILD, 'dot-program.elf');
    writeFileSync(elf, toElf(out));
    const r = await execa('node', ['bin/flexv.js', 'run', elf], { reject: false });
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
  });
});

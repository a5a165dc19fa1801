import { execa } from 'execa';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../src/asm/assembler.ts';
import { UserError } from '../../src/util/errors.ts';
import { BUILD } from './objdump-helpers.ts';

function errorOf(source: string, config: 'baseline' | 'flexv' = 'flexv'): string {
  try {
    assemble(source, { fileName: 'prog.S', config });
  } catch (e) {
    if (e instanceof UserError) return e.format();
    throw e;
  }
  throw new Error('no error');
}

describe('assembler errors name file:line and the problem', () => {
  const cases: Array<[string, RegExp]> = [
    ['nop\n  frobnicate a0, a1\n', /^prog\.S:2: error: unknown instruction 'frobnicate'/],
    ['nop\nnop\n  addi a0, a1, 5000\n', /^prog\.S:3: error: addi: imm out of range: 5000 is not in \[-2048, 2047\]/],
    ['  add a0, a1, q7\n', /^prog\.S:1: error: .*/],
    ['  lw a0, 4(a9)\n', /^prog\.S:1: error: .*rs1 must be a register, got 'a9'/],
    ['  j nowhere\n', /^prog\.S:1: error: undefined symbol 'nowhere'/],
    ['x:\n  nop\nx:\n', /^prog\.S:3: error: symbol 'x' is already defined \(line 1\)/],
    ['  beq a0, a1, 0x10\n', /^prog\.S:1: error: beq: target out of range/],
    ['  j far\n  .zero 1100000\nfar: nop\n', /^prog\.S:1: error: jal: target out of range/],
    ['  .frob 3\n', /^prog\.S:1: error: unknown directive \.frob/],
    ['  p.lw a0, 4(a1)\n', /^prog\.S:1: error: p\.lw: operands fit none of its forms: .*'rd, imm\(rs1!\)'/],
    ['  c.lw a0, 4(a6)\n', /^prog\.S:1: error: c\.lw: rs1 must be one of x8\.\.x15/],
    ['  j 1b\n', /^prog\.S:1: error: no local label 1 before this line/],
    ['  li a0\n', /^prog\.S:1: error: li takes 2 operand/],
    ['  .word 1 +\n', /^prog\.S:1: error: incomplete expression/],
    ['  .byte 300\n', /^prog\.S:1: error: value 300 does not fit in 1 byte/],
    ['  lp.setup 0, a0, back\nback: nop\n  lp.setup 0, a0, back\n', /^prog\.S:3: error: lp\.setup: target out of range/],
    ['nop\n  .insn r 0x57, 1, 200, a0, a1, a2\n', /^prog\.S:2: error: \.insn r: field 3 must be a constant in \[0, 127\]/],
    ['  .insn q 1, 2\n', /^prog\.S:1: error: \.insn: unknown form/],
  ];
  for (const [src, re] of cases) {
    it(`reports ${re.source.slice(1, 60)}`, () => expect(errorOf(src)).toMatch(re));
  }

  it('rejects an instruction of a richer configuration', () => {
    expect(errorOf('  pv.sdotsp.n a0, a1, a2\n', 'baseline')).toMatch(/^prog\.S:1: error: pv\.sdotsp\.n \(xpulpnn\) is not part of configuration baseline/);
  });

  it('prints the error without a stack trace from the command line', async () => {
    mkdirSync(BUILD, { recursive: true });
    const file = join(BUILD, 'bad.S');
    writeFileSync(file, '_start:\n  addi a0, a0, 1\n  bogus\n');
    const r = await execa('node', ['bin/flexv.js', 'asm', file, '-o', join(BUILD, 'bad.elf')], { reject: false });
    expect(r.exitCode).toBe(1);
    expect(r.stderr.trim()).toBe(`${file}:3: error: unknown instruction 'bogus'`);
  });
});

describe('bad input never crashes the tools', () => {
  it('mutated sources give a file:line error or assemble (2000 seeded mutations)', async () => {
    const { readFileSync } = await import('node:fs');
    const { Rng } = await import('../../src/isa/random.ts');
    const lines = readFileSync(join(import.meta.dirname, 'corpus', 'basic.S'), 'utf8').split('\n');
    lines.push('p.lw a0, 4(a1!)', 'lp.setup 0, a0, 1f', '1: nop', 'pv.sdotsp.b a0,a1,a2', '.word 1f', '.rept 2', '.endr');
    const rng = new Rng(77);
    const chars = ' ,()!%:.#";\'+-*/<>xa0123456789fb\n\t';
    const crashes: string[] = [];
    for (let iter = 0; iter < 2000; iter++) {
      let text = Array.from({ length: rng.int(1, 6) }, () => rng.pick(lines)).join('\n');
      for (let m = rng.int(0, 4); m > 0; m--) {
        const p = rng.int(0, Math.max(0, text.length - 1));
        text = text.slice(0, p) + chars[rng.int(0, chars.length - 1)] + text.slice(p + rng.int(0, 1));
      }
      try {
        assemble(`${text}\ntable: .word 0\ntohost: .word 0\nfunc: nop\n`, { fileName: 'f.S' });
      } catch (e) {
        if (!(e instanceof UserError) || !/^f\.S:\d+: error: /.test(e.format())) crashes.push(`${(e as Error).message}\n${text}`);
      }
    }
    expect(crashes.slice(0, 3)).toEqual([]);
  });
});

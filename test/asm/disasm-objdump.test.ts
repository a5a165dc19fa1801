import { describe, expect, it } from 'vitest';
import { CSRS } from '../../src/isa/csrs.ts';
import { encode, instructionsFor } from '../../src/isa/table.ts';
import { Rng, randomOperands } from '../../src/isa/random.ts';
import { listSection } from '../../src/asm/listing.ts';
import { csrAddress } from '../../src/asm/csr-names.ts';
import { instructionLines, objdump, writeCodeElf } from './objdump-helpers.ts';

const RV32IMC_EXTS = ['rv32i', 'rv32m', 'rv32c', 'zicsr', 'zifencei'];
/** CSRs objdump and flexv both name (flexv's custom CSRs print as names in flexv, hex in objdump). */
const CSR_POOL = [
  ...CSRS.filter((c) => c.address < 0x7c0 || c.address > 0x7df).map((c) => c.address),
  ...['fcsr', 'dcsr', 'pmpcfg0', 'pmpaddr5', 'mhpmcounter4', 'hpmcounter3h', 'mhpmevent9', 'time', 'tselect', 'satp']
    .map((n) => csrAddress(n)!),
  0x7c3, 0x7ff, 0x8ab,
];

/** Random valid RV32IMC code, every instruction of the table equally likely. */
function randomCode(count: number, seed: number, starts: number[] = []): Uint8Array {
  const rng = new Rng(seed);
  const defs = instructionsFor('baseline').filter((d) => RV32IMC_EXTS.includes(d.ext));
  const bytes: number[] = [];
  for (let i = 0; i < count; i++) {
    const d = rng.pick(defs);
    const v = randomOperands(d, rng);
    if (v.csr !== undefined) v.csr = rng.pick(CSR_POOL);
    const w = encode(d, v);
    starts.push(bytes.length);
    for (let b = 0; b < d.size; b++) bytes.push((w >>> (8 * b)) & 0xff);
  }
  return Uint8Array.from(bytes);
}

describe('disassembler against riscv64-unknown-elf-objdump', () => {
  it('prints 10000 random RV32IMC instructions exactly as objdump -d', async () => {
    const code = randomCode(Number(process.env.N ?? 10000), Number(process.env.SEED ?? 0x5eed));
    const base = 0x80000000;
    const file = writeCodeElf('random-rv32imc.elf', code, base);
    const theirs = instructionLines(await objdump(file));
    const ours = instructionLines(listSection('.text', base, code, [{ name: '_start', value: base, global: true }], 'baseline').join('\n'));
    expect(ours.length).toBe(theirs.length);
    const diffs = ours.map((l, i) => [l, theirs[i]]).filter(([a, b]) => a !== b);
    expect(diffs.slice(0, 10)).toEqual([]);
  });

  it('prints the whole listing (labels, address column) as objdump for a small program at 0', async () => {
    const starts: number[] = [];
    const code = randomCode(60, 7, starts);
    const symbols = [{ name: '_start', value: 0, global: true }, { name: 'loop', value: starts[5], global: false }];
    const file = writeCodeElf('small.elf', code, 0, symbols.map((s) => ({ ...s, section: '.text' })));
    const theirs = (await objdump(file)).split('\n').slice(3).join('\n').trimEnd();
    const ours = listSection('.text', 0, code, symbols, 'baseline').join('\n');
    expect(ours).toBe(theirs);
  });
});

describe('flexv disasm of an assembled program', () => {
  it('prints the listing objdump -d prints (labels, address comments into .data)', async () => {
    const { readFileSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { assemble, toElf } = await import('../../src/asm/index.ts');
    const { listElf } = await import('../../src/cli/commands/disasm.ts');
    const { BUILD } = await import('./objdump-helpers.ts');
    const source = readFileSync(join(import.meta.dirname, 'corpus', 'basic.S'), 'utf8');
    const elf = toElf(assemble(source, { fileName: 'basic.S', config: 'baseline' }));
    const file = join(BUILD, 'basic.flexv.elf');
    writeFileSync(file, elf);
    const theirs = (await objdump(file)).trimEnd();
    expect(listElf(elf, file, 'baseline').join('\n')).toBe(theirs);
  });
});

describe('flexv disasm command', () => {
  it('disassembles single words, compressed ones included', async () => {
    const { execa } = await import('execa');
    const r = await execa('node', ['bin/flexv.js', 'disasm', '--word', '0x0045a50b', '8082', 'b8c59557', '--pc', '0x80000000']);
    expect(r.stdout.split('\n')).toEqual(['80000000:\tp.lw\ta0,4(a1!)', '80000004:\tret', '80000006:\tpv.sdotsp.b\ta0,a1,a2']);
  });

  it('lists a gcc object that uses flexv.h, custom instructions by name', async () => {
    const { execa } = await import('execa');
    const { writeFileSync, mkdirSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { BUILD } = await import('./objdump-helpers.ts');
    mkdirSync(BUILD, { recursive: true });
    const src = join(BUILD, 'dot.c');
    writeFileSync(src, '#include "flexv.h"\nunsigned dot(unsigned acc, unsigned a, unsigned b) { return FLEXV_SDOTSP_B(acc, a, b); }\n');
    await execa('riscv64-unknown-elf-gcc', ['-march=rv32imc', '-mabi=ilp32', '-O2', '-Isw/include', '-c', src, '-o', join(BUILD, 'dot.o')]);
    const r = await execa('node', ['bin/flexv.js', 'disasm', join(BUILD, 'dot.o')]);
    expect(r.stdout).toMatch(/<dot>:\n\s+0:\t[0-9a-f]{8}\s+\tpv\.sdotsp\.b\ta0,a1,a2\n/);
  });
});

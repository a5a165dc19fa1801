import { execa } from 'execa';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/randprog/build.ts';
import { BUILD_DIR, tohostProgram, toolsReady } from '../core/helpers.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const flexv = (...args: string[]) => execa('node', [join(ROOT, 'bin', 'flexv.js'), ...args], { cwd: ROOT, reject: false });

/** `flexv cosim` fails when one side ends and the other does not, and says which. */
describe.skipIf(!toolsReady)('flexv cosim end state', { timeout: 180_000 }, () => {
  it('fails when the core ends and the golden model never halts', async () => {
    // A byte store of 0 into the tohost word (already 1), but not to its first byte: the harness ends on
    // any store to the word (tohost = 1: a pass on its own), the golden model only on a store covering the
    // tohost address, so it runs on.
    const source = [
      '  .section .text.init', '  .globl _start', '_start:', '  la t1, tohost', '  sb zero, 1(t1)', '1: j 1b',
      '  .section .tohost, "aw"', '  .align 2', '  .globl tohost', 'tohost: .word 1',
    ].join('\n') + '\n';
    const elf = await buildProgram(BUILD_DIR, 'cosim-end-core-only', source);
    const r = await flexv('cosim', '--config', 'baseline', elf);
    expect(r.stdout).toMatch(/retirements compared, 0 mismatches/);
    expect(r.stdout).toMatch(/the core ended \(tohost = 1\) and the golden model did not: it never halted/);
    expect(r.exitCode).toBe(1);
  });

  it('fails when the golden model ends and the core does not', async () => {
    // A trap handler that traps to itself: the golden model stops such a loop (trap-loop), the core runs on.
    const elf = await buildProgram(BUILD_DIR, 'cosim-end-golden-only', tohostProgram('  la t0, 3f\n  csrw mtvec, t0\n3: ebreak'));
    const r = await flexv('cosim', '--config', 'baseline', '--max-cycles', '10000', elf);
    expect(r.stdout).toMatch(/note: the golden model ended \(trap-loop = \d+\) and the core did not: it retired this instruction after/);
    expect(r.exitCode).toBe(1);
  });

  it('passes when both end alike', async () => {
    const elf = await buildProgram(BUILD_DIR, 'cosim-end-both', tohostProgram('  li a0, 3'));
    const r = await flexv('cosim', '--config', 'baseline', elf);
    expect(r.stdout).toMatch(/retirements compared, 0 mismatches/);
    expect(r.exitCode).toBe(0);
  });
});

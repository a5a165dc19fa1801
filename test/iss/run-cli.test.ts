import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/randprog/build.ts';
import { hasTool } from '../../src/util/tools.ts';

/** `flexv run`: exit codes of the riscv-tests convention and the Spike-style trace. */
const program = (body: string) => `
  .section .text.init
  .globl _start
_start:
${body}
1: j 1b
  .section .tohost, "aw"
  .globl tohost
tohost: .word 0
`;
const TOHOST = (v: number) => `  la t0, tohost\n  li t1, ${v}\n  sw t1, 0(t0)\n`;
const ready = await hasTool('gcc');
const flexv = (...args: string[]) => execa('node', ['bin/flexv.js', 'run', ...args], { reject: false });

describe.skipIf(!ready)('flexv run', async () => {
  const dir = 'build/test-run';
  const pass = ready ? await buildProgram(dir, 'pass', program(`  li a0, 5\n  addi a0, a0, 1\n${TOHOST(1)}`)) : '';
  const fail = ready ? await buildProgram(dir, 'fail', program(TOHOST((3 << 1) | 1))) : '';
  const spin = ready ? await buildProgram(dir, 'spin', program('  nop')) : '';
  const trapLoop = ready ? await buildProgram(dir, 'traploop', program('  la t0, 2f\n  csrw mtvec, t0\n2: ecall')) : '';
  const noHandler = ready ? await buildProgram(dir, 'nohandler', program('  nop\n  .word 0xffffffff')) : '';

  it('exits 0 when tohost = 1', async () => {
    const r = await flexv(pass);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(/PASS/);
  });

  it('exits 1 and names the failing test', async () => {
    const r = await flexv(fail, '--config', 'baseline');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/FAIL: test 3/);
  });

  it('exits 2 on the instruction limit and on a trap loop', async () => {
    const a = await flexv(spin, '--max-instr', '1000');
    expect(a.exitCode).toBe(2);
    expect(a.stderr).toMatch(/instruction limit of 1000/);
    const b = await flexv(trapLoop);
    expect(b.exitCode).toBe(2);
    expect(b.stderr).toMatch(/trap loop .* \(mcause 11\)/);
  });

  it('exits 2 and explains a trap taken with no handler installed', async () => {
    const r = await flexv(noHandler);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/trap \(mcause 2\) at pc 0x80000002 jumped to mtvec 0x0/);
  });

  it('--trace prints one Spike-style line per instruction', async () => {
    const r = await flexv(pass, '--trace');
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('core   0: 0x80000000 (0x4515) x10 0x00000005');
    expect(lines[1]).toBe('core   0: 0x80000002 (0x0505) x10 0x00000006');
    expect(lines.at(-1)).toMatch(/^core {3}0: 0x[0-9a-f]{8} \(0x[0-9a-f]{8}\) mem 0x800001\d0 0x00000001$/);
  });

  it('reports bad input without a stack trace', async () => {
    const a = await flexv(pass, '--config', 'rv64');
    expect(a.exitCode).toBe(1);
    expect(a.stderr).toMatch(/--config: error: unknown configuration 'rv64'/);
    const b = await flexv('package.json');
    expect(b.stderr).toMatch(/package.json: error: not an ELF file/);
    expect(b.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});

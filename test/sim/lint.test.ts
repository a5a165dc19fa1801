import { execa } from 'execa';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { counter } from '../../src/blocks/index.ts';
import { elaborate, emit, writeEmit } from '../../src/hdl/index.ts';
import { lintVerilator } from '../../src/sim/lint.ts';
import { PROJECT_ROOT } from '../../src/sim/verilator.ts';

const root = join(PROJECT_ROOT, 'build', `lint-test-${process.pid}`);
afterAll(() => rm(root, { recursive: true, force: true }));

/** A directory in the emitter's layout holding hand-written SV (so the test does not depend on its output). */
async function svDir(name: string, text: string): Promise<string> {
  const dir = join(root, name, 'rtl'); // nested: the filelist's relative paths must resolve against it
  const file = `${/module (\w+)/.exec(text)![1]}.sv`; // named after its module, as lowRISC style wants
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, file), text);
  await writeFile(join(dir, 'filelist.f'), `${file}\n`);
  return dir;
}

const bad = `module bad (input logic [3:0] a_i, input logic b_i, output logic [2:0] y_o);
  assign y_o = a_i;
endmodule
`;

describe('lintVerilator', () => {
  it('is clean on an emitted block', async () => {
    const dir = join(root, 'counter');
    await writeEmit(emit(elaborate(counter, { width: 8 })), dir);
    expect(await lintVerilator(dir)).toEqual({ clean: true, messages: [] });
  });

  it('returns one message per diagnostic, with its source excerpt', async () => {
    const dir = await svDir('bad', bad);
    const r = await lintVerilator(dir, { top: 'bad' });
    expect(r.clean).toBe(false);
    expect(r.messages).toHaveLength(3);
    expect(r.messages[0]).toMatch(/^%Warning-WIDTH: .*bad\.sv:2:14: Operator ASSIGNW expects 3 bits/);
    expect(r.messages[0]).toContain('assign y_o = a_i;');
    expect(r.messages[2]).toMatch(/^%Warning-UNUSEDSIGNAL: .*bad\.sv:1:\d+: Signal is not used: 'b_i'/);
    expect(r.messages.join('\n')).not.toMatch(/Exiting due to/);
  });

  it('reports syntax errors and a wrong top as messages', async () => {
    const dir = await svDir('broken', 'module broken (input logic a_i);\n  assign = ;\nendmodule\n');
    const r = await lintVerilator(dir);
    expect(r.clean).toBe(false);
    expect(r.messages[0]).toMatch(/^%Error: .*broken\.sv:2/);
    const top = await lintVerilator(await svDir('other', bad), { top: 'nope' });
    expect(top.clean).toBe(false);
    expect(top.messages.join('\n')).toMatch(/nope/);
  });

  it('refuses a directory without filelist.f', async () => {
    await mkdir(join(root, 'empty'), { recursive: true });
    await expect(lintVerilator(join(root, 'empty'))).rejects.toThrow(/no filelist.f in .*empty: lint expects a directory written by 'flexv emit'/);
  });
});

describe('flexv lint', () => {
  const flexv = (...args: string[]) => execa('node', [join(PROJECT_ROOT, 'bin', 'flexv.js'), 'lint', ...args], { reject: false });

  it('exits 0 on a clean directory and 1 with the messages otherwise', async () => {
    const clean = join(root, 'cli-clean');
    await writeEmit(emit(elaborate(counter, { width: 4 })), clean);
    const ok = await flexv(clean);
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toMatch(/lint clean/);
    const fail = await flexv(await svDir('clibad', bad));
    expect(fail.exitCode).toBe(1);
    expect(fail.stdout).toMatch(/%Warning-WIDTH/);
    expect(fail.stderr).toMatch(/3 lint message\(s\)/);
    const missing = await flexv(join(root, 'nowhere'));
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toMatch(/error: no filelist.f in/);
    expect(missing.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });
});

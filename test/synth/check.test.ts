import { describe, expect, it } from 'vitest';
import { join, relative } from 'node:path';
import { yosysCheck } from '../../src/synth/check.ts';
import { FIXTURES, registerSv, writeDesign } from './helpers.ts';

describe('yosysCheck', () => {
  it('accepts a clean design', async () => {
    const dir = await writeDesign('check-ok', { reg4: registerSv('reg4', 4) });
    const r = await yosysCheck(dir, 'reg4');
    expect(r).toMatchObject({ ok: true, errors: [] });
    expect(r.log).toMatch(/Executing SYNTH pass/);
  });

  it('accepts a directory given as a relative path (Yosys runs elsewhere)', async () => {
    const dir = await writeDesign('check-rel', { reg2: registerSv('reg2', 2) });
    const r = await yosysCheck(relative(process.cwd(), dir), 'reg2');
    expect(r).toMatchObject({ ok: true, errors: [] });
  });

  it('reports a syntax error with its file and line', async () => {
    const r = await yosysCheck(join(FIXTURES, 'broken'), 'broken_adder');
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual([expect.stringMatching(/broken_adder\.sv:6: ERROR: syntax error/)]);
  });

  it('fails check -assert on a multiply-driven net', async () => {
    const dir = await writeDesign('check-multi', {
      multi: 'module multi (input logic [3:0] a_i, output logic [3:0] y_o);\n  assign y_o = a_i;\n  assign y_o = ~a_i;\nendmodule\n',
    });
    const r = await yosysCheck(dir, 'multi');
    expect(r.ok).toBe(false);
    expect(r.errors.some((e) => /multiple conflicting drivers for multi\./.test(e))).toBe(true);
    expect(r.errors.some((e) => /^ERROR: Found \d+ problems in 'check -assert'/.test(e))).toBe(true);
  });

  it('says so when the directory has no filelist.f', async () => {
    await expect(yosysCheck(join(FIXTURES, 'nowhere'), 'x')).rejects.toThrow(/no filelist\.f/);
  });
});

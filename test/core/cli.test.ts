import { execa } from 'execa';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/randprog/build.ts';
import { BUILD_DIR, toolsReady, tohostProgram } from './helpers.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const flexv = (...args: string[]) => execa('node', [join(ROOT, 'bin', 'flexv.js'), ...args], { cwd: ROOT, reject: false });

/** `flexv gen`, `flexv sim`, `flexv cosim`: outputs, exit codes, errors without stack traces. */
describe('core commands', { timeout: 60_000 }, () => {
  it('gen writes the SV, the filelist and the SDC', async () => {
    const out = join(BUILD_DIR, 'gen-baseline');
    const r = await flexv('gen', '--target', 'core', '--config', 'baseline', '--out', out);
    expect(r.exitCode).toBe(0);
    for (const f of ['flexv_core.sv', 'flexv_decoder.sv', 'flexv_pkg.sv', 'filelist.f', 'flexv_core.sdc']) expect(existsSync(join(out, f))).toBe(true);
    expect(readFileSync(join(out, 'flexv_core.sdc'), 'utf8')).toMatch(/create_clock/);
    expect(r.stdout).toMatch(/decodes \d+ 32-bit and \d+ compressed instructions/);
  });

  it('rejects an unknown configuration and target with a clear error', async () => {
    const r = await flexv('gen', '--target', 'core', '--config', 'nope', '--out', join(BUILD_DIR, 'x'));
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/--config: error: unknown core configuration 'nope' \(available: baseline, xpulpnn, flexv\)/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    const t = await flexv('gen', '--target', 'soc', '--out', join(BUILD_DIR, 'x'));
    expect(t.stderr).toMatch(/unknown target 'soc'/);
  });

  describe.skipIf(!toolsReady)('on programs', async () => {
    const pass = toolsReady ? await buildProgram(BUILD_DIR, 'cli-pass', tohostProgram('  li a0, 3\n  mul a1, a0, a0', 1)) : '';
    const fail = toolsReady ? await buildProgram(BUILD_DIR, 'cli-fail', tohostProgram('  li a0, 3', (2 << 1) | 1)) : '';

    it('sim prints cycles, instructions and CPI and exits 0 on tohost = 1', async () => {
      const r = await flexv('sim', '--config', 'baseline', pass);
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toMatch(/^cycles \d+, instructions \d+, CPI \d+\.\d{3}/m);
      expect(r.stderr).toMatch(/PASS \(\d+ instructions\)/);
    }, 120_000);

    it('cosim ends with the count and exits 1 when the program fails even though lockstep agrees', async () => {
      const ok = await flexv('cosim', '--config', 'baseline', pass);
      expect(ok.exitCode).toBe(0);
      expect(ok.stdout).toMatch(/^\d+ retirements compared, 0 mismatches$/m);
      const bad = await flexv('cosim', '--config', 'baseline', fail);
      expect(bad.stdout).toMatch(/^\d+ retirements compared, 0 mismatches$/m);
      expect(bad.stderr).toMatch(/FAIL: test 2/);
      expect(bad.exitCode).toBe(1);
    }, 120_000);
  });
});

import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/sim/verilator.ts';
import { DEMO_CHECKS } from '../../src/sim/verify/index.ts';

const out = join(PROJECT_ROOT, 'build', `demo-test-${process.pid}`);
afterAll(() => rm(out, { recursive: true, force: true }));

it('flexv demo emits, lints and simulates every block, then runs a kernel on each core in lockstep', async () => {
  const r = await execa('node', [join(PROJECT_ROOT, 'bin', 'flexv.js'), 'demo', '--out', out, '--cycles', '2000'], {
    reject: false,
  });
  expect(r.exitCode, r.stdout + r.stderr).toBe(0);
  const lines = r.stdout.split('\n');
  expect(lines[0]).toMatch(/^block\s+params\s+SV lines\s+lint -Wall\s+cycles\s+mismatches\s+time/);
  for (const check of DEMO_CHECKS) {
    const row = lines.find((l) => l.startsWith(check.block + ' '));
    expect(row, `row for ${check.block}`).toMatch(/\s\d+\s+clean\s+2000\s+0\s+[\d.]+ s.*\sok$/);
    expect(existsSync(join(out, check.block, 'filelist.f'))).toBe(true);
  }
  expect(r.stdout).toMatch(/6\/6 blocks passed/);
  // the core part: every configuration's SV is written and lint-clean, the kernel is bit-exact in lockstep
  expect(r.stdout).toMatch(/^  baseline \d+ modules, \d+ SV lines, lint clean; \d+ cycles, \d+ retirements compared, 0 mismatches, [\d.]+ MAC\/cycle .*bit-exact/m);
  expect(existsSync(join(out, 'core-baseline', 'filelist.f'))).toBe(true);
  expect(r.stdout).toMatch(/demo passed in/);
});

it('flexv demo rejects a bad --cycles with a one-line error', async () => {
  const r = await execa('node', [join(PROJECT_ROOT, 'bin', 'flexv.js'), 'demo', '--cycles', 'many'], { reject: false });
  expect(r.exitCode).toBe(1);
  expect(r.stderr.trim()).toBe("error: --cycles must be a positive integer, got 'many'");
});

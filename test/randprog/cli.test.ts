import { execa } from 'execa';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { instructionsFor } from '../../src/isa/index.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const DIR = join(ROOT, 'build', 'test-randprog-cli');
/** The flexv table's size: the coverage denominators. */
const IDS = instructionsFor('flexv').length;
const flexv = (...args: string[]) => execa('node', [join(ROOT, 'bin', 'flexv.js'), ...args], { cwd: ROOT, reject: false });

describe('flexv randprog', { timeout: 60_000 }, () => {
  it('writes an ELF the golden model runs to tohost = 1, prints coverage and writes it as JSON', async () => {
    mkdirSync(DIR, { recursive: true });
    const elf = join(DIR, 'p.elf'), json = join(DIR, 'p.json');
    const r = await flexv('randprog', '--config', 'flexv', '--seed', '5', '--length', '120', '-o', elf, '--coverage', json);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/randprog coverage \(flexv, 1 program\): \d+\/\d+ instruction ids produced/);
    expect(r.stdout).toContain(`/${IDS} instruction ids produced`);
    const cov = JSON.parse(readFileSync(json, 'utf8'));
    expect(cov.config).toBe('flexv');
    expect(Object.keys(cov.produced).length).toBeGreaterThan(50);
    expect(Object.keys(cov.hazards)).toContain('macload-load-then-macload-use');
    expect(cov.status.fmtWrites).toBeTypeOf('object');
    expect(r.stdout).toMatch(/status-based writes: mode switches to status-based \d+/);
    expect(r.stdout).toMatch(/status-based formats executed/);
    // the executed report: ids retired and hazard classes, measured on the golden model's retirements
    expect(r.stdout).toMatch(/executed \(flexv, 1 program, \d+ retirements\): \d+\/\d+ instruction ids retired; hazard classes hit \d+\/\d+/);
    expect(r.stdout).toContain(`/${IDS} instruction ids retired`);
    expect(cov.executed.retired).toBeGreaterThan(200);
    expect(cov.executed.hazards['raw-forward-ex']).toBeGreaterThan(0);
    expect(Object.keys(cov.executed.executed).length).toBeLessThanOrEqual(Object.keys(cov.produced).length);
    const run = await flexv('run', '--config', 'flexv', elf);
    expect(run.exitCode).toBe(0);
  });

  it('rejects bad options with a clear error and no stack trace', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--config', 'nope'], /--config: error: unknown configuration 'nope'/],
      [['--seed', '1.5'], /--seed: error: --seed must be an integer/],
      [['--length', '0'], /--length: error: --length must be an integer in \[1, 100000\]/],
      [['--repeat', 'x'], /--repeat: error: --repeat must be an integer in \[1, 1000000\]/],
      [['--config', 'baseline', '--exclude', 'pv.add.n'], /--exclude: error: no instruction 'pv.add.n' in the baseline table/],
    ];
    for (const [args, message] of cases) {
      const r = await flexv('randprog', ...args, '-o', join(DIR, 'bad.elf'));
      expect(r.exitCode).not.toBe(0);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    }
  });
});

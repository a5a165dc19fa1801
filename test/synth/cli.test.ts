import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { join, resolve } from 'node:path';
import { BUILD } from './helpers.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const flexv = (args: string[]) => execa('node', [join(ROOT, 'bin', 'flexv.js'), ...args], { cwd: ROOT, reject: false });

describe('flexv synth (command line)', () => {
  it('asks for --cores on the cluster target and names the flag of a bad cluster parameter', async () => {
    const r = await flexv(['synth', '--target', 'cluster']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^--cores: error: --target cluster needs --cores N/m);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    const b = await flexv(['synth', '--target', 'cluster', '--cores', '2', '--banking', '3']);
    expect(b.exitCode).toBe(1);
    expect(b.stderr).toMatch(/^--banking: error: --banking must be a power of two in 1\.\.16, got 3/m);
  });

  it('names the parameter when a core configuration does not exist', async () => {
    const r = await flexv(['synth', '--target', 'core', '--config', 'nosuch']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^--config: error: unknown core configuration 'nosuch' \(available: baseline/m);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it('rejects an unknown target and a module target without a design', async () => {
    const unknown = await flexv(['synth', '--target', 'soc']);
    expect(unknown.stderr).toMatch(/unknown target 'soc' \(targets: module, core, cluster\)/);
    const noDesign = await flexv(['synth', '--target', 'module', '--out', join(BUILD, 'cli-errors')]);
    expect(noDesign.exitCode).toBe(1);
    expect(noDesign.stderr).toMatch(/--target module needs a design file/);
  });

  it('rejects a --compare with other than two sides and bad numbers', async () => {
    const r = await flexv(['synth', 'x.ts', '--compare', 'depth=4']);
    expect(r.stderr).toMatch(/--compare takes exactly two variants/);
    const p = await flexv(['synth', 'x.ts', '--period', 'fast']);
    expect(p.stderr).toMatch(/--period: expected a number, got 'fast'/);
  });
});

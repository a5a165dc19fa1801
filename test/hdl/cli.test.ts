import { execa } from 'execa';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { lineOf } from './helpers.ts';

const flexv = (...args: string[]) => execa('node', ['bin/flexv.js', ...args], { reject: false });
const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).href;

describe('flexv emit', () => {
  it('writes the SV and filelist of an example with parameters', async () => {
    const r = await flexv('emit', 'examples/hdl/fifo.ts', '--out', 'build/test-hdl/cli/fifo', '--param', 'width=16', '--param', 'depth=8');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("top 'flexv_fifo'");
    const sv = await readFile('build/test-hdl/cli/fifo/flexv_fifo.sv', 'utf8');
    expect(sv).toContain('// Parameters: depth=8, width=16');
    expect(sv).toContain('input  logic [15:0] wdata_i');
    expect(await readFile('build/test-hdl/cli/fifo/filelist.f', 'utf8')).toBe('flexv_fifo.sv\n');
  });

  it('accepts a default export that is a function of the parameters', async () => {
    const r = await flexv('emit', 'test/hdl/fixtures/factory.ts', '--out', 'build/test-hdl/cli/factory', '--param', 'width=6');
    expect(r.exitCode).toBe(0);
    const sv = await readFile('build/test-hdl/cli/factory/flexv_adder_6.sv', 'utf8');
    expect(sv).toContain("assign sum_o = 7'(a_i) + 7'(b_i);");
  });

  it('renames the top with --top', async () => {
    const r = await flexv('emit', 'examples/hdl/counter.ts', '--out', 'build/test-hdl/cli/ctr', '--top', 'my_counter', '--prefix', 'acme_');
    expect(r.exitCode).toBe(0);
    expect(await readFile('build/test-hdl/cli/ctr/acme_my_counter.sv', 'utf8')).toContain('module acme_my_counter (');
    const bad = await flexv('emit', 'examples/hdl/counter.ts', '--out', 'build/test-hdl/cli/ctr', '--prefix', '9x');
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain("--prefix: error: '9x' is not the start of an SV identifier");
  });

  it('exits 1 with the located error on a bad design, without a stack trace', async () => {
    const r = await flexv('emit', 'test/hdl/fixtures/broken-width.ts', '--out', 'build/test-hdl/cli/broken');
    expect(r.exitCode).toBe(1);
    const line = lineOf(fixture('broken-width.ts'), 'error');
    expect(r.stderr.trim()).toMatch(new RegExp(`^${line.replace(/\./g, '\\.')}:\\d+: error: width mismatch: assigning UInt\\(8\\) to 'y' of UInt\\(4\\)`));
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints warnings with their location and still succeeds', async () => {
    const r = await flexv('emit', 'test/hdl/fixtures/with-warning.ts', '--out', 'build/test-hdl/cli/warn', '--param', 'width=4');
    expect(r.exitCode).toBe(0);
    const line = lineOf(fixture('with-warning.ts'), 'warning');
    expect(r.stderr).toContain(`${line}:`);
    expect(r.stderr).toContain("warning: 'spare' is never used");
  });

  it('rejects an unknown parameter and a missing file', async () => {
    const bad = await flexv('emit', 'examples/hdl/fifo.ts', '--out', 'build/test-hdl/cli/x', '--param', 'dept=4');
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain("module 'fifo' has no parameter 'dept' (parameters: width, depth)");
    const missing = await flexv('emit', 'nope.ts', '--out', 'build/test-hdl/cli/x');
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain('design file not found: nope.ts');
  });
});

// The flow on modules generated with flexv's HDL (test/synth/designs/*.ts), through the same entry
// points `flexv synth --target module` uses.
import { moduleName } from '../../src/hdl/index.ts';
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { cellWeight } from '../../src/synth/cell-area.ts';
import { compareTarget, synthTarget } from '../../src/synth/run.ts';
import { DEFAULT_SDC } from '../../src/synth/sdc.ts';
import type { Params } from '../../src/synth/params.ts';
import { BUILD } from './helpers.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const design = (name: string) => join(import.meta.dirname, 'designs', `${name}.ts`);
const run = (name: string, params: Params, out = join(BUILD, 'hdl')) =>
  synthTarget({ target: 'module', request: { design: design(name), params, sdc: DEFAULT_SDC }, buildRoot: out });

describe('synthesis of HDL-generated modules', () => {
  it.each([1, 8, 32])('a %i-bit register is that many flip-flops, and its SDC is written next to the SV', async (width) => {
    const r = await run('register', { width }, join(BUILD, `hdl-reg${width}`));
    expect(r.top).toBe('flexv_register');
    expect(r.total.flops).toBe(width);
    expect(r.total.cells).toEqual({ $_DFF_PN0_: width });
    expect(r.total.nand2).toBeCloseTo(width * cellWeight('$_DFF_PN0_')!.nand2, 3);
    const sdc = await readFile(join(BUILD, `hdl-reg${width}`, 'register', 'rtl', 'flexv_register.sdc'), 'utf8');
    expect(sdc).toContain('create_clock -name clk_i -period $period_ns [get_ports clk_i]');
    expect(sdc).toContain('set_input_delay $io_delay_ns -clock clk_i [get_ports {d_i}]');
    expect(sdc).toContain('set_false_path -from [get_ports rst_ni]');
  });

  it.each([2, 3, 5])('a balanced tree of 2:1 muxes over 2^%i bits is that deep and 2^k - 1 muxes', async (k) => {
    const r = await run('mux-tree', { k });
    expect(r.total.depth).toMatchObject({ cells: k, to: 'y_o' });
    expect(r.total.cells).toEqual({ $_MUX_: 2 ** k - 1 });
  });

  it.each([[16, 4], [17, 5]])('the parity of %i bits is %i XOR levels deep', async (width, depth) => {
    const r = await run('parity', { width });
    expect(r.total.depth?.cells).toBe(depth);
    expect(r.total.depth?.to).toBe('parity_o');
  });

  it('keeps a 256 x 32 memory as a macro and reports its bits apart from the logic', async () => {
    const r = await run('scratchpad', { depth: 256, width: 32 });
    expect(r.memories).toMatchObject([{ words: 256, width: 32, bits: 8192, kind: 'macro' }]);
    expect(r.total).toMatchObject({ macroBits: 8192, flops: 0 });
    expect(r.total.macroNand2).toBeCloseTo(8192 * r.model.macroNand2PerBit, 3);
    expect(r.blocks.find((b) => b.path === `${moduleName('scratchpad')}.u_store`)?.summary.macroBits).toBe(8192);
  });

  it('maps a 16 x 8 memory to flip-flops: 128 storage bits and the 8-bit read register', async () => {
    const r = await run('scratchpad', { depth: 16, width: 8 });
    expect(r.memories).toMatchObject([{ bits: 128, kind: 'flops' }]);
    expect(r.total).toMatchObject({ macroBits: 0, flops: 128 + 8 });
  });

  it('counts a nested hierarchy per instance: 4 banks, each a flop and a 256 x 32 macro', async () => {
    const r = await run('banked', { banks: 4, words: 256 });
    expect(r.modules.map((m) => [m.name, m.instances])).toEqual([['banked', 1], ['bank', 4], ['ram_1r1w', 4]].map(([n, k]) => [moduleName(n as string), k]));
    expect(r.total).toMatchObject({ flops: 4, macroBits: 4 * 8192 });
    expect(r.blocks.map((b) => b.path)).toContain(`${moduleName('banked')}.u_bank_3.u_ram`);
    expect(r.blocks.find((b) => b.path === `${moduleName('banked')}.u_bank_2`)!.summary).toMatchObject({ flops: 1, macroBits: 8192 });
  });

  it('compares two parameter sets block by block in one run', async () => {
    const c = await compareTarget(
      { target: 'module', request: { design: design('mac-array'), params: { spmWords: 256 }, sdc: DEFAULT_SDC }, buildRoot: join(BUILD, 'hdl-cmp') },
      'lanes=2',
      'lanes=4',
    );
    const [a, b] = c.reports;
    expect(a.params).toMatchObject({ lanes: 2, spmWords: 256 });
    expect(b.params).toMatchObject({ lanes: 4, spmWords: 256 });
    expect(c.rows.map((r) => r.block)).toEqual(['(top)', 'u_lane_0', 'u_lane_1', 'u_lane_2', 'u_lane_3', 'u_spm']);
    const lane = (block: string) => c.rows.find((r) => r.block === block)!;
    expect(lane('u_lane_0').overheadPct).toBe(0);
    expect(lane('u_lane_3').a).toBeUndefined();
    expect(lane('u_lane_3').b).toBe(lane('u_lane_0').b);
    expect(c.total.overhead_pct).toBeCloseTo(((b.total.nand2 - a.total.nand2) / a.total.nand2) * 100, 2);
    expect(c.total.b_flops).toBe(2 * c.total.a_flops);
    // The macro is the same on both sides, so it dilutes the overhead.
    expect(c.total.overhead_with_macros_pct).toBeLessThan(c.total.overhead_pct);
  });

  it('runs from the command line and writes the JSON report', async () => {
    const json = join(BUILD, 'cli-register.json');
    const r = await execa('node', [join(ROOT, 'bin', 'flexv.js'), 'synth', design('register'), '--param', 'width=4', '--json', json, '--out', join(BUILD, 'cli')], { cwd: ROOT, reject: false });
    expect(r.stderr).toMatch(/synth flexv_register \(width=4\): synth-coarse/); // progress (not a TTY: one line per step)
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/total: 26\.7 NAND2 logic, 4 flip-flops, 0 latches/);
    const report = JSON.parse(await readFile(json, 'utf8'));
    expect(report.total.flops).toBe(4);
    expect(report.modules[0].name).toBe('flexv_register');
  });

  it('points at the design line when the design itself is wrong', async () => {
    const r = await execa('node', [join(ROOT, 'bin', 'flexv.js'), 'synth', join(import.meta.dirname, 'fixtures', 'bad-design.ts'), '--out', join(BUILD, 'cli')], { cwd: ROOT, reject: false });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/bad-design\.ts:\d+:\d+: error: /);
  });
});

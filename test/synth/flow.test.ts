import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { cellWeight } from '../../src/synth/cell-area.ts';
import { compareReports } from '../../src/synth/compare.ts';
import { synthesize } from '../../src/synth/flow.ts';
import { UserError } from '../../src/util/errors.ts';
import { BUILD, FIXTURES, muxTreeSv, paritySv, registerSv, synth, writeDesign } from './helpers.ts';

describe('synthesis flow on small designs with known counts', () => {
  it.each([1, 8, 33])('a %i-bit register is that many flip-flops and nothing else', async (n) => {
    const dir = await writeDesign(`reg${n}`, { [`reg${n}`]: registerSv(`reg${n}`, n) });
    const r = await synth(`reg${n}`, dir, `reg${n}`);
    expect(r.total.flops).toBe(n);
    expect(r.total.cells).toEqual({ $_DFF_PN0_: n });
    expect(r.total.nand2).toBeCloseTo(n * cellWeight('$_DFF_PN0_')!.nand2, 3);
    expect(r.total.depth?.cells ?? 0).toBe(0);
    expect(r.unweighted).toEqual({});
  });

  it.each([2, 3, 4])('a 2^%i:1 mux tree is that many cells deep, from a select bit to the output', async (k) => {
    const dir = await writeDesign(`mux${k}`, { mux: muxTreeSv('mux', k) });
    const r = await synth(`mux${k}`, dir, 'mux');
    expect(r.total.depth?.cells).toBe(k);
    expect(r.modules[0]!.depth?.cells).toBe(k);
    expect(r.total.depth?.from).toMatch(/^sel_i\[\d\]$/);
    expect(r.total.depth?.to).toBe('y_o');
    expect(r.total.flops).toBe(0);
  });

  it.each([[8, 3], [16, 4], [17, 5]])('the parity of %i bits is %i XOR levels deep', async (n, depth) => {
    const dir = await writeDesign(`parity${n}`, { parity: paritySv('parity', n) });
    const r = await synth(`parity${n}`, dir, 'parity');
    expect(r.total.depth?.cells).toBe(depth);
    expect(r.total.depth?.path).toHaveLength(depth + 1);
  });

  it('reports per module and per instance, keeps a large memory as a macro and maps a register file to flops', async () => {
    const r = await synth('hier', join(FIXTURES, 'hier'), 'acc_array');
    const acc = r.modules.find((m) => m.module === 'acc')!;
    expect(acc.instances).toBe(3);
    expect(acc.own.flops).toBe(8);
    expect(r.blocks.map((b) => b.path)).toEqual(['acc_array', 'acc_array.u_acc0', 'acc_array.u_acc1', 'acc_array.u_acc2']);
    // 3 accumulators x 8 + the 8 x 8 register file; the scratchpad contributes bits, not flops.
    expect(r.total.flops).toBe(3 * 8 + 64);
    expect(r.total.macroBits).toBe(256 * 32);
    expect(r.total.macroNand2).toBeCloseTo(256 * 32 * r.model.macroNand2PerBit, 3);
    expect(r.total.nand2WithMacros).toBeCloseTo(r.total.nand2 + r.total.macroNand2, 3);
    const kinds = Object.fromEntries(r.memories.map((m) => [m.name, [m.kind, m.bits]]));
    expect(kinds).toEqual({ spm: ['macro', 8192], rf: ['flops', 64] });
    // The scratchpad reads on the clock (an SRAM can stand in), the register file combinationally.
    expect(Object.fromEntries(r.memories.map((m) => [m.name, m.syncRead]))).toEqual({ spm: true, rf: false });
    // The top's subtree is its own logic plus three accumulators.
    const top = r.modules.find((m) => m.module === 'acc_array')!;
    expect(top.subtree.nand2).toBeCloseTo(top.own.nand2 + 3 * acc.own.nand2, 3);
    expect(r.total.cells['$mem_v2']).toBeUndefined();
    expect(r.unweighted).toEqual({});
  });

  it('a broken design fails with the module, the Yosys message and the SV location', async () => {
    const run = synthesize(
      { dir: join(FIXTURES, 'broken'), top: 'broken_adder', label: 'broken', target: 'module' },
      { runDir: join(BUILD, 'broken', 'yosys') },
    );
    await expect(run).rejects.toBeInstanceOf(UserError);
    const err = (await run.catch((e) => e)) as UserError;
    expect(err.message).toMatch(/in module broken_adder: syntax error, unexpected ';'/);
    expect(err.message).toMatch(/full Yosys log: .*synth-coarse\.log/);
    expect(err.location).toMatch(/broken_adder\.sv:6$/);
  });

  it('a missing top module is reported as such', async () => {
    const dir = await writeDesign('notop', { reg4: registerSv('reg4', 4) });
    const err = (await synth('notop', dir, 'nosuch').catch((e) => e)) as UserError;
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(/nosuch/);
  });

  it('compares two designs block by block through the same flow', async () => {
    const a = await synth('cmp8', await writeDesign('cmp8', { r: registerSv('r', 8) }), 'r');
    const b = await synth('cmp16', await writeDesign('cmp16', { r: registerSv('r', 16) }), 'r');
    const c = compareReports(a, b);
    expect(c.total.overhead_pct).toBe(100);
    expect(c.total.a_flops).toBe(8);
    expect(c.total.b_flops).toBe(16);
    expect(c.rows).toEqual([{ block: '(top)', level: 0, a: a.total.nand2, b: b.total.nand2, overheadPct: 100 }]);
  });
});

describe('synthesis failures name the module', () => {
  it('reports an instance of a module the filelist does not have, in the instantiating module', async () => {
    const dir = await writeDesign('missing-child', {
      top_with_macro: `module top_with_macro (input logic clk_i, input logic [7:0] a_i, output logic [7:0] y_o);
  sram_macro u_sram (.clk_i, .a_i, .y_o);
endmodule
`,
    });
    const err = (await synth('missing-child', dir, 'top_with_macro').catch((e) => e)) as UserError;
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(/in module top_with_macro: Module `\\sram_macro' referenced in module `\\top_with_macro'/);
  });
});

import { describe, expect, it } from 'vitest';
import { CELL_WEIGHTS, cellWeight } from '../../src/synth/cell-area.ts';
import { parseLtp } from '../../src/synth/ltp.ts';
import { classifyMemory } from '../../src/synth/memories.ts';
import { displayName, selectionPattern } from '../../src/synth/names.ts';
import { parseParams } from '../../src/synth/params.ts';
import { scanRtlil } from '../../src/synth/rtlil-scan.ts';
import { parseStatJson } from '../../src/synth/stat.ts';
import { fillTemplate } from '../../src/synth/scripts.ts';

describe('the NAND2 weight table', () => {
  it('is normalized to NAND2 = 1 and knows every generic gate Yosys maps to', () => {
    expect(cellWeight('$_NAND_')!.nand2).toBe(1);
    for (const t of ['$_NOT_', '$_AND_', '$_OR_', '$_XOR_', '$_XNOR_', '$_NOR_', '$_ANDNOT_', '$_ORNOT_', '$_MUX_', '$_AOI3_', '$_OAI4_']) {
      expect(cellWeight(t), t).toBeDefined();
    }
    expect(cellWeight('$_DFF_PN0_')).toMatchObject({ state: 'ff' });
    expect(cellWeight('$_DFFE_PN0P_')).toMatchObject({ state: 'ff' });
    expect(cellWeight('$_SDFFCE_PP0P_')).toMatchObject({ state: 'ff' });
    expect(cellWeight('$_DLATCH_P_')).toMatchObject({ state: 'latch' });
    expect(cellWeight('$add')).toBeUndefined();
  });

  it('matches every cell type with at most one row', () => {
    const types = ['$_DFF_P_', '$_DFF_PN0_', '$_DFFE_PP_', '$_DFFE_PN0P_', '$_SDFF_PP0_', '$_SDFFE_PP0P_', '$_SDFFCE_PN1N_', '$_DFFSR_PNN_', '$_ALDFF_PP_', '$_DLATCH_N_', '$_SR_PP_', '$_MUX_', '$_NMUX_'];
    for (const t of types) expect(CELL_WEIGHTS.filter((w) => w.pattern.test(t)), t).toHaveLength(1);
  });

  it('prices an enable flop as a flop plus a mux', () => {
    expect(cellWeight('$_DFFE_PP_')!.nand2).toBeCloseTo(cellWeight('$_DFF_P_')!.nand2 + cellWeight('$_MUX_')!.nand2, 3);
  });
});

describe('memory classification', () => {
  const mem = (width: number, words: number, attributes: Record<string, string> = {}) => ({ module: 'm', name: 'mem', width, words, syncRead: true, attributes });
  it('keeps memories at or above the size threshold as macros', () => {
    expect(classifyMemory(mem(32, 128), 4096)).toMatchObject({ kind: 'macro', bits: 4096, nand2: 4096 * 0.8 });
    expect(classifyMemory(mem(32, 127), 4096)).toMatchObject({ kind: 'flops', bits: 4064, nand2: 0 });
  });
  it('lets an attribute decide before the size', () => {
    expect(classifyMemory(mem(8, 4, { flexv_macro: '1' }))).toMatchObject({ kind: 'macro', reason: 'attribute flexv_macro' });
    expect(classifyMemory(mem(32, 1024, { flexv_regfile: '1' }))).toMatchObject({ kind: 'flops', reason: 'attribute flexv_regfile' });
    expect(classifyMemory(mem(32, 1024, { ram_style: 'registers' }))).toMatchObject({ kind: 'flops' });
    expect(classifyMemory(mem(32, 1024, { flexv_regfile: '0' }))).toMatchObject({ kind: 'macro' });
  });
});

describe('Yosys output readers', () => {
  it('reads ltp blocks, ending a path into a flop at the flop', () => {
    const text = [
      'Longest topological path in rf (length=2):',
      '    0: \\wa_i [2]',
      '    1: $abc$1$new_n1_ (via $abc$1$c1)',
      '    2: $abc$1$wren (via $abc$1$c2)',
      '   ff: \\regs[7] [7] (via $auto$ff.cc:266:slice$462)',
      '',
      'Longest topological path in $paramod$ab12\\mem (length=0):',
      '    0: \\we_i',
    ].join('\n');
    const depths = parseLtp(text);
    expect(depths.get('rf')).toEqual({ cells: 2, from: 'wa_i[2]', to: 'regs[7][7] (flop)', path: ['wa_i[2]', '$abc$1$new_n1_', '$abc$1$wren', 'regs[7][7] (flop)'] });
    expect(depths.get('$paramod$ab12\\mem')?.cells).toBe(0);
  });

  it('scans modules, memories with attributes, and instances out of RTLIL', () => {
    const rtlil = [
      'module \\child',
      '  attribute \\flexv_regfile 1',
      '  attribute \\src "child.sv:3.1-3.9"',
      '  cell $mem_v2 \\regs',
      '    parameter \\ABITS 3',
      "    parameter \\SIZE 32'00000000000000000000000000001000",
      "    parameter \\RD_CLK_ENABLE 2'10",
      '    parameter \\WIDTH 16',
      '  end',
      'end',
      'module \\top',
      '  cell $add $add$top.sv:4$1',
      '  end',
      '  cell \\child \\u_child',
      '  end',
      'end',
    ].join('\n');
    expect(scanRtlil(rtlil)).toEqual({
      modules: ['child', 'top'],
      memories: [{ module: 'child', name: 'regs', width: 16, words: 8, syncRead: false, attributes: { flexv_regfile: '1', src: 'child.sv:3.1-3.9' }, src: 'child.sv:3.1-3.9' }],
      instances: [{ parent: 'top', name: 'u_child', module: 'child' }],
    });
  });

  it('reads stat -json despite the hierarchy lines Yosys 0.23 prints into it', () => {
    const text = [
      '{',
      '   "modules": {',
      '      "\\\\bank": { "num_cells": 2, "num_cells_by_type": { "$_DFF_PN0_": 1, "ram_1r1w": 1 } },',
      '      "\\\\top": {',
      '         "num_cells_by_type": {',
      '            "bank": 4',
      '         }',
      '      }',
      '   },',
      '       ram_1r1w                      4',
      '      "design": { "num_cells": 9 }',
      '}',
    ].join('\n');
    const cells = parseStatJson(text);
    expect(cells.get('bank')).toEqual({ $_DFF_PN0_: 1, ram_1r1w: 1 });
    expect(cells.get('top')).toEqual({ bank: 4 });
  });

  it('names modules readably and selects exactly one object', () => {
    expect(displayName('\\fifo')).toBe('fifo');
    expect(displayName('$paramod$db0e5941ba1cd275\\mem')).toBe('mem#db0e5941');
    expect(selectionPattern('$paramod$db0e\\mem')).toBe('$paramod$db0e?mem');
  });
});

describe('templates and parameters', () => {
  it('fills every parameter and refuses missing or unused ones', () => {
    expect(fillTemplate('read {{FILES}}; top {{TOP}}', { FILES: ['/a b.sv', 'c.sv'], TOP: 't' }, 'x')).toBe('read "/a b.sv" "c.sv"; top t');
    expect(() => fillTemplate('{{TOP}}', {}, 'x')).toThrow(/no value for \{\{TOP\}\}/);
    expect(() => fillTemplate('{{TOP}}', { TOP: 't', EXTRA: 1 }, 'x')).toThrow(/not in the template: EXTRA/);
  });

  it('parses k=v parameters as numbers, booleans and strings', () => {
    expect(parseParams(['depth=4', 'width=0x10,signed=true', 'name=fifo'])).toEqual({ depth: 4, width: 16, signed: true, name: 'fifo' });
    expect(() => parseParams(['depth'])).toThrow(/'depth' is not name=value/);
  });
});

import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { elaborate, emit, writeEmit } from '../../src/hdl/index.ts';
import { loadDesign } from '../../src/hdl/load.ts';
import { lintVerilator } from '../../src/sim/lint.ts';
import { yosysCheck } from '../../src/synth/check.ts';
import { hasTool } from '../../src/util/tools.ts';

/**
 * Every example (the blocks and the bigger designs), with default and edge parameters, must pass
 * `verilator --lint-only -Wall` with zero messages and Yosys 0.23 `synth; check -assert`.
 */
const examples = readdirSync('examples/hdl').filter((f) => f.endsWith('.ts')).sort();
const variants: Array<[string, Record<string, unknown>]> = [
  ...examples.map((f): [string, Record<string, unknown>] => [f, {}]),
  ['fifo.ts', { depth: 1, width: 1 }],
  ['fifo.ts', { depth: 5, width: 3 }],
  ['rr_arbiter.ts', { n: 3 }],
  ['rr_arbiter.ts', { n: 2 }],
  ['priority_encoder.ts', { n: 5 }],
  ['onehot_encoder.ts', { n: 2 }],
  ['lzc.ts', { width: 7 }],
  ['counter.ts', { width: 1 }],
  ['alu.ts', { xlen: 16 }],
  ['scratchpad.ts', { banks: 2, words: 8, dataWidth: 8 }],
];

const fixtures = readdirSync('test/hdl/fixtures').filter((f) => f.startsWith('clean-')).sort();

const tools = (await hasTool('verilator')) && (await hasTool('yosys'));

describe.skipIf(!tools)('emitted SV is Verilator -Wall clean and Yosys clean', () => {
  it.each([...variants, ...fixtures.map((f): [string, Record<string, unknown>] => [`../../test/hdl/fixtures/${f}`, {}])])('%s %j', async (file, params) => {
    const { gen, params: p } = await loadDesign(join('examples/hdl', file), params);
    const result = emit(elaborate(gen, p));
    const dir = join('build/test-hdl/sv-clean', `${file.split('/').pop()!.replace('.ts', '')}-${Object.values(params).join('-') || 'default'}`);
    await writeEmit(result, dir);
    const lint = await lintVerilator(dir, { top: result.top });
    expect(lint.messages).toEqual([]);
    expect(lint.clean).toBe(true);
    // absolute: yosysCheck runs Yosys in a temporary directory
    const synth = await yosysCheck(resolve(dir), result.top);
    expect(synth.errors).toEqual([]);
    expect(synth.ok).toBe(true);
  });
});

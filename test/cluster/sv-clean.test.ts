// Every cluster block, at edge and typical parameters: Verilator -Wall clean (zero messages) and accepted by
// Yosys 0.23 (synth + check -assert); bad parameters are refused with a message naming them.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { elaborate, emit, HdlError, writeEmit, type ModuleGenerator } from '../../src/hdl/index.ts';
import { lintVerilator } from '../../src/sim/lint.ts';
import { yosysCheck } from '../../src/synth/check.ts';
import { hasTool } from '../../src/util/tools.ts';
import { tcdmBank } from '../../src/cluster/tcdm-bank.ts';
import { logInterconnect } from '../../src/cluster/interconnect.ts';
import { tcdm } from '../../src/cluster/tcdm.ts';
import { eventUnit } from '../../src/cluster/event-unit.ts';
import { clusterPeriph } from '../../src/cluster/periph.ts';
import { dma } from '../../src/cluster/dma.ts';
import { obiMux } from '../../src/cluster/obi-mux.ts';
import { fabric } from '../../src/cluster/fabric.ts';

const variants: Array<[string, ModuleGenerator<never>, Record<string, number>]> = [
  ['tcdm_bank', tcdmBank as never, { words: 2 }],
  ['log_interconnect', logInterconnect as never, { masters: 1, banks: 1, bankWords: 2 }],
  ['log_interconnect', logInterconnect as never, { masters: 3, banks: 4, bankWords: 16 }],
  ['tcdm', tcdm as never, { masters: 5, banks: 8, bankWords: 32 }],
  ['event_unit', eventUnit as never, { cores: 1 }],
  ['event_unit', eventUnit as never, { cores: 5 }],
  ['cluster_periph', clusterPeriph as never, { cores: 3 }],
  ['cluster_dma', dma as never, { fifoDepth: 2 }],
  ['obi_mux', obiMux as never, { masters: 3, outstanding: 2 }],
  ['cluster_fabric', fabric as never, { cores: 1, banks: 1, bankWords: 16, dmaFifoDepth: 2, l2Outstanding: 1 }],
  ['cluster_fabric', fabric as never, { cores: 3, banks: 8, bankWords: 16, dmaFifoDepth: 4, l2Outstanding: 4 }],
];

const tools = (await hasTool('verilator')) && (await hasTool('yosys'));

describe.skipIf(!tools)('cluster blocks emit clean SystemVerilog', () => {
  it.each(variants.map(([name, gen, params]) => [name, JSON.stringify(params), gen, params] as const))('%s %s', async (name, _text, gen, params) => {
    const result = emit(elaborate(gen, params as never));
    const dir = `build/test-cluster/sv-clean/${name}-${Object.values(params).join('-')}`;
    await writeEmit(result, dir);
    const lint = await lintVerilator(dir, { top: result.top });
    expect(lint.messages).toEqual([]);
    const synth = await yosysCheck(resolve(dir), result.top);
    expect(synth.errors).toEqual([]);
    expect(synth.ok).toBe(true);
  });
});

describe('cluster parameters are validated', () => {
  const refuse = (gen: unknown, params: Record<string, number>, message: RegExp) => {
    let err: unknown;
    try {
      elaborate(gen as ModuleGenerator<never>, params as never);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HdlError);
    expect((err as HdlError).format()).toMatch(message);
  };
  it('refuses bad bank counts, master counts and sizes', () => {
    refuse(tcdm, { masters: 4, banks: 6, bankWords: 16 }, /banks must be a power of two in 1\.\.256, got 6/);
    refuse(tcdm, { masters: 0, banks: 4, bankWords: 16 }, /masters must be an integer in 1\.\.32, got 0/);
    refuse(tcdm, { masters: 2, banks: 4, bankWords: 12 }, /bankWords must be a power of two/);
    refuse(eventUnit, { cores: 33 }, /cores must be an integer in 1\.\.32, got 33/);
    refuse(dma, { fifoDepth: 1 }, /fifoDepth must be an integer in 2\.\.64, got 1/);
    refuse(fabric, { cores: 4, banks: 1024, bankWords: 1024, dmaFifoDepth: 4, l2Outstanding: 4 }, /banks must be a power of two/);
    refuse(fabric, { cores: 4, banks: 256, bankWords: 4096, dmaFifoDepth: 4, l2Outstanding: 4 }, /does not fit below the peripherals/);
  });
});

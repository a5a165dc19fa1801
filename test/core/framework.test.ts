import { describe, expect, it } from 'vitest';
import { coreCoverage, emitCore } from '../../src/core/core.ts';
import { Pipeline } from '../../src/core/pipeline/pipeline.ts';
import { stageable } from '../../src/core/pipeline/stageable.ts';
import { Bool, elaborate, module, UInt } from '../../src/hdl/index.ts';
import { instructionsFor } from '../../src/isa/index.ts';

/** The pipeline framework's rules and the baseline core's instruction coverage, without a simulator. */
describe('pipeline framework', () => {
  const build = (body: (p: Pipeline) => void) =>
    elaborate(
      module('pipe_test', (m) => {
        const p = new Pipeline(m);
        p.stages.if.valid.set(true);
        body(p);
        p.finish();
      }),
      {},
    );

  it('carries a value from its producing stage to later stages through registers', () => {
    const K = stageable('k', UInt(8));
    const design = build((p) => {
      p.produce(K, 'id');
      const m = p.m;
      const out = m.output('k_wb', UInt(8));
      p.stages.id.insert(K, m.input('k_in', UInt(8)));
      out.set(p.stages.wb.input(K));
    });
    const names = design.top.signals.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['id_k', 'ex_k', 'wb_k']));
  });

  it('refuses a read before the producing stage, a double insert and a missing producer', () => {
    const K = stageable('k', Bool());
    expect(() => build((p) => { p.produce(K, 'ex'); p.stages.id.input(K); })).toThrow(/produced in ex, it cannot be read in the earlier stage id/);
    expect(() => build((p) => { p.produce(K, 'id'); p.stages.id.insert(K, p.m.input('a', Bool())); p.stages.id.insert(K, p.m.input('b', Bool())); })).toThrow(/inserted twice/);
    expect(() => build((p) => p.stages.ex.input(K))).toThrow(/no part produces k/);
    expect(() => build((p) => { p.produce(K, 'id'); p.produce(K, 'ex'); })).toThrow(/produced in both id and ex/);
  });
});

describe('baseline core coverage', () => {
  it('implements every entry of the baseline instruction set (RV32IMC, Zicsr, Zifencei, XpulpV2)', () => {
    const cov = coreCoverage('baseline');
    const handled = new Set([...cov.decoded, ...cov.compressed]);
    expect(instructionsFor('baseline').filter((d) => !handled.has(d.id)).map((d) => d.id)).toEqual([]);
    expect(cov.missing).toEqual([]);
  });

  it('emits byte-identical SystemVerilog for identical input', () => {
    const text = () => emitCore('baseline').files.map((f) => `${f.name}\n${f.text}`).join('\n');
    expect(text()).toBe(text());
  });
});

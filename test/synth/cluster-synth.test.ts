// The integrated cluster through Yosys in CI (issue 16): N cores + fabric (TCDM behind the logarithmic
// interconnect, event unit, peripherals, DMA, L2 mux) emitted by `emitCluster` and checked with the light
// script constraints/check-coarse.ys (front end, proc + check -assert, word-level synth + check -assert).
// The full `synth` (check.ys) of the cluster stays in test/cluster/cluster-top.test.ts behind
// FLEXV_SLOW_TESTS: docs/synth.md, "The integrated cluster in CI", has both times.
import { moduleName } from '../../src/hdl/index.ts';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitCluster } from '../../src/cluster/cluster.ts';
import { writeEmit } from '../../src/hdl/index.ts';
import { yosysCheck } from '../../src/synth/check.ts';
import { hasTool } from '../../src/util/tools.ts';
import { writeDesign } from './helpers.ts';

const yosys = await hasTool('yosys');

describe.skipIf(!yosys)('the integrated cluster in Yosys (light check)', () => {
  it('2 cores, every part of the cluster: accepted, check -assert clean after proc and after word-level synth', async () => {
    const { params, result } = emitCluster({ cores: 2, tcdmBytes: 1024 });
    const dir = resolve('build/test-synth/cluster-2');
    await writeEmit(result, dir);
    // every part is in the design that was checked
    for (const m of ['core', 'cluster_fabric', 'tcdm', 'log_interconnect', 'tcdm_bank', 'event_unit', 'cluster_periph', 'cluster_dma', 'obi_mux'].map((b) => moduleName(b))) {
      expect(result.files.some((f) => f.name === `${m}.sv` || f.name.startsWith(`${m}_`)), m).toBe(true);
    }
    expect(params.cores).toBe(2);
    const r = await yosysCheck(dir, result.top, { light: true });
    expect(r.errors).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.log).toMatch(/Executing SYNTH pass/);
    expect(r.log).not.toMatch(/Executing ABC pass/);
  }, 600_000);

  it('the light check still fails a multiply-driven net', async () => {
    const dir = await writeDesign('check-coarse-multi', {
      multi: 'module multi (input logic [3:0] a_i, output logic [3:0] y_o);\n  assign y_o = a_i;\n  assign y_o = ~a_i;\nendmodule\n',
    });
    const r = await yosysCheck(dir, 'multi', { light: true });
    expect(r.ok).toBe(false);
    expect(r.errors.some((e) => /multiple conflicting drivers for multi\./.test(e))).toBe(true);
  });
});

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../src/asm/index.ts';
import { coreConfig, PENDING_CORE_CONFIGS } from '../../src/core/configs.ts';
import { core, coreCoverage, emitCore } from '../../src/core/core.ts';
import { elaborate, emit, writeEmit } from '../../src/hdl/index.ts';
import { lintVerilator } from '../../src/sim/lint.ts';
import { hasTool } from '../../src/util/tools.ts';
import { instructionsFor } from '../../src/isa/index.ts';
import { macLoadProgram } from './flexv-programs.ts';
import { sbProgram } from './sb-programs.ts';

/**
 * The xpulpnn and flexv cores, built from the Flex-V parts: clean elaboration, Verilator -Wall, instruction
 * coverage (pv.qnt.n has no part yet), and that the directed programs are valid for the configuration.
 * Their lockstep runs are in flexv-lockstep.test.ts.
 */
describe.each(['xpulpnn', 'flexv'])('the %s core', async (config) => {
  const result = emit(elaborate(core, { config }));
  const dir = await mkdtemp(join(tmpdir(), `flexv-core-${config}-`));
  await writeEmit(result, dir);

  it('elaborates without warnings, with the Flex-V units in EX', () => {
    expect(result.warnings).toEqual([]);
    const top = result.files.find((f) => f.name === 'flexv_core.sv')!.text;
    for (const inst of ['u_dotp_unit', 'u_simd_nc4', 'u_simd_nc2']) expect(top).toContain(inst);
    for (const port of ['rvfi_nn_count_o', 'rvfi_nn_index_o', 'rvfi_nn_data_o']) expect(top).toContain(port);
  });

  it('decodes every instruction of its ISA but pv.qnt.n (and revision 1\'s .m rows, until the table drops them)', () => {
    const revision1 = instructionsFor(config as 'flexv').filter((d) => d.ext === 'flexv').map((d) => d.id);
    expect(coreCoverage(config).missing.sort()).toEqual(['pv.qnt.n', ...revision1].sort());
  });

  it('is offered to users (it passes lockstep)', () => {
    expect(PENDING_CORE_CONFIGS[config]).toBeUndefined();
    expect(coreConfig(config).isa).toBe(config);
  });

  it('accepts the directed programs', () => {
    const isa = config as 'xpulpnn' | 'flexv';
    if (isa === 'flexv') expect(() => assemble(sbProgram(1), { fileName: 'sb.S', config: isa })).not.toThrow();
    expect(() => assemble(macLoadProgram(2, { steps: 300 }), { fileName: 'ml.S', config: isa })).not.toThrow();
    expect(() => assemble(macLoadProgram(2, { steps: 300 }), { fileName: 'ml.S', config: 'baseline' })).toThrow();
  });

  it.skipIf(!(await hasTool('verilator')))('is verilator --lint-only -Wall clean', async () => {
    const lint = await lintVerilator(dir, { top: 'flexv_core' });
    expect(lint.messages).toEqual([]);
    expect(lint.clean).toBe(true);
  }, 120_000);
});

describe('the flexv core without the extension formats (the published core)', async () => {
  const result = emitCore('flexv', { extensionFormats: false });
  const dir = await mkdtemp(join(tmpdir(), 'flexv-core-published-'));
  await writeEmit(result, dir);

  it('elaborates without warnings, without steering of the activations', () => {
    expect(result.warnings).toEqual([]);
    const unit = result.files.find((f) => /^flexv_dotp_unit\w*\.sv$/.test(f.name))!.text;
    expect(unit).toMatch(/extensionFormats=false/);
  });

  it.skipIf(!(await hasTool('verilator')))('is verilator --lint-only -Wall clean', async () => {
    const lint = await lintVerilator(dir, { top: 'flexv_core' });
    expect(lint.messages).toEqual([]);
  }, 120_000);
});

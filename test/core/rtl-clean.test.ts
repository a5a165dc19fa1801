import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitCore } from '../../src/core/core.ts';
import { moduleName, writeEmit } from '../../src/hdl/index.ts';
import { lintVerilator } from '../../src/sim/lint.ts';
import { yosysCheck } from '../../src/synth/check.ts';
import { hasTool } from '../../src/util/tools.ts';

/** The emitted core is clean for Verilator -Wall and Yosys (synth + check -assert), with no HDL warning. */
describe('emitted baseline core', async () => {
  const result = emitCore('baseline');
  const dir = await mkdtemp(join(tmpdir(), 'flexv-core-rtl-'));
  await writeEmit(result, dir);

  it('elaborates without warnings, one file per unit with stable names', () => {
    expect(result.warnings).toEqual([]);
    expect(result.top).toBe('flexv_core');
    const names = result.files.map((f) => f.name).sort();
    for (const unit of ['decoder', 'compressed_expander', 'alu', 'multiplier', 'divider', 'load_store_unit', 'csr_file', 'regfile', 'prefetch_buffer']) {
      expect(names).toContain(`${moduleName(unit)}.sv`);
    }
    const top = result.files.find((f) => f.name === 'flexv_core.sv')!.text;
    for (const inst of ['u_decoder', 'u_alu', 'u_multiplier', 'u_divider', 'u_load_store_unit', 'u_csr_file', 'u_regfile']) expect(top).toContain(inst);
  });

  it.skipIf(!(await hasTool('verilator')))('is verilator --lint-only -Wall clean', async () => {
    const lint = await lintVerilator(dir, { top: 'flexv_core' });
    expect(lint.messages).toEqual([]);
    expect(lint.clean).toBe(true);
  });

  it.skipIf(!(await hasTool('yosys')))('is Yosys clean', async () => {
    const r = await yosysCheck(dir, 'flexv_core');
    expect(r.errors).toEqual([]);
    expect(r.ok).toBe(true);
  }, 600_000); // about a minute alone; several times that on the shared, loaded machine
});

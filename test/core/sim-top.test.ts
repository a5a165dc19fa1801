import { appendFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitCore } from '../../src/core/core.ts';
import { SIM_TOP, simTop } from '../../src/cosim/sim-top.ts';
import { writeEmit } from '../../src/hdl/index.ts';
import { lintVerilator } from '../../src/sim/lint.ts';
import { hasTool } from '../../src/util/tools.ts';

/** The Verilator simulation top: every input but clock and reset registered, -Wall clean around the core. */
describe('simulation top of the core model', async () => {
  const design = emitCore('baseline');
  const top = simTop(design);

  it('registers every input but clock and reset, and passes every output through', () => {
    for (const p of design.ports) {
      const registered = p.dir === 'input' && p.name !== 'clk_i' && p.name !== 'rst_ni';
      expect({ port: p.name, registered: top.text.includes(`${p.name}_q <= ${p.name};`) }).toEqual({ port: p.name, registered });
      expect(top.text).toContain(`.${p.name}(${p.name}${registered ? '_q' : ''})`);
    }
  });

  it('refuses a core without the memory-port inputs the harness drives', () => {
    expect(() => simTop({ ...design, ports: design.ports.filter((p) => p.name !== 'data_rvalid_i') })).toThrow(/no input data_rvalid_i/);
  });

  it.skipIf(!(await hasTool('verilator')))('is verilator --lint-only -Wall clean with the core', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'flexv-sim-top-'));
    await writeEmit(design, dir);
    await writeFile(join(dir, top.name), top.text);
    await appendFile(join(dir, 'filelist.f'), `${top.name}\n`);
    const lint = await lintVerilator(dir, { top: SIM_TOP });
    expect(lint.messages).toEqual([]);
  }, 120_000);
});

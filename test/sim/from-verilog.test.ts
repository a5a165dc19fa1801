import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { fifo } from '../../src/blocks/index.ts';
import { elaborate, emit, writeEmit } from '../../src/hdl/index.ts';
import { designFromVerilog, simulate } from '../../src/sim/index.ts';
import { PROJECT_ROOT } from '../../src/sim/verilator.ts';
import { counter, widths } from './fixtures.ts';

const root = join(PROJECT_ROOT, 'build', `from-verilog-test-${process.pid}`);
afterAll(() => rm(root, { recursive: true, force: true }));

async function dirOf(name: string, files: { name: string; text: string }[]): Promise<string> {
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  for (const f of files) await writeFile(join(dir, f.name), f.text);
  await writeFile(join(dir, 'filelist.f'), files.map((f) => f.name).join('\n') + '\n');
  return dir;
}

it('finds the ports of hand-written SystemVerilog, widths and signedness included', async () => {
  const d = await designFromVerilog(await dirOf('widths', widths.files));
  expect(d.top).toBe('h2_widths');
  expect(d.ports).toEqual(widths.ports);
  expect(d.clock).toBeUndefined();
  const c = await designFromVerilog(await dirOf('counter', counter.files));
  expect([c.clock, c.reset]).toEqual(['clk_i', 'rst_ni']);
  const sim = await simulate(c);
  sim.reset();
  sim.poke('en_i', 1);
  sim.step(4);
  expect(await sim.peek('count_o')).toBe(4n);
  await sim.close();
});

it('gives the same ports as the emitter for an emitted directory', async () => {
  const emitted = emit(elaborate(fifo, { width: 12, depth: 3 }));
  const dir = join(root, 'fifo');
  await writeEmit(emitted, dir);
  const d = await designFromVerilog(dir);
  expect(d.top).toBe(emitted.top);
  expect(d.ports).toEqual(emitted.ports);
  expect([d.clock, d.reset]).toEqual([emitted.clock, emitted.reset]);
});

it('says which port it cannot size', async () => {
  const text = `module h2_struct (input struct packed { logic [3:0] a; logic b; } s_i, output logic y_o);
  assign y_o = s_i.b;
endmodule
`;
  const dir = await dirOf('struct', [{ name: 'h2_struct.sv', text }]);
  await expect(designFromVerilog(dir)).rejects.toThrow(/port s_i of h2_struct has a type the harness cannot size/);
});

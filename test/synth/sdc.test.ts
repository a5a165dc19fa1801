import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderSdc, writeSdc } from '../../src/synth/sdc.ts';
import type { EmittedDesign } from '../../src/synth/design-types.ts';
import { UserError } from '../../src/util/errors.ts';
import { BUILD } from './helpers.ts';

const port = (name: string, dir: 'input' | 'output', width = 1) => ({ name, dir, width, signed: false });
const fifo: EmittedDesign = {
  top: 'fifo_w8_d4',
  clock: 'clk_i',
  reset: 'rst_ni',
  ports: [port('clk_i', 'input'), port('rst_ni', 'input'), port('push_i', 'input'), port('data_i', 'input', 8), port('data_o', 'output', 8), port('full_o', 'output')],
};

/** The SDC commands, comments and blank lines dropped. */
const commands = (sdc: string) => sdc.split('\n').filter((l) => l.trim() && !l.startsWith('#'));

describe('SDC', () => {
  it('constrains clk_i with the period, data I/O with the fraction, and makes rst_ni a false path', async () => {
    const sdc = await renderSdc(fifo, { periodNs: 2.5, ioFraction: 0.2 });
    expect(commands(sdc)).toEqual([
      'set period_ns 2.5',
      'set io_delay_ns 0.5',
      'create_clock -name clk_i -period $period_ns [get_ports clk_i]',
      'set_input_delay $io_delay_ns -clock clk_i [get_ports {push_i data_i}]',
      'set_output_delay $io_delay_ns -clock clk_i [get_ports {data_o full_o}]',
      'set_false_path -from [get_ports rst_ni]',
    ]);
    expect(sdc).toMatch(/^# Timing constraints for fifo_w8_d4/);
    expect(sdc).toMatch(/I\/O budget: 20% of the period/);
    expect(sdc).not.toMatch(/\{\{/);
  });

  it('uses a virtual clock and no false path for a combinational top', async () => {
    const comb: EmittedDesign = { top: 'lzc', ports: [port('data_i', 'input', 32), port('count_o', 'output', 6)] };
    const lines = commands(await renderSdc(comb, { periodNs: 1, ioFraction: 0.25 }));
    expect(lines).toContain('create_clock -name clk_i -period $period_ns');
    expect(lines).toContain('set io_delay_ns 0.25');
    expect(lines.some((l) => l.includes('set_false_path'))).toBe(false);
  });

  it('writes <top>.sdc next to the SV', async () => {
    const dir = join(BUILD, 'sdc');
    const path = await writeSdc(fifo, dir, { periodNs: 3, ioFraction: 0.3 });
    expect(path).toBe(join(dir, 'fifo_w8_d4.sdc'));
    expect(await readFile(path, 'utf8')).toMatch(/set io_delay_ns 0\.9\n/);
  });

  it.each([
    [{ periodNs: 0, ioFraction: 0.3 }, /period must be a positive number/],
    [{ periodNs: -1, ioFraction: 0.3 }, /period must be a positive number/],
    [{ periodNs: 2, ioFraction: 1 }, /fraction must be in \[0, 1\)/],
    [{ periodNs: 2, ioFraction: Number.NaN }, /fraction must be in \[0, 1\)/],
  ])('refuses bad options %o', async (opts, message) => {
    await expect(renderSdc(fifo, opts)).rejects.toThrow(message);
    await expect(renderSdc(fifo, opts)).rejects.toBeInstanceOf(UserError);
  });
});

import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { synthesize } from '../../src/synth/flow.ts';
import type { SynthReport } from '../../src/synth/report.ts';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const BUILD = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'build', 'test-synth');

/** Writes SV modules (name -> text) and a filelist.f into build/test-synth/<name>/rtl. */
export async function writeDesign(name: string, modules: Record<string, string>): Promise<string> {
  const dir = join(BUILD, name, 'rtl');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  for (const [module, text] of Object.entries(modules)) await writeFile(join(dir, `${module}.sv`), text);
  await writeFile(join(dir, 'filelist.f'), Object.keys(modules).map((m) => `${m}.sv`).join('\n') + '\n');
  return dir;
}

/** Synthesizes an SV directory with the flow, run files under build/test-synth/<name>/yosys. */
export function synth(name: string, dir: string, top: string, macroMinBits?: number): Promise<SynthReport> {
  return synthesize(
    { dir, top, label: name, target: 'module' },
    { runDir: join(BUILD, name, 'yosys'), ...(macroMinBits !== undefined ? { macroMinBits } : {}) },
  );
}

/** An N-bit register with async active-low reset and nothing else. */
export function registerSv(name: string, width: number): string {
  return `module ${name} (
  input  logic clk_i,
  input  logic rst_ni,
  input  logic [${width - 1}:0] d_i,
  output logic [${width - 1}:0] q_o
);
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) q_o <= '0;
    else         q_o <= d_i;
  end
endmodule
`;
}

/** A 2^k : 1 multiplexer of single bits, selected by k bits: its depth is k MUX2 cells. */
export function muxTreeSv(name: string, k: number): string {
  return `module ${name} (
  input  logic [${(1 << k) - 1}:0] data_i,
  input  logic [${k - 1}:0] sel_i,
  output logic y_o
);
  assign y_o = data_i[sel_i];
endmodule
`;
}

/** The XOR of N bits (parity): ceil(log2 N) levels of 2-input XOR at best. */
export function paritySv(name: string, n: number): string {
  return `module ${name} (
  input  logic [${n - 1}:0] data_i,
  output logic parity_o
);
  assign parity_o = ^data_i;
endmodule
`;
}

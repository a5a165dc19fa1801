import { describe, expect, it } from 'vitest';
import { areaPieces, overheadBreakdown } from '../../src/synth/breakdown.ts';
import { compareReports } from '../../src/synth/compare.ts';
import { formatCompare } from '../../src/synth/format.ts';
import { registerSv, synth, writeDesign } from './helpers.ts';

/** A core-like top: glue register of `glue` bits, children (instance -> module), each child a register. */
function top(name: string, glue: number, children: Array<[instance: string, module: string, width: number]>): string {
  const ports = children.map(([inst, , w]) => `  output logic [${w - 1}:0] ${inst}_q_o,\n  input  logic [${w - 1}:0] ${inst}_d_i,`).join('\n');
  const insts = children.map(([inst, mod]) => `  ${mod} ${inst} (.clk_i, .rst_ni, .d_i(${inst}_d_i), .q_o(${inst}_q_o));`).join('\n');
  return `module ${name} (
  input  logic clk_i,
  input  logic rst_ni,
${ports}
  input  logic [${glue - 1}:0] g_i,
  output logic [${glue - 1}:0] g_o
);
${insts}
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) g_o <= '0;
    else         g_o <= g_i;
  end
endmodule
`;
}

/** NAND2-eq of n async-reset flops ($_DFF_PN0_ = 6.667, src/synth/cell-area.ts), rounded as reports are. */
const ff = (n: number) => Math.round(n * 6.667 * 1000) / 1000;

describe('overhead by block (hierarchy cut)', () => {
  it('cuts a core into its blocks and its own logic; matched by instance path; shares add up to the total', async () => {
    // "baseline": 4-bit glue, 8-bit dot-product unit, 8-bit register file.
    const a = await synth(
      'bd-base',
      await writeDesign('bd-base', {
        r8: registerSv('r8', 8),
        core: top('core', 4, [['u_regfile', 'r8', 8], ['u_dotp_unit', 'r8', 8]]),
      }),
      'core',
    );
    // "flexv": the dot-product unit is another module (16 bits) at the same path, a new 4-bit NN-RF, 6-bit glue.
    const b = await synth(
      'bd-flexv',
      await writeDesign('bd-flexv', {
        r8: registerSv('r8', 8),
        r16: registerSv('r16', 16),
        r4: registerSv('r4', 4),
        core: top('core', 6, [['u_regfile', 'r8', 8], ['u_dotp_unit', 'r16', 16], ['u_nnrf', 'r4', 4]]),
      }),
      'core',
    );
    const flops = (pieces: ReturnType<typeof areaPieces>) => Object.fromEntries(pieces.map((p) => [p.piece, p.flops]));
    expect(flops(areaPieces(a))).toEqual({ '(top)': 4, u_dotp_unit: 8, u_regfile: 8 });
    expect(flops(areaPieces(b))).toEqual({ '(top)': 6, u_dotp_unit: 16, u_nnrf: 4, u_regfile: 8 });

    const c = compareReports(a, b);
    const by = Object.fromEntries(c.breakdown.map((r) => [r.piece, r]));
    expect(by['u_dotp_unit']).toMatchObject({ a: ff(8), b: ff(16), overheadPct: 100 });
    expect(by['u_nnrf']).toMatchObject({ countA: 0, countB: 1, a: 0, b: ff(4) });
    expect(by['u_nnrf']!.overheadPct).toBeUndefined();
    expect(by['u_regfile']).toMatchObject({ delta: 0, overheadPct: 0, sharePct: 0 });
    expect(by['(top)']).toMatchObject({ own: true, a: ff(4), b: ff(6), overheadPct: 50 });
    // 20 baseline flops, 34 flexv flops: 70% in total; the shares are 40% + 20% + 10% + 0%.
    expect(c.total.overhead_pct).toBe(70);
    expect(by['u_dotp_unit']!.sharePct).toBe(40);
    expect(by['u_nnrf']!.sharePct).toBe(20);
    expect(by['(top)']!.sharePct).toBe(10);
    const sum = c.breakdown.reduce((s, r) => s + r.sharePct, 0);
    expect(sum).toBeCloseTo(c.total.overhead_pct, 6);

    const text = formatCompare(c);
    expect(text).toMatch(/^u_dotp_unit +dot-product unit +53\.3 +106\.7 +\+53\.3 +\+100\.00% +\+40\.00%$/m);
    expect(text).toMatch(/^u_nnrf +NN register file +- +26\.7 +\+26\.7 +new +\+20\.00%$/m);
    expect(text).toMatch(/^total logic +133\.3 +226\.7 +\+93\.3 +\+70\.00% +\+70\.00%$/m);
  });

  it('sums instance arrays at a deeper cut (cluster: the cores\' blocks)', async () => {
    const cluster = `module cl (input logic clk_i, input logic rst_ni, input logic [7:0] d_i, output logic [7:0] q0_o, output logic [7:0] q1_o,
  input logic [3:0] g_i, output logic [3:0] g0_o, output logic [3:0] g1_o);
  core u_core_0 (.clk_i, .rst_ni, .u_dotp_unit_d_i(d_i), .u_dotp_unit_q_o(q0_o), .g_i, .g_o(g0_o));
  core u_core_1 (.clk_i, .rst_ni, .u_dotp_unit_d_i(d_i), .u_dotp_unit_q_o(q1_o), .g_i, .g_o(g1_o));
endmodule
`;
    const r = await synth(
      'bd-cluster',
      await writeDesign('bd-cluster', { r8: registerSv('r8', 8), core: top('core', 4, [['u_dotp_unit', 'r8', 8]]), cl: cluster }),
      'cl',
    );
    const pieces = areaPieces(r, 2).map((p) => [p.piece, p.count, p.flops]);
    expect(pieces).toEqual([
      ['(top)', 1, 0],
      ['u_core_* (own logic)', 2, 8],
      ['u_core_*.u_dotp_unit', 2, 16],
    ]);
    const total = areaPieces(r, 2).reduce((s, p) => s + p.nand2, 0);
    expect(total).toBeCloseTo(r.total.nand2, 6);
    // Against itself: no overhead anywhere.
    expect(overheadBreakdown(r, r, 2).every((d) => d.delta === 0 && d.sharePct === 0)).toBe(true);
  });
});

// Hand-written SystemVerilog modules that exercise the harness itself (independent of src/hdl).
import type { SimDesign } from '../../src/sim/index.ts';
import type { SimPort } from '../../src/sim/ports.ts';

const inp = (name: string, width = 1, signed = false): SimPort => ({ name, dir: 'input', width, signed });
const out = (name: string, width = 1, signed = false): SimPort => ({ name, dir: 'output', width, signed });

/** An 8-bit counter with load and enable; `wrap_o` is combinational from the state and `en_i`. */
export const counter: SimDesign = {
  top: 'h2_counter',
  clock: 'clk_i',
  reset: 'rst_ni',
  ports: [inp('clk_i'), inp('rst_ni'), inp('en_i'), inp('load_i'), inp('load_val_i', 8), out('count_o', 8), out('wrap_o')],
  files: [
    {
      name: 'h2_counter.sv',
      text: `module h2_counter (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic       en_i,
  input  logic       load_i,
  input  logic [7:0] load_val_i,
  output logic [7:0] count_o,
  output logic       wrap_o
);
  logic [7:0] count_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) count_q <= '0;
    else if (load_i) count_q <= load_val_i;
    else if (en_i) count_q <= count_q + 8'd1;
  end
  assign count_o = count_q;
  assign wrap_o = en_i & (count_q == 8'hff);
endmodule
`,
    },
  ],
};

/** Combinational ports of awkward widths: 1, 33, 64, 70, 128 bits, and a signed one. */
export const widths: SimDesign = {
  top: 'h2_widths',
  ports: [
    inp('a_i', 33), out('a_o', 33),
    inp('b_i', 64), out('b_o', 64),
    inp('c_i', 70), out('c_o', 70),
    inp('d_i', 128), out('d_o', 128),
    inp('s_i', 12, true), out('s_o', 13, true),
    out('par_o'),
  ],
  files: [
    {
      name: 'h2_widths.sv',
      text: `module h2_widths (
  input  logic [32:0]  a_i, output logic [32:0]  a_o,
  input  logic [63:0]  b_i, output logic [63:0]  b_o,
  input  logic [69:0]  c_i, output logic [69:0]  c_o,
  input  logic [127:0] d_i, output logic [127:0] d_o,
  input  logic signed [11:0] s_i, output logic signed [12:0] s_o,
  output logic par_o
);
  assign a_o = ~a_i;
  assign b_o = b_i + 64'd1;
  assign c_o = {c_i[0], c_i[69:1]};
  assign d_o = d_i ^ {64'd0, b_i};
  assign s_o = 13'(s_i) - 13'sd1;
  assign par_o = ^{a_i, b_i, c_i, d_i, s_i};
endmodule
`,
    },
  ],
};

/** Stops the simulation on purpose: `$fatal` when `boom_i` is set at a clock edge, `$finish` on `done_i`. */
export const stopper: SimDesign = {
  top: 'h2_stopper',
  clock: 'clk_i',
  ports: [inp('clk_i'), inp('boom_i'), inp('done_i'), out('alive_o')],
  files: [
    {
      name: 'h2_stopper.sv',
      text: `module h2_stopper (input logic clk_i, input logic boom_i, input logic done_i, output logic alive_o);
  always_ff @(posedge clk_i) begin
    if (boom_i) $fatal(1, "boom_i was set");
    if (done_i) $finish;
  end
  assign alive_o = 1'b1;
endmodule
`,
    },
  ],
};

/** A register nobody resets: its start value shows whether initial state is zero or random. */
export const noReset: SimDesign = {
  top: 'h2_noreset',
  clock: 'clk_i',
  ports: [inp('clk_i'), inp('en_i'), out('q_o', 32)],
  files: [
    {
      name: 'h2_noreset.sv',
      text: `module h2_noreset (input logic clk_i, input logic en_i, output logic [31:0] q_o);
  logic [31:0] q;
  always_ff @(posedge clk_i) if (en_i) q <= q + 32'd1;
  assign q_o = q;
endmodule
`,
    },
  ],
};

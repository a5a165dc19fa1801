import { describe, expect, it } from 'vitest';
import { Bool, Bundle, cat, elaborate, emit, module, mux, UInt, Vec } from '../../src/hdl/index.ts';
import { fifo } from '../../src/blocks/fifo.ts';
import scratchpad from '../../examples/hdl/scratchpad.ts';

const fileText = (r: ReturnType<typeof emit>, name: string) => r.files.find((f) => f.name === name)!.text;

describe('emitter', () => {
  it('is deterministic: two elaborations give byte-identical files', () => {
    const a = emit(elaborate(scratchpad, {}));
    const b = emit(elaborate(scratchpad, {}));
    expect(a.files).toEqual(b.files);
    expect(a.filelist).toBe(b.filelist);
  });

  it('writes one file per module, dependencies first in filelist.f', () => {
    const r = emit(elaborate(scratchpad, { banks: 2, words: 16, dataWidth: 8 }));
    expect(r.files.map((f) => f.name)).toEqual(['flexv_ram_1r1w.sv', 'flexv_spm_bank.sv', 'flexv_scratchpad.sv']);
    expect(r.filelist).toBe('flexv_ram_1r1w.sv\nflexv_spm_bank.sv\nflexv_scratchpad.sv\n');
    expect(r.top).toBe('flexv_scratchpad');
    expect(r.clock).toBe('clk_i');
    expect(r.reset).toBe('rst_ni');
  });

  it('flattens Vec and Bundle ports and reports them in order', () => {
    const gen = module('flat', (m) => {
      const req = m.input('req', Bundle({ valid: Bool(), data: Vec(2, UInt(4)) }));
      const out = m.output('out', UInt(8));
      out.set(mux(req.valid, cat(req.data[1]!, req.data[0]!), 0));
    });
    const r = emit(elaborate(gen, {}));
    expect(r.ports).toEqual([
      { name: 'req_valid_i', dir: 'input', width: 1, signed: false },
      { name: 'req_data_0_i', dir: 'input', width: 4, signed: false },
      { name: 'req_data_1_i', dir: 'input', width: 4, signed: false },
      { name: 'out_o', dir: 'output', width: 8, signed: false },
    ]);
    expect(r.clock).toBeUndefined();
  });

  it('deduplicates identical instances and names parameter variants by what differs', () => {
    const top = module('two_fifos', (m) => {
      const a = m.instance(fifo, { width: 8, depth: 4 }, 'a');
      const b = m.instance(fifo, { width: 8, depth: 4 }, 'b');
      const c = m.instance(fifo, { width: 8, depth: 8 }, 'c');
      for (const f of [a, b, c]) {
        f.push.set(0);
        f.pop.set(0);
        f.wdata.set(0);
      }
      m.output('any_full', Bool()).set(a.full.or(b.full).or(c.full));
    });
    const r = emit(elaborate(top, {}));
    expect(r.files.map((f) => f.name)).toEqual(['flexv_fifo_d4.sv', 'flexv_fifo_d8.sv', 'flexv_two_fifos.sv']);
    const text = fileText(r, 'flexv_two_fifos.sv');
    expect(text).toContain('flexv_fifo_d4 u_a (');
    expect(text).toContain('flexv_fifo_d4 u_b (');
    expect(text).toContain('flexv_fifo_d8 u_c (');
    expect(fileText(r, 'flexv_fifo_d8.sv')).toContain('// Parameters: depth=8, width=8');
  });

  it('merges parameter sets that give identical hardware', () => {
    const leaf = module('leaf', (m, p: { note: string }) => {
      void p.note; // a parameter that does not change the hardware
      const a = m.input('a', UInt(4));
      m.output('y', UInt(4)).set(a);
      return { a };
    });
    const top = module('top', (m) => {
      const x = m.instance(leaf, { note: 'one' }, 'x');
      const y = m.instance(leaf, { note: 'two' }, 'y');
      x.a.set(1);
      y.a.set(2);
    });
    const r = emit(elaborate(top, {}));
    expect(r.files.map((f) => f.name)).toEqual(['flexv_leaf.sv', 'flexv_top.sv']);
    expect(fileText(r, 'flexv_leaf.sv')).toContain('Also stands for 1 other parameter set');
  });

  it('keeps user names, uses _i/_o/_q/_d and legalizes SV keywords', () => {
    const gen = module('names', (m) => {
      const data = m.input('data', UInt(8));
      const begin = m.named('begin', data.add(1));
      const acc = m.reg('acc', UInt(8));
      acc.setNext(acc.add(begin));
      m.output('sum', UInt(8)).set(acc);
    });
    const text = emit(elaborate(gen, {})).files[0]!.text;
    expect(text).toContain('logic [7:0] begin_w;');
    expect(text).toContain('assign begin_w = data_i + 8\'d1;');
    expect(text).toContain('logic [7:0] acc_d, acc_q;');
    expect(text).toContain('assign acc_d = acc_q + begin_w;');
    expect(text).toContain('always_ff @(posedge clk_i or negedge rst_ni) begin');
    expect(text).toContain('assign sum_o = acc_q;  // test/hdl/emit.test.ts:');
    expect(text).not.toMatch(/_GEN|_T_\d/);
  });

  it('fences inputs whose bits are partly unread, naming the bits, instead of silencing -Wall', () => {
    const gen = module('partial', (m) => {
      const a = m.input('a', UInt(16));
      m.output('y', UInt(4)).set(a.bits(11, 8));
    });
    const text = emit(elaborate(gen, {})).files[0]!.text;
    expect(text).toContain('/* verilator lint_off UNUSEDSIGNAL */\n  input  logic [15:0] a_i,  // bits [15:12],[7:0] not read');
  });

  it('counts the bits a trunc() reads as read, like a slice', () => {
    const gen = module('truncated', (m) => {
      const a = m.input('a', UInt(8));
      m.output('y', UInt(4)).set(a.trunc(4));
    });
    const text = emit(elaborate(gen, {})).files[0]!.text;
    expect(text).toContain('/* verilator lint_off UNUSEDSIGNAL */\n  input  logic [7:0] a_i,  // bits [7:4] not read');
  });

  it('names shared subexpressions after their first user, and folds constants', () => {
    const gen = module('shared', (m) => {
      const a = m.input('a', UInt(8));
      const b = m.input('b', UInt(8));
      const s = a.add(b);
      m.output('x', UInt(8)).set(s.xor(3));
      m.output('y', UInt(8)).set(s.and(0xf0).or(0)); // or 0 folds away
    });
    const text = emit(elaborate(gen, {})).files[0]!.text;
    expect(text).toContain('assign x_sum = a_i + b_i;');
    expect(text).toContain("assign x_o = x_sum ^ 8'd3;");
    expect(text).toContain("assign y_o = x_sum & 8'd240;");
  });

  it('emits switch as unique case with a default only when values are missing', () => {
    const gen = module('sw', (m) => {
      const sel = m.input('sel', UInt(2));
      const y = m.output('y', UInt(4));
      const z = m.output('z', UInt(4));
      m.switch(sel).is(0, () => y.set(1)).is([1, 2], () => y.set(2)).default(() => y.set(3));
      m.switch(sel).is(0, () => z.set(1)).is(1, () => z.set(2)).is(2, () => z.set(4)).is(3, () => z.set(8));
    });
    const text = emit(elaborate(gen, {})).files[0]!.text;
    expect(text).toContain("unique case (sel_i)\n      2'd0: begin\n        y_o = 4'd1;");
    expect(text).toContain("2'd1, 2'd2: begin");
    expect(text.match(/default/g)?.length).toBe(1);
  });

  it('names memories by size, or by the macro that replaces them', () => {
    const top = module('mems', (m) => {
      const addr = m.input('addr', UInt(4));
      const we = m.input('we', Bool());
      const a = m.mem('a', { depth: 16, type: UInt(8) });
      const b = m.mem('b', { depth: 8, type: UInt(8) });
      const c = m.mem('c', { depth: 16, type: UInt(32), macro: 'sram_16x32' });
      a.write(addr, addr.zext(8), we);
      b.write(addr.bits(2, 0), addr.zext(8), we);
      c.write(addr, addr.zext(32), we);
      m.output('x', UInt(8)).set(a.read(addr).xor(b.read(addr.bits(2, 0))));
      m.output('y', UInt(32)).set(c.read(addr));
    });
    const r = emit(elaborate(top, {}));
    expect(r.files.map((f) => f.name)).toEqual(['flexv_ram_1r1w_d16.sv', 'flexv_ram_1r1w_d8.sv', 'sram_16x32.sv', 'flexv_mems.sv']);
    expect(fileText(r, 'sram_16x32.sv')).toContain("Behavioral model of macro 'sram_16x32'");
    expect(fileText(r, 'flexv_ram_1r1w_d16.sv')).toContain('logic [7:0] mem_q [0:15];');
  });

  it('rejects two generators with one name', () => {
    const mk = () =>
      module('twin', (m) => {
        const a = m.input('a', UInt(4));
        m.output('y', UInt(4)).set(a);
        return { a };
      });
    const [t1, t2] = [mk(), mk()];
    const top = module('top', (m) => {
      m.instance(t1, {}, 'x').a.set(1);
      m.instance(t2, {}, 'y').a.set(2);
    });
    expect(() => emit(elaborate(top, {}))).toThrow("two modules would both be named 'flexv_twin'");
  });
});

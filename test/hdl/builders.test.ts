import { describe, expect, it } from 'vitest';
import { Bool, Bundle, cat, elaborate, emit, index, lit, module, mux, SInt, slit, UInt, Vec, type Expr } from '../../src/hdl/index.ts';

/** Builds expressions inside a throwaway module and returns what `f` returns. */
function inModule<T>(f: (m: Parameters<Parameters<typeof module>[1]>[0]) => T): T {
  let out!: T;
  const gen = module('probe', (m) => {
    out = f(m);
  });
  try {
    elaborate(gen, {});
  } catch {
    // the probe module is usually incomplete (undriven ports); only the values matter here
  }
  return out;
}

const shape = (e: Expr) => `${e.signed ? 'S' : 'U'}${e.width}`;

describe('widths and types', () => {
  it('add/sub/mul keep the wider width; addc and mulFull widen', () => {
    const r = inModule((m) => {
      const a = m.input('a', UInt(8));
      const b = m.input('b', UInt(4));
      return [a.add(b), a.sub(b), a.mul(b), a.addc(b), a.mulFull(b), b.add(a)].map(shape);
    });
    expect(r).toEqual(['U8', 'U8', 'U8', 'U9', 'U12', 'U8']);
  });

  it('comparisons and reductions are Bool; cat adds widths; slices and extensions', () => {
    const r = inModule((m) => {
      const a = m.input('a', UInt(8));
      const s = m.input('s', SInt(6));
      return [a.eq(3), a.orR(), s.lt(-3), cat(a, s.asUInt(), a.bit(0)), a.bits(5, 2), a.zext(12), s.sext(9), a.sext(10), a.trunc(3), a.repeat(3)].map(shape);
    });
    expect(r).toEqual(['U1', 'U1', 'U1', 'U15', 'U4', 'U12', 'S9', 'U10', 'U3', 'U24']);
  });

  it('signed operations stay signed; shifts keep the width', () => {
    const r = inModule((m) => {
      const s = m.input('s', SInt(8));
      const n = m.input('n', UInt(3));
      return [s.add(-1), s.neg(), s.shr(2), s.shr(n), s.shl(1), s.mulFull(s), s.asUInt()].map(shape);
    });
    expect(r).toEqual(['S8', 'S8', 'S8', 'S8', 'S8', 'S16', 'U8']);
  });

  it('mux takes the wider branch and sizes literals to the other branch', () => {
    const r = inModule((m) => {
      const c = m.input('c', Bool());
      const a = m.input('a', UInt(8));
      const b = m.input('b', UInt(3));
      return [mux(c, a, b), mux(c, 5, a), mux(c, b, 7)].map(shape);
    });
    expect(r).toEqual(['U8', 'U8', 'U3']);
  });
});

describe('index', () => {
  it('selects whole Bundles from a Vec as balanced mux trees on the index bits (past the end: last)', () => {
    const gen = module('pick', (m) => {
      const reqs = m.input('reqs', Vec(3, Bundle({ addr: UInt(8), we: Bool() })));
      const sel = m.input('sel', UInt(2));
      const r = index(reqs, sel);
      m.output('addr', UInt(8)).set(r.addr);
      m.output('we', Bool()).set(r.we);
    });
    const text = emit(elaborate(gen, {})).files[0]!.text;
    expect(text).toContain('assign addr_o = sel_i[1] ? reqs_2_addr_i : sel_i[0] ? reqs_1_addr_i : reqs_0_addr_i;');
    expect(text).toContain('assign we_o = sel_i[1] ? reqs_2_we_i : sel_i[0] ? reqs_1_we_i : reqs_0_we_i;');
  });
});

describe('constant folding', () => {
  const value = (e: Expr) => (e.isConst() ? e.value : undefined);
  it('folds arithmetic, wrapping at the width', () => {
    expect(value(lit(200, 8).add(100))).toBe(44n);
    expect(value(lit(3, 4).sub(5))).toBe(14n);
    expect(value(lit(0xff, 8).mulFull(lit(0xff, 8)))).toBe(0xfe01n);
    expect(value(lit(0xff, 8).addc(1))).toBe(0x100n);
  });
  it('folds signed values by two-s complement', () => {
    expect(value(slit(-4, 8).shr(1))).toBe(0xfen); // arithmetic shift: -2
    expect(value(slit(-1, 4).sext(8))).toBe(0xffn);
    expect(value(slit(-1, 4).zext(8))).toBe(0x0fn);
    expect(value(slit(-3, 8).lt(2))).toBe(1n);
    expect(value(lit(0xfd, 8).lt(2))).toBe(0n);
    expect(value(slit(-3, 8).mulFull(slit(5, 8)))).toBe(0xfff1n); // -15 in 16 bits
  });
  it('folds bit operations', () => {
    expect(value(cat(lit(0b101, 3), lit(0b01, 2)))).toBe(0b10101n);
    expect(value(lit(0b1101_0110, 8).bits(5, 2))).toBe(0b0101n);
    expect(value(lit(0b1011, 4).xorR())).toBe(1n);
    expect(value(lit(0b1011, 4).andR())).toBe(0n);
    expect(value(lit(0b10, 2).repeat(3))).toBe(0b101010n);
    expect(value(lit(1, 8).shl(7))).toBe(0x80n);
  });
  it('simplifies identities and comparisons constant by range (no Verilator UNSIGNED/CMPCONST)', () => {
    const r = inModule((m) => {
      const a = m.input('a', UInt(4));
      return [a.add(0), a.and(0xf), a.or(0), a.ge(0), a.lt(0), a.le(15), mux(lit(1, 1), a, lit(3, 4))];
    });
    expect(r[0]!.op).toBe('sig');
    expect(r[1]!.op).toBe('sig');
    expect(r[2]!.op).toBe('sig');
    expect([r[3], r[4], r[5]].map((e) => e!.value)).toEqual([1n, 0n, 1n]);
    expect(r[6]!.op).toBe('sig');
  });
});

describe('statements', () => {
  it('elseWhen/otherwise emit as an if chain; registers with enable; no-reset registers', () => {
    const gen = module('stmts', (m) => {
      const a = m.input('a', UInt(2));
      const en = m.input('en', Bool());
      const y = m.output('y', UInt(4));
      m.when(a.eq(0), () => y.set(1))
        .elseWhen(a.eq(1), () => y.set(2))
        .otherwise(() => y.set(3));
      const r = m.reg('r', UInt(4), { enable: en, reset: 5 });
      r.setNext(y);
      const q = m.reg('q', UInt(4), { reset: null });
      q.setNext(r);
      m.output('z', UInt(4)).set(q);
    });
    const text = emit(elaborate(gen, {})).files[0]!.text;
    expect(text).toContain("if (a_i == 2'd0) begin\n      y_o = 4'd1;\n    end else if (a_i == 2'd1) begin\n      y_o = 4'd2;\n    end else begin\n      y_o = 4'd3;\n    end");
    expect(text).toContain("r_q <= 4'd5;");
    expect(text).toContain('if (en_i) r_q <= r_d;');
    expect(text).toContain('always_ff @(posedge clk_i) begin\n    q_q <= q_d;');
  });

  it('regNext is a pipeline register of its value', () => {
    const gen = module('pipe', (m) => {
      const a = m.input('a', SInt(8));
      const s1 = m.regNext('s1', a.add(1));
      m.output('y', SInt(8)).set(m.regNext('s2', s1, { reset: -1 }));
    });
    const text = emit(elaborate(gen, {})).files[0]!.text;
    expect(text).toContain("assign s1_d = a_i + 8'sd1;");
    expect(text).toContain("s2_q <= 8'shff;");
  });

  it('Vec and Bundle registers take one reset value per element', () => {
    const gen = module('resets', (m) => {
      const r = m.reg('r', Vec(3, UInt(4)), { reset: [1, 2, 3] });
      const b = m.reg('b', Bundle({ x: Bool(), y: SInt(4) }), { reset: { x: true, y: -2 } });
      r.forEach((e) => e.setNext(e));
      b.x.setNext(b.x);
      b.y.setNext(b.y);
      m.output('o', UInt(13)).set(cat(r[0]!, r[1]!, r[2]!, b.x));
      m.output('p', SInt(4)).set(b.y);
    });
    const text = emit(elaborate(gen, {})).files[0]!.text;
    expect(text).toContain("r_0_q <= 4'd1;\n      r_1_q <= 4'd2;\n      r_2_q <= 4'd3;\n      b_x_q <= 1'b1;\n      b_y_q <= 4'she;");
    const bad = module('bad', (m) => {
      m.reg('r', Vec(3, UInt(4)), { reset: [1, 2] }); // @bad-reset
    });
    expect(() => elaborate(bad, {})).toThrow("reset of 'r' must be one value or 3 values");
  });

  it('named() inside a when is a definition, not a conditional assignment', () => {
    const gen = module('nm', (m) => {
      const a = m.input('a', UInt(4));
      const y = m.output('y', UInt(4));
      y.set(0);
      m.when(a.orR(), () => y.set(m.named('inc', a.add(1))));
    });
    expect(emit(elaborate(gen, {})).files[0]!.text).toContain("assign inc = a_i + 4'd1;");
  });

  it('chained calls must follow their statement directly', () => {
    const gen = module('chain', (m) => {
      const a = m.input('a', Bool());
      const y = m.output('y', UInt(2));
      const w = m.when(a, () => y.set(1));
      y.set(0);
      w.otherwise(() => y.set(2));
    });
    expect(() => elaborate(gen, {})).toThrow('otherwise must directly follow its when');
  });

  it('duplicate switch values are rejected', () => {
    const gen = module('dup', (m) => {
      const a = m.input('a', UInt(2));
      const y = m.output('y', UInt(2));
      m.switch(a).is(1, () => y.set(1)).is([2, 1], () => y.set(2));
    });
    expect(() => elaborate(gen, {})).toThrow(/switch case 1 is already handled at .*builders\.test\.ts:\d+/);
  });
});

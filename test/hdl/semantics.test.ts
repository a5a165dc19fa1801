import { describe, expect, it } from 'vitest';
import { cat, elaborate, emit, index, lit, module, mux, SInt, slit, UInt, type Expr } from '../../src/hdl/index.ts';
import { simulate } from '../../src/sim/index.ts';
import { hasTool } from '../../src/util/tools.ts';
import { bank } from '../../examples/hdl/scratchpad.ts';

/**
 * The emitted SV computes what the HDL means: each expression below is built twice, once on the inputs
 * of a module simulated by Verilator, once on constants (evaluated by the constant folder, plain bigint
 * arithmetic), and the two must agree on random inputs. This is where SV's context-sized widths, signed
 * casts and shifts would bite.
 */
interface Env {
  a: Expr; // UInt(8)
  b: Expr; // UInt(5)
  s: Expr; // SInt(7)
  t: Expr; // SInt(4)
  n: Expr; // UInt(3)
  c: Expr; // UInt(1)
}

const cases: Record<string, (v: Env) => Expr> = {
  add_mixed: (v) => v.a.add(v.b),
  sub_wrap: (v) => v.b.sub(v.a),
  addc: (v) => v.a.addc(v.b),
  mul: (v) => v.a.mul(v.b),
  mulfull: (v) => v.a.mulFull(v.b),
  mulfull_signed: (v) => v.s.mulFull(v.t).asUInt(),
  widen_sum: (v) => v.a.add(v.a).zext(12), // must wrap at 8 bits before widening
  widen_signed_sum: (v) => v.s.add(v.s).sext(12).asUInt(),
  sext_uint: (v) => v.b.sext(9),
  neg: (v) => v.s.neg().asUInt(),
  shr_signed: (v) => v.s.shr(2).asUInt(),
  dshr_signed: (v) => v.s.shr(v.n).asUInt(),
  dshl: (v) => v.a.shl(v.n),
  dshr: (v) => v.a.shr(v.n),
  lt_signed: (v) => v.s.lt(v.t),
  ge_signed_lit: (v) => v.s.ge(-20),
  lt_unsigned: (v) => v.a.lt(v.b),
  eq_mixed_width: (v) => v.a.eq(v.b),
  reductions: (v) => cat(v.a.orR(), v.a.andR(), v.a.xorR()),
  slice_of_sum: (v) => v.a.add(v.b).bits(6, 3),
  slice_of_signed: (v) => v.s.sub(v.t).bits(6, 1),
  trunc_signed: (v) => v.s.trunc(3).asUInt(),
  mux_signed: (v) => mux(v.c, v.s, v.t).asUInt(),
  mux_chain: (v) => index([v.a, v.b.zext(8), lit(7, 8), v.a.not()], v.n.bits(1, 0)),
  case_chain: (v) => index([v.a, v.b.zext(8), lit(7, 8), v.a.not(), v.a.add(v.b), v.a.xor(3)], cat(v.c, v.n.bits(1, 0))),
  case_chain_signal: (v) => index([v.b, v.b.not(), lit(9, 5), v.b.add(3), v.b.xor(1)], v.n),
  not_of_sum: (v) => v.a.add(v.b).not(),
  repeat_cat: (v) => cat(v.c.repeat(3), v.b),
  clamp: (v) => mux(v.s.gt(20), slit(20, 7), mux(v.s.lt(-20), -20, v.s)).asUInt(),
};

function env(inputs: Env): Env {
  return inputs;
}

const probe = module('semantics', (m) => {
  const v = env({
    a: m.input('a', UInt(8)),
    b: m.input('b', UInt(5)),
    s: m.input('s', SInt(7)),
    t: m.input('t', SInt(4)),
    n: m.input('n', UInt(3)),
    c: m.input('c', UInt(1)),
  });
  for (const [name, f] of Object.entries(cases)) {
    const e = f(v);
    m.output(name, UInt(e.width)).set(e);
  }
});

/** xorshift32: deterministic stimulus. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

const toSigned = (v: number, w: number) => (v >= 1 << (w - 1) ? v - (1 << w) : v);

describe.skipIf(!(await hasTool('verilator')))('emitted SV agrees with the HDL semantics', () => {
  it('on 2000 random input vectors', async () => {
    const result = emit(elaborate(probe, {}));
    const sim = await simulate(result);
    try {
      const next = rng(20231);
      const N = 2000;
      const cols = { a_i: [] as number[], b_i: [] as number[], s_i: [] as number[], t_i: [] as number[], n_i: [] as number[], c_i: [] as number[] };
      for (let i = 0; i < N; i++) {
        cols.a_i.push(next() & 0xff);
        cols.b_i.push(next() & 0x1f);
        cols.s_i.push(toSigned(next() & 0x7f, 7));
        cols.t_i.push(toSigned(next() & 0xf, 4));
        cols.n_i.push(next() & 7);
        cols.c_i.push(next() & 1);
      }
      const names = Object.keys(cases);
      const out = await sim.batch(cols, names.map((n) => `${n}_o`));
      for (let i = 0; i < N; i++) {
        const v: Env = {
          a: lit(cols.a_i[i]!, 8),
          b: lit(cols.b_i[i]!, 5),
          s: slit(cols.s_i[i]!, 7),
          t: slit(cols.t_i[i]!, 4),
          n: lit(cols.n_i[i]!, 3),
          c: lit(cols.c_i[i]!, 1),
        };
        for (const name of names) {
          const expected = cases[name]!(v);
          expect(expected.isConst()).toBe(true);
          const got = out[`${name}_o`]![i]!;
          if (got !== expected.value) {
            throw new Error(`${name}: inputs ${JSON.stringify(Object.fromEntries(Object.entries(cols).map(([k, c]) => [k, c[i]])))} give ${got} in SV, ${expected.value} in the HDL`);
          }
        }
      }
    } finally {
      await sim.close();
    }
  });

  it('memories: synchronous read, byte-enable writes', async () => {
    const sim = await simulate(emit(elaborate(bank, { words: 8, dataWidth: 32 })));
    try {
      sim.reset(1);
      const write = (addr: number, data: number, be: number) => {
        sim.poke('req_valid_i', 1);
        sim.poke('req_write_i', 1);
        sim.poke('req_addr_i', addr);
        sim.poke('req_wdata_i', data);
        sim.poke('req_be_i', be);
        sim.step();
      };
      const read = async (addr: number) => {
        sim.poke('req_valid_i', 1);
        sim.poke('req_write_i', 0);
        sim.poke('req_addr_i', addr);
        sim.step();
        sim.poke('req_valid_i', 0);
        expect(await sim.peek('rsp_valid_o')).toBe(1n);
        return sim.peek('rsp_rdata_o');
      };
      write(3, 0xaabbccdd, 0xf);
      write(5, 0x01020304, 0xf);
      write(3, 0x00001100, 0b0010);
      write(5, 0xff000000, 0b1000);
      expect(await read(3)).toBe(0xaabb11ddn);
      expect(await read(5)).toBe(0xff020304n);
    } finally {
      await sim.close();
    }
  });
});

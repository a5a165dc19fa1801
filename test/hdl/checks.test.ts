import { describe, expect, it } from 'vitest';
import { Bool, elaborate, emit, module, UInt, Vec, type ModuleGenerator, type Signal } from '../../src/hdl/index.ts';
import { expectHdlError, lineOf } from './helpers.ts';

const here = import.meta.url;
const build = (gen: ModuleGenerator) => () => elaborate(gen, {});

describe('elaboration checks: message and source line', () => {
  it('width mismatch: wider into narrower needs trunc', () => {
    const gen = module('t', (m) => {
      const a = m.input('a', UInt(8));
      const y = m.output('y', UInt(4));
      y.set(a); // @wide
    });
    expectHdlError(build(gen), "width mismatch: assigning UInt(8) to 'y' of UInt(4): use .trunc(4)", here, 'wide');
  });

  it('width mismatch: narrower into wider needs zext/sext', () => {
    const gen = module('t', (m) => {
      const a = m.input('a', UInt(4));
      const y = m.output('y', UInt(8));
      y.set(a.add(1)); // @narrow
    });
    expectHdlError(build(gen), 'widen explicitly with .zext(8) or .sext(8)', here, 'narrow');
  });

  it('literal that does not fit its operand', () => {
    const gen = module('t', (m) => {
      const a = m.input('a', UInt(4));
      m.output('y', Bool()).set(a.eq(16)); // @literal
    });
    expectHdlError(build(gen), 'literal 16 does not fit UInt(4)', here, 'literal');
  });

  it('mixing UInt and SInt', () => {
    const gen = module('t', (m) => {
      const a = m.input('a', UInt(4));
      const b = m.input('b', UInt(4));
      m.output('y', UInt(4)).set(a.add(b.asSInt())); // @mixed
    });
    expectHdlError(build(gen), 'add mixes UInt(4) and SInt(4)', here, 'mixed');
  });

  it('undriven output, at its declaration', () => {
    const gen = module('t', (m) => {
      m.input('a', UInt(4));
      m.output('y', UInt(4)); // @undriven-out
    });
    expectHdlError(build(gen), "output 'y' is never driven", here, 'undriven-out');
  });

  it('undriven wire', () => {
    const gen = module('t', (m) => {
      const w = m.wire('w', UInt(4)); // @undriven-wire
      m.output('y', UInt(4)).set(w);
    });
    expectHdlError(build(gen), "wire 'w' is never driven", here, 'undriven-wire');
  });

  it('undriven input of a child instance', () => {
    const child = module('child', (m) => {
      const a = m.input('a', UInt(4));
      const y = m.output('y', UInt(4));
      y.set(a);
      return { a, y };
    });
    const gen = module('t', (m) => {
      const c = m.instance(child, {}, 'c'); // @undriven-inst
      m.output('y', UInt(4)).set(c.y);
    });
    expectHdlError(build(gen), "input 'a' of instance 'c' is never driven", here, 'undriven-inst');
  });

  it('memory never written', () => {
    const gen = module('t', (m) => {
      const a = m.input('a', UInt(3));
      const ram = m.mem('ram', { depth: 8, type: UInt(8) }); // @mem
      m.output('y', UInt(8)).set(ram.read(a));
    });
    expectHdlError(build(gen), "memory 'ram' is never written: call .write(addr, data, enable)", here, 'mem');
  });

  it('memory port used inside when', () => {
    const gen = module('t', (m) => {
      const a = m.input('a', UInt(3));
      const ram = m.mem('ram', { depth: 8, type: UInt(8) });
      m.when(a.eq(0), () => ram.write(a, a.zext(8), true)); // @mem-when
    });
    expectHdlError(build(gen), "memory 'ram'.write() must be called outside when/switch", here, 'mem-when');
  });

  it('register without next value', () => {
    const gen = module('t', (m) => {
      const r = m.reg('r', UInt(4)); // @undriven-reg
      m.output('y', UInt(4)).set(r);
    });
    expectHdlError(build(gen), "register 'r' never gets a next value", here, 'undriven-reg');
  });

  it('multiple drivers: an unconditional assignment after another', () => {
    const gen = module('t', (m) => {
      const a = m.input('a', UInt(4));
      const y = m.output('y', UInt(4));
      y.set(a);
      y.set(0); // @multi
    });
    const err = expectHdlError(build(gen), "multiple drivers: 'y' is assigned here and at", here, 'multi');
    expect(err.message).toContain(lineOf(here, 'multi').replace(/:\d+$/, `:${Number(lineOf(here, 'multi').split(':').pop()) - 1}`));
  });

  it('default then override in when is not a multiple driver', () => {
    const gen = module('t', (m) => {
      const a = m.input('a', UInt(4));
      const y = m.output('y', UInt(4));
      y.set(0);
      m.when(a.eq(3), () => y.set(a));
    });
    expect(() => elaborate(gen, {})).not.toThrow();
  });

  it('combinational loop, printed as a path of signals', () => {
    const gen = module('t', (m) => {
      const x = m.input('x', UInt(4));
      const a = m.wire('a', UInt(4));
      const b = m.wire('b', UInt(4));
      const c = m.wire('c', UInt(4));
      a.set(c.xor(x)); // @loop
      b.set(a.add(1));
      c.set(b);
      m.output('y', UInt(4)).set(c);
    });
    expectHdlError(build(gen), 'combinational loop: a -> b -> c -> a', here, 'loop');
  });

  it('combinational loop through a child instance', () => {
    const pass = module('pass', (m) => {
      const i = m.input('i', UInt(4));
      const o = m.output('o', UInt(4));
      o.set(i);
      return { i, o };
    });
    const gen = module('t', (m) => {
      const p = m.instance(pass, {}, 'p');
      const w = m.wire('w', UInt(4));
      w.set(p.o);
      p.i.set(w); // @loop-inst
      m.output('y', UInt(4)).set(w);
    });
    expectHdlError(build(gen), 'combinational loop: p.i -> p.o -> w -> p.i', here, 'loop-inst');
  });

  it('a register breaks a loop', () => {
    const gen = module('t', (m) => {
      const r = m.reg('r', UInt(4));
      r.setNext(r.add(1));
      m.output('y', UInt(4)).set(r);
    });
    expect(() => elaborate(gen, {})).not.toThrow();
  });

  it('inferred latch: a combinational signal not assigned on every path', () => {
    const gen = module('t', (m) => {
      const a = m.input('a', UInt(4));
      const y = m.output('y', UInt(4));
      m.when(a.eq(0), () => y.set(1)).elseWhen(a.eq(1), () => { // @latch
        y.set(2);
      });
    });
    expectHdlError(build(gen), "latch inferred: 'y' is not assigned on every path", here, 'latch');
  });

  it('inferred latch in a switch without default', () => {
    const gen = module('t', (m) => {
      const a = m.input('a', UInt(2));
      const y = m.output('y', UInt(4));
      m.switch(a)
        .is(0, () => y.set(1)) // @latch-switch
        .is([1, 2], () => y.set(2));
    });
    expectHdlError(build(gen), "latch inferred: 'y'", here, 'latch-switch');
  });

  it('a switch covering every value needs no default', () => {
    const gen = module('t', (m) => {
      const a = m.input('a', UInt(1));
      const y = m.output('y', UInt(4));
      m.switch(a).is(0, () => y.set(1)).is(1, () => y.set(2));
    });
    expect(() => elaborate(gen, {})).not.toThrow();
  });

  it('name collision', () => {
    const gen = module('t', (m) => {
      m.input('a', UInt(4));
      m.wire('w', UInt(4));
      m.wire('w', UInt(4)); // @collision
    });
    expectHdlError(build(gen), "name collision: wire 'w' is already declared at", here, 'collision');
  });

  it('name collision in the SV names (suffixes, instances, the implicit clock)', () => {
    const gen = module('t', (m) => {
      const a = m.input('a', UInt(4));
      const w = m.wire('a_i', UInt(4)); // @collision-sv
      w.set(a);
    });
    expectHdlError(build(gen), "name collision: wire 'a_i' needs the SV name 'a_i', already taken by input 'a' at", here, 'collision-sv');
    const clk = module('t', (m) => {
      m.input('clk', Bool()); // @collision-clk
    });
    expectHdlError(build(clk), "name collision: input 'clk' would be 'clk_i', the implicit clock", here, 'collision-clk');
  });

  it('an output and the register behind it may share a name (x_o, x_q)', () => {
    const gen = module('t', (m) => {
      const en = m.input('en', Bool());
      const count = m.output('count', UInt(4));
      const countQ = m.reg('count', UInt(4));
      m.when(en, () => countQ.setNext(countQ.add(1)));
      count.set(countQ);
    });
    expect(emit(elaborate(gen, {})).files[0]!.text).toContain('assign count_o = count_q;');
  });

  it("using a value of another module (a child's internal signal)", () => {
    let leaked: Signal | undefined;
    const child = module('child', (m) => {
      const a = m.input('a', UInt(4));
      const secret = m.named('secret', a.add(1));
      leaked = secret;
      m.output('y', UInt(4)).set(secret);
      return { a };
    });
    const gen = module('t', (m) => {
      const c = m.instance(child, {}, 'c');
      c.a.set(0);
      const y = m.output('y', UInt(4));
      y.set(leaked!.add(1)); // @foreign
    });
    expectHdlError(build(gen), "'secret' belongs to module 'child' and cannot be used in module 't'", here, 'foreign');
  });

  it("driving a child's output", () => {
    const child = module('child', (m) => {
      const y = m.output('y', UInt(4));
      y.set(3);
      return { y };
    });
    const gen = module('t', (m) => {
      const c = m.instance(child, {}, 'c');
      c.y.set(1); // @drive-out
    });
    expectHdlError(build(gen), "cannot drive output 'y' of instance 'c': it is driven inside module 'child'", here, 'drive-out');
  });

  it('driving an own input', () => {
    const gen = module('t', (m) => {
      const a = m.input('a', UInt(4));
      a.set(1); // @drive-in
    });
    expectHdlError(build(gen), "cannot drive input port 'a'", here, 'drive-in');
  });

  it('illegal slice: out of range', () => {
    const gen = module('t', (m) => {
      const a = m.input('a', UInt(8));
      m.output('y', UInt(4)).set(a.bits(9, 6)); // @slice-range
    });
    expectHdlError(build(gen), "slice [9:6] is out of range for 'a' UInt(8) (bits 7..0)", here, 'slice-range');
  });

  it('illegal slice: reversed', () => {
    const gen = module('t', (m) => {
      const a = m.input('a', UInt(8));
      m.output('y', UInt(4)).set(a.bits(0, 3)); // @slice-rev
    });
    expectHdlError(build(gen), 'slice [0:3] is reversed', here, 'slice-rev');
  });

  it('setNext on a wire, set on a register', () => {
    const g1 = module('t', (m) => {
      const w = m.wire('w', UInt(4));
      w.setNext(1); // @setnext
    });
    expectHdlError(build(g1), "'w' is a wire, not a register", here, 'setnext');
    const g2 = module('t', (m) => {
      const r = m.reg('r', UInt(4));
      r.set(1); // @setreg
    });
    expectHdlError(build(g2), "'r' is a register: give its next value with setNext()", here, 'setreg');
  });

  it('when condition must be a Bool', () => {
    const gen = module('t', (m) => {
      const a = m.input('a', UInt(4));
      const y = m.output('y', UInt(4));
      y.set(0);
      m.when(a, () => y.set(1)); // @cond
    });
    expectHdlError(build(gen), 'when condition must be a Bool (1 bit), got UInt(4)', here, 'cond');
  });

  it('bad parameters through m.require', () => {
    const gen = module('t', (m, p: { n: number }) => {
      m.require(p.n > 0, `n must be positive, got ${p.n}`); // @require
    });
    expectHdlError(() => elaborate(gen, { n: 0 }), 't: n must be positive, got 0', here, 'require');
  });

  it('unused signal is a warning with its location, and is removed', () => {
    const gen = module('t', (m) => {
      const a = m.input('a', UInt(4));
      const unused = m.wire('spare', UInt(4)); // @unused
      unused.set(a.add(1));
      m.output('y', Vec(1, UInt(4)))[0]!.set(a);
    });
    const design = elaborate(gen, {});
    const w = design.warnings.find((d) => d.message.includes("'spare'"));
    expect(w?.message).toBe("'spare' is never used (removed from the emitted SV)");
    expect(w?.location).toMatch(new RegExp(`^${lineOf(here, 'unused').replace('.', '\\.')}:`));
    expect(emit(design).files[0]!.text).not.toContain('spare');
  });
});

describe('bad arguments are located errors too', () => {
  it('bad widths and non-values', () => {
    const gen = module('t', (m) => {
      m.input('a', UInt(0)); // @zero-width
    });
    expectHdlError(build(gen), 'UInt width must be an integer in 1..65536, got 0', here, 'zero-width');
    const g2 = module('t', (m) => {
      const a = m.input('a', UInt(4));
      m.output('y', UInt(4)).set(a.add(undefined as unknown as number)); // @undefined
    });
    expectHdlError(build(g2), 'expected a hardware value or a number, got undefined', here, 'undefined');
  });
});

// A small RISC-V-flavoured ALU: the example of switch/is, signed arithmetic, shifts, widening products,
// registers with enable and without reset. `npx flexv emit examples/hdl/alu.ts --out build/alu`
import { Bool, cat, module, mux, UInt } from '../../src/hdl/index.ts';

/** Operation codes (a TypeScript enum is just numbers: the switch below takes them as literals). */
export const AluOp = { add: 0, sub: 1, sll: 2, slt: 3, sltu: 4, xor: 5, srl: 6, sra: 7, or: 8, and: 9, mulh: 10, clip: 11 } as const;

export default module(
  'alu',
  (m, p: { xlen: number }) => {
    const valid = m.input('valid', Bool());
    const op = m.input('op', UInt(4));
    const a = m.input('a', UInt(p.xlen));
    const b = m.input('b', UInt(p.xlen));
    const imm = m.input('imm', UInt(12)); // a sign-extended immediate added to a (address generation)
    const result = m.output('result', UInt(p.xlen));
    const addr = m.output('addr', UInt(p.xlen));
    const zero = m.output('zero', Bool());
    const parityOut = m.output('parity', Bool());

    const shamt = m.named('shamt', b.bits(4, 0)); // only the low 5 bits of b shift (bits 31:5 unread)
    const sa = a.asSInt();
    const sb = b.asSInt();
    const value = m.wire('value', UInt(p.xlen));
    m.switch(op)
      .is(AluOp.add, () => value.set(a.add(b)))
      .is(AluOp.sub, () => value.set(a.sub(b)))
      .is(AluOp.sll, () => value.set(a.shl(shamt)))
      .is(AluOp.slt, () => value.set(sa.lt(sb).zext(p.xlen)))
      .is(AluOp.sltu, () => value.set(a.lt(b).zext(p.xlen)))
      .is(AluOp.xor, () => value.set(a.xor(b)))
      .is(AluOp.srl, () => value.set(a.shr(shamt)))
      .is(AluOp.sra, () => value.set(sa.shr(shamt).asUInt()))
      .is(AluOp.or, () => value.set(a.or(b)))
      .is(AluOp.and, () => value.set(a.and(b)))
      .is(AluOp.mulh, () => value.set(sa.mulFull(sb).bits(2 * p.xlen - 1, p.xlen)))
      .is(AluOp.clip, () => {
        // clip a signed value to [-128, 127]
        value.set(mux(sa.gt(127), 127, mux(sa.lt(-128), -128, sa)).asUInt());
      })
      .default(() => value.set(0));

    // results are held in a register that only loads on valid; the address adder is combinational
    const held = m.reg('held', UInt(p.xlen), { enable: valid });
    held.setNext(value);
    result.set(held);
    addr.set(a.add(imm.sext(p.xlen)));

    // a pipeline of parity bits without reset, to show both flop styles
    const parity = m.reg('parity_pipe', UInt(2), { reset: null });
    parity.setNext(cat(parity.bit(0), value.xorR()));
    parityOut.set(parity.bit(1));
    zero.set(held.eq(0));
    return { valid, op, a, b, imm, result, addr, zero, parity: parityOut };
  },
  { defaults: { xlen: 32 } },
);

import { Bool, index, lit, module, UInt, Vec } from '../../hdl/index.ts';

/** 31 x 32-bit integer registers (x0 reads 0), two combinational read ports, one write port. */
export const regfile = module('regfile', (m) => {
  const raddrA = m.input('raddr_a', UInt(5));
  const raddrB = m.input('raddr_b', UInt(5));
  const rdataA = m.output('rdata_a', UInt(32));
  const rdataB = m.output('rdata_b', UInt(32));
  const we = m.input('we', Bool());
  const waddr = m.input('waddr', UInt(5));
  const wdata = m.input('wdata', UInt(32));
  const regs = m.reg('x', Vec(31, UInt(32)));
  regs.forEach((r, i) => m.when(we.and(waddr.eq(i + 1)), () => r.setNext(wdata)));
  const all = [lit(0, 32), ...regs];
  rdataA.set(index(all, raddrA));
  rdataB.set(index(all, raddrB));
  return { raddrA, raddrB, rdataA, rdataB, we, waddr, wdata };
});

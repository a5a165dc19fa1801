import { Bool, index, lit, module, UInt, Vec, type Expr, type Signal } from '../../hdl/index.ts';

export interface RegfileParams {
  /** Combinational read ports (2, or 3 for instructions with a third source). */
  readPorts: number;
  /** Write ports; a higher-numbered port loses to a lower one on the same register. */
  writePorts: number;
}

/** 31 x 32-bit integer registers (x0 reads 0), `readPorts` combinational reads, `writePorts` writes. */
export const regfile = module(
  'regfile',
  (m, p: RegfileParams) => {
    m.require(p.readPorts >= 1 && p.writePorts >= 1, 'regfile needs at least one read and one write port');
    const io: Record<string, Signal> = {};
    const raddr = Array.from({ length: p.readPorts }, (_, i) => (io[`raddr${i}`] = m.input(`raddr${i}`, UInt(5))));
    const rdata = Array.from({ length: p.readPorts }, (_, i) => (io[`rdata${i}`] = m.output(`rdata${i}`, UInt(32))));
    const we = Array.from({ length: p.writePorts }, (_, i) => (io[`we${i}`] = m.input(`we${i}`, Bool())));
    const waddr = Array.from({ length: p.writePorts }, (_, i) => (io[`waddr${i}`] = m.input(`waddr${i}`, UInt(5))));
    const wdata = Array.from({ length: p.writePorts }, (_, i) => (io[`wdata${i}`] = m.input(`wdata${i}`, UInt(32))));
    const regs = m.reg('x', Vec(31, UInt(32)));
    regs.forEach((r, i) => {
      // Port 0 is tested last so that it wins.
      for (let w = p.writePorts - 1; w >= 0; w--) m.when(we[w]!.and(waddr[w]!.eq(i + 1)), () => r.setNext(wdata[w]!));
    });
    const all: Expr[] = [lit(0, 32), ...regs];
    raddr.forEach((a, i) => rdata[i]!.set(index(all, a)));
    return io;
  },
  { defaults: { readPorts: 2, writePorts: 1 } },
);

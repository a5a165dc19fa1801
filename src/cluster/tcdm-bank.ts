import { Bool, Bundle, clog2, module, UInt } from '../hdl/index.ts';
import { OBI_BE_WIDTH, OBI_DATA_WIDTH } from './obi.ts';
import { requirePowerOfTwo } from './params.ts';

/** What the interconnect presents to one bank in a cycle: at most one access (the arbitration winner). */
export const bankRequest = (words: number) =>
  Bundle({ req: Bool(), row: UInt(clog2(words)), we: Bool(), be: UInt(OBI_BE_WIDTH), wdata: UInt(OBI_DATA_WIDTH) });

/**
 * One TCDM bank: `words` words of synchronous 1R1W memory with byte enables, used as a 1RW port (one access
 * per cycle). A write lands at the clock edge; a read's data shows on `rdata` in the next cycle and stays
 * there until the next read. Emitted as its own memory module (`tcdm_bank_mem`), replaceable by a macro.
 */
export const tcdmBank = module('tcdm_bank', (m, p: { words: number }) => {
  requirePowerOfTwo(m, 'bank words', p.words, 2, 1 << 20);
  const req = m.input('req', bankRequest(p.words));
  const rdata = m.output('rdata', UInt(OBI_DATA_WIDTH));
  const ram = m.mem('ram', { depth: p.words, type: UInt(OBI_DATA_WIDTH), byteEnable: true });
  ram.write(req.row, req.wdata, req.req.and(req.we), req.be);
  rdata.set(ram.read(req.row, req.req.and(req.we.not())));
  return { req, rdata };
});

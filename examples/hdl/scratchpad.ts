// A banked scratchpad (TCDM-like) with request/response Bundles: the example of Bundles, memories with
// byte enables, arrays of instances, Vec registers and parameter-dependent structure. `npx flexv emit examples/hdl/scratchpad.ts --out build/spm`
import { Bool, Bundle, clog2, index, module, orAll, UInt, Vec } from '../../src/hdl/index.ts';

const request = (addrWidth: number, dataWidth: number) =>
  Bundle({ valid: Bool(), write: Bool(), addr: UInt(addrWidth), wdata: UInt(dataWidth), be: UInt(dataWidth / 8) });
const response = (dataWidth: number) => Bundle({ valid: Bool(), rdata: UInt(dataWidth) });

/** One bank: a 1R1W memory with byte enables; a read answers in the next cycle. */
export const bank = module('spm_bank', (m, p: { words: number; dataWidth: number; macro?: string }) => {
  const req = m.input('req', request(clog2(p.words), p.dataWidth));
  const rsp = m.output('rsp', response(p.dataWidth));
  const ram = m.mem('ram', { depth: p.words, type: UInt(p.dataWidth), macro: p.macro, byteEnable: true });
  ram.write(req.addr, req.wdata, req.valid.and(req.write), req.be);
  rsp.rdata.set(ram.read(req.addr, req.valid.and(req.write.not())));
  const pending = m.reg('pending', Bool());
  pending.setNext(req.valid.and(req.write.not()));
  rsp.valid.set(pending);
  return { req, rsp };
});

/**
 * `banks` banks of `words` words, word-interleaved: the low address bits pick the bank. One request per
 * cycle; a read's response comes one cycle later. Also counts requests per bank (a Vec of registers).
 */
export default module(
  'scratchpad',
  (m, p: { banks: number; words: number; dataWidth: number }) => {
    m.require(p.banks >= 2 && (p.banks & (p.banks - 1)) === 0, `banks must be a power of two >= 2, got ${p.banks}`);
    m.require(p.dataWidth % 8 === 0, `dataWidth must be a multiple of 8 (byte enables), got ${p.dataWidth}`);
    const bankBits = clog2(p.banks);
    const addrWidth = clog2(p.words) + bankBits;
    const req = m.input('req', request(addrWidth, p.dataWidth));
    const rsp = m.output('rsp', response(p.dataWidth));
    const hits = m.output('hits', Vec(p.banks, UInt(16)));

    const target = m.named('target_bank', req.addr.bits(bankBits - 1, 0));
    const banks = m.instances(bank, { words: p.words, dataWidth: p.dataWidth }, p.banks, 'bank');
    banks.forEach((b, i) => {
      b.req.valid.set(req.valid.and(target.eq(i)));
      b.req.write.set(req.write);
      b.req.addr.set(req.addr.bits(addrWidth - 1, bankBits));
      b.req.wdata.set(req.wdata);
      b.req.be.set(req.be);
    });

    // the bank that answers next cycle
    const answering = m.reg('answering', UInt(bankBits));
    m.when(req.valid, () => answering.setNext(target));
    rsp.valid.set(orAll(banks.map((b) => b.rsp.valid)));
    rsp.rdata.set(index(banks.map((b) => b.rsp.rdata), answering));

    const count = m.reg('count', Vec(p.banks, UInt(16)));
    count.forEach((c, i) => {
      m.when(req.valid.and(target.eq(i)), () => c.setNext(c.add(1)));
      hits[i]!.set(c);
    });
    return { req, rsp, hits };
  },
  { defaults: { banks: 4, words: 256, dataWidth: 32 } },
);

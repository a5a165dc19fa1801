// Two levels of hierarchy: `banks` banks, each a register and a memory (its own ram module). Checks the
// per-instance totals of a nested design (bank -> ram) and the macro bits counted once per instance.
import { Bool, cat, clog2, module, UInt } from '../../../src/hdl/index.ts';

export const bank = module('bank', (m, p: { words: number }) => {
  const addr = m.input('addr', UInt(clog2(p.words)));
  const wdata = m.input('wdata', UInt(32));
  const wr = m.input('wr', Bool());
  const rdata = m.output('rdata', UInt(32));
  const busy = m.output('busy', Bool());
  const ram = m.mem('ram', { depth: p.words, type: UInt(32) });
  ram.write(addr, wdata, wr);
  rdata.set(ram.read(addr));
  const wrote = m.reg('wrote', Bool());
  wrote.setNext(wr);
  busy.set(wrote);
  return { addr, wdata, wr, rdata, busy };
});

export default module(
  'banked',
  (m, p: { banks: number; words: number }) => {
    const addr = m.input('addr', UInt(clog2(p.words)));
    const wdata = m.input('wdata', UInt(32));
    const wr = m.input('wr', Bool());
    const rdata = m.output('rdata', UInt(32 * p.banks));
    const busy = m.output('busy', UInt(p.banks));
    const banks = m.instances(bank, { words: p.words }, p.banks, 'bank');
    banks.forEach((b) => {
      b.addr.set(addr);
      b.wdata.set(wdata);
      b.wr.set(wr);
    });
    // Bank 0 in the low bits (cat puts its first argument in the high bits, as SV does).
    rdata.set(cat(...banks.map((b) => b.rdata).reverse()));
    busy.set(cat(...banks.map((b) => b.busy).reverse()));
    return {};
  },
  { defaults: { banks: 4, words: 256 } },
);

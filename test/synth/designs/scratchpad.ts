// A 1R1W memory of `depth` x `width` bits behind its ports: a macro or flip-flops depending on size.
import { Bool, clog2, module, UInt } from '../../../src/hdl/index.ts';

export default module(
  'scratchpad',
  (m, p: { depth: number; width: number }) => {
    const addr = m.input('addr', UInt(clog2(p.depth)));
    const wdata = m.input('wdata', UInt(p.width));
    const wr = m.input('wr', Bool());
    const rdata = m.output('rdata', UInt(p.width));
    const store = m.mem('store', { depth: p.depth, type: UInt(p.width) });
    store.write(addr, wdata, wr);
    rdata.set(store.read(addr));
    return {};
  },
  { defaults: { depth: 256, width: 32 } },
);

// A MAC array for the synthesis benchmark and tests: `lanes` multiply-accumulate lanes (8-bit x 8-bit
// products into `accWidth`-bit accumulators), each its own child instance, and a scratchpad memory of
// `spmWords` x 32 bits that the flow keeps as a macro.
import { Bool, clog2, index, module, UInt } from '../../../src/hdl/index.ts';

export const macLane = module(
  'mac_lane',
  (m, p: { accWidth: number }) => {
    const a = m.input('a', UInt(8));
    const b = m.input('b', UInt(8));
    const en = m.input('en', Bool());
    const clear = m.input('clear', Bool());
    const acc = m.output('acc', UInt(p.accWidth));
    const accQ = m.reg('sum', UInt(p.accWidth), { enable: en });
    const product = a.mulFull(b).zext(p.accWidth);
    m.when(clear, () => accQ.setNext(0)).otherwise(() => accQ.setNext(accQ.add(product)));
    acc.set(accQ);
    return { a, b, en, clear, acc };
  },
  { defaults: { accWidth: 32 } },
);

export default module(
  'mac_array',
  (m, p: { lanes: number; accWidth: number; spmWords: number }) => {
    const a = m.input('a', UInt(8 * p.lanes));
    const b = m.input('b', UInt(8));
    const en = m.input('en', Bool());
    const clear = m.input('clear', Bool());
    const sel = m.input('sel', UInt(Math.max(1, clog2(p.lanes))));
    const result = m.output('result', UInt(p.accWidth));
    const spmAddr = m.input('addr', UInt(clog2(p.spmWords)));
    const spmWe = m.input('wr_en', Bool());
    const spmRdata = m.output('rdata', UInt(32));

    const accs = m.instances(macLane, { accWidth: p.accWidth }, p.lanes, 'lane').map((lane, i) => {
      lane.a.set(a.bits(8 * i + 7, 8 * i));
      lane.b.set(b);
      lane.en.set(en);
      lane.clear.set(clear);
      return lane.acc;
    });
    // The selected accumulator goes out (a mux tree over the lanes).
    result.set(index(accs, sel));

    const spm = m.mem('spm', { depth: p.spmWords, type: UInt(32) });
    spm.write(spmAddr, index(accs, sel).trunc(32), spmWe);
    spmRdata.set(spm.read(spmAddr));
    return {};
  },
  { defaults: { lanes: 16, accWidth: 32, spmWords: 1024 } },
);

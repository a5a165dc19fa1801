// The XOR of `width` bits: ceil(log2 width) levels of XOR2 at best.
import { module, UInt } from '../../../src/hdl/index.ts';

export default module(
  'parity',
  (m, p: { width: number }) => {
    const data = m.input('data', UInt(p.width));
    const parity = m.output('parity', UInt(1));
    parity.set(data.xorR());
    return { data, parity };
  },
  { defaults: { width: 16 } },
);

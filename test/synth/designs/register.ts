// A `width`-bit register with reset and nothing else: exactly `width` flip-flops.
import { module, UInt } from '../../../src/hdl/index.ts';

export default module(
  'register',
  (m, p: { width: number }) => {
    const d = m.input('d', UInt(p.width));
    const q = m.output('q', UInt(p.width));
    const r = m.reg('r', UInt(p.width));
    r.setNext(d);
    q.set(r);
    return { d, q };
  },
  { defaults: { width: 8 } },
);

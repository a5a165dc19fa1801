// A 2^k : 1 multiplexer of single bits built as a balanced tree of 2:1 muxes, select bit j at level j:
// exactly k MUX2 levels from a select bit or a data bit to the output.
import { type Expr, module, mux, UInt } from '../../../src/hdl/index.ts';

export default module(
  'mux_tree',
  (m, p: { k: number }) => {
    const data = m.input('data', UInt(1 << p.k));
    const sel = m.input('sel', UInt(p.k));
    const y = m.output('y', UInt(1));
    let level: Expr[] = Array.from({ length: 1 << p.k }, (_, i) => data.bit(i));
    for (let j = 0; j < p.k; j++) {
      level = Array.from({ length: level.length / 2 }, (_, i) => mux(sel.bit(j), level[2 * i + 1]!, level[2 * i]!));
    }
    y.set(level[0]!);
    return { data, sel, y };
  },
  { defaults: { k: 3 } },
);

import { Bool, module, mux, UInt } from '../hdl/index.ts';

/**
 * Up/down counter with load. Each cycle: `load` sets the count to `load_value` (priority); otherwise, when
 * `en`, it counts up (or down when `down`), wrapping at the ends. `wrap` is high in the cycle of a step that
 * wraps (max -> 0 going up, 0 -> max going down), so counters chain: `wrap` of one is `en` of the next.
 */
export const counter = module(
  'counter',
  (m, p: { width: number }) => {
    m.require(Number.isInteger(p.width) && p.width >= 1, `width must be an integer >= 1, got ${p.width}`);
    const en = m.input('en', Bool());
    const load = m.input('load', Bool());
    const loadValue = m.input('load_value', UInt(p.width));
    const down = m.input('down', Bool());
    const count = m.output('count', UInt(p.width));
    const wrap = m.output('wrap', Bool());

    const value = m.reg('value', UInt(p.width));
    const step = m.named('step', en.and(load.not()));
    m.when(load, () => value.setNext(loadValue)).elseWhen(en, () =>
      value.setNext(mux(down, value.sub(1), value.add(1))),
    );
    count.set(value);
    wrap.set(step.and(mux(down, value.eq(0), value.andR())));
    return { en, load, load_value: loadValue, down, count, wrap };
  },
  { defaults: { width: 8 } },
);

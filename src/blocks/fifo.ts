import { Bool, clog2, index, indexWidth, module, mux, UInt, Vec, type Expr } from '../hdl/index.ts';

/**
 * Synchronous FIFO, first-word not fall-through: `rdata` shows the oldest entry whenever `empty` is low, and
 * a word pushed into an empty FIFO appears there one cycle later (no combinational path wdata -> rdata).
 * - `push` is accepted when not `full`; `pop` is accepted when not `empty`; both may happen in one cycle.
 * - `count` is the number of stored words (0..depth); `rdata` is don't-care (last slot read) when empty.
 */
export const fifo = module(
  'fifo',
  (m, p: { width: number; depth: number }) => {
    const push = m.input('push', Bool());
    const wdata = m.input('wdata', UInt(p.width));
    const pop = m.input('pop', Bool());
    const rdata = m.output('rdata', UInt(p.width));
    const full = m.output('full', Bool());
    const empty = m.output('empty', Bool());
    const count = m.output('count', UInt(clog2(p.depth + 1)));

    const slots = m.reg('slots', Vec(p.depth, UInt(p.width)), { reset: 0 });
    const wptr = m.reg('wptr', UInt(indexWidth(p.depth)));
    const rptr = m.reg('rptr', UInt(indexWidth(p.depth)));
    const used = m.reg('used', UInt(clog2(p.depth + 1)));

    const doPush = m.named('do_push', push.and(full.not()));
    const doPop = m.named('do_pop', pop.and(empty.not()));
    const advance = (ptr: Expr) => mux(ptr.eq(p.depth - 1), 0, ptr.add(1));

    m.when(doPush, () => {
      wptr.setNext(advance(wptr));
      slots.forEach((slot, i) => m.when(wptr.eq(i), () => slot.setNext(wdata)));
    });
    m.when(doPop, () => rptr.setNext(advance(rptr)));
    m.when(doPush.and(doPop.not()), () => used.setNext(used.add(1))).elseWhen(doPop.and(doPush.not()), () =>
      used.setNext(used.sub(1)),
    );

    rdata.set(index(slots, rptr));
    full.set(used.eq(p.depth));
    empty.set(used.eq(0));
    count.set(used);
    return { push, wdata, pop, rdata, full, empty, count };
  },
  { defaults: { width: 8, depth: 4 } },
);

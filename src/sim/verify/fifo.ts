import { fifo } from '../../blocks/index.ts';
import { column, unreached, type BlockCheck, type ReferenceModel, type Row } from './check.ts';

/**
 * Reference of the synchronous FIFO (not fall-through): a push is taken when not full, a pop when not
 * empty, both in one cycle allowed; `rdata` is the oldest word and only meaningful when not empty.
 */
class FifoModel implements ReferenceModel {
  private readonly words: bigint[] = [];
  constructor(private readonly depth: number) {}

  cycle(i: Row): Row {
    const n = this.words.length;
    const out = {
      rdata_o: n > 0 ? this.words[0] : 0n,
      full_o: n === this.depth ? 1n : 0n,
      empty_o: n === 0 ? 1n : 0n,
      count_o: BigInt(n),
    };
    const doPush = i.push_i === 1n && n < this.depth;
    const doPop = i.pop_i === 1n && n > 0;
    if (doPop) this.words.shift();
    if (doPush) this.words.push(i.wdata_i);
    return out;
  }
}

export function fifoCheck(width: number, depth: number): BlockCheck {
  return {
    block: 'fifo',
    params: { width, depth },
    generator: fifo,
    outputs: ['rdata_o', 'full_o', 'empty_o', 'count_o'],
    reference: () => new FifoModel(depth),
    dontCare: (port, expected) => port === 'rdata_o' && expected.empty_o === 1n,
    coverage: (inputs, outputs) =>
      unreached(inputs, outputs, {
        'push while full': (i, o) => i.push_i === 1n && o.full_o === 1n,
        'pop while empty': (i, o) => i.pop_i === 1n && o.empty_o === 1n,
        'push and pop while full': (i, o) => i.push_i === 1n && i.pop_i === 1n && o.full_o === 1n,
        ...(depth > 1 && {
          'push and pop in between': (i: Row, o: Row) =>
            i.push_i === 1n && i.pop_i === 1n && o.full_o === 0n && o.empty_o === 0n,
        }),
      }),
    stimulus(rng, cycles) {
      // Phases that mostly fill, mostly drain, or balance, so full and empty are both visited often
      // and pushes/pops against a full/empty FIFO are exercised.
      let pPush = 0.5;
      let pPop = 0.5;
      const push: number[] = [];
      const pop: number[] = [];
      for (let c = 0; c < cycles; c++) {
        if (c % 64 === 0) [pPush, pPop] = [[0.9, 0.2], [0.2, 0.9], [0.6, 0.6], [1, 1]][rng.below(4)];
        push.push(rng.chance(pPush) ? 1 : 0);
        pop.push(rng.chance(pPop) ? 1 : 0);
      }
      return { push_i: push, pop_i: pop, wdata_i: column(cycles, () => rng.bits(width)) };
    },
  };
}

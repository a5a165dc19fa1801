import { counter } from '../../blocks/index.ts';
import { column, unreached, type BlockCheck, type ReferenceModel, type Row } from './check.ts';

/**
 * Reference of the up/down counter: `load` wins over `en`; counting wraps at both ends; `wrap` flags a
 * counting step (not a load) that wraps, in the cycle it happens.
 */
class CounterModel implements ReferenceModel {
  private value = 0n;
  constructor(private readonly width: number) {}

  cycle(i: Row): Row {
    const max = (1n << BigInt(this.width)) - 1n;
    const counting = i.en_i === 1n && i.load_i === 0n;
    const down = i.down_i === 1n;
    const wrap = counting && (down ? this.value === 0n : this.value === max) ? 1n : 0n;
    const out = { count_o: this.value, wrap_o: wrap };
    if (i.load_i === 1n) this.value = i.load_value_i;
    else if (counting) this.value = (this.value + (down ? max : 1n)) & max; // -1 is +max modulo 2^w
    return out;
  }
}

export function counterCheck(width: number): BlockCheck {
  return {
    block: 'counter',
    params: { width },
    generator: counter,
    outputs: ['count_o', 'wrap_o'],
    reference: () => new CounterModel(width),
    coverage: (inputs, outputs) =>
      unreached(inputs, outputs, {
        'wrap going up': (i, o) => o.wrap_o === 1n && i.down_i === 0n,
        'wrap going down': (i, o) => o.wrap_o === 1n && i.down_i === 1n,
        'load while enabled': (i) => i.load_i === 1n && i.en_i === 1n,
      }),
    stimulus(rng, cycles) {
      // Long runs in one direction so narrow and wide counters both reach their wrap points; loads near
      // the ends (all ones / zero) make wrapping frequent even for wide counters.
      let down = 0;
      const max = (1n << BigInt(width)) - 1n;
      const offset = () => BigInt(rng.below(4)) & max;
      const nearEnd = () => (rng.chance(0.5) ? max - offset() : offset());
      return {
        en_i: column(cycles, () => (rng.chance(0.8) ? 1 : 0)),
        down_i: column(cycles, () => (rng.chance(0.02) ? (down ^= 1) : down)),
        load_i: column(cycles, () => (rng.chance(0.03) ? 1 : 0)),
        load_value_i: column(cycles, () => (rng.chance(0.5) ? nearEnd() : rng.bigBits(width))),
      };
    },
  };
}

import { lzc, onehotEncoder, priorityEncoder } from '../../blocks/index.ts';
import type { Random } from '../random.ts';
import { column, unreached, type BlockCheck, type Row } from './check.ts';

/** A random value of `width` bits with few bits set, so the lowest/highest set bit lands anywhere. */
function sparse(rng: Random, width: number): bigint {
  const kind = rng.below(4);
  if (kind === 0) return 0n;
  if (kind === 1) return rng.bigBits(width);
  let v = 0n;
  const bits = 1 + rng.below(3);
  for (let k = 0; k < bits; k++) v |= 1n << BigInt(rng.below(width));
  return v;
}

/** Coverage goals: `port` took every value from 0 to `last`. */
function everyValue(port: string, last: number) {
  return (inputs: Row[], outputs: Row[]) =>
    unreached(
      inputs,
      outputs,
      Object.fromEntries(Array.from({ length: last + 1 }, (_, v) => [`${port} = ${v}`, (_i: Row, o: Row) => o[port] === BigInt(v)])),
    );
}

/** Stateless blocks: the reference is a pure function of the inputs. */
function pure(f: (i: Row) => Row) {
  return () => ({ cycle: f });
}

/** Priority encoder: the index of the lowest set bit (0 when none), valid when any bit is set. */
export function priorityEncoderCheck(n: number): BlockCheck {
  return {
    block: 'priority_encoder',
    params: { n },
    generator: priorityEncoder,
    outputs: ['idx_o', 'valid_o'],
    reference: pure(({ in_i: x }) => {
      let idx = 0;
      while (x !== 0n && ((x >> BigInt(idx)) & 1n) === 0n) idx++;
      return { idx_o: BigInt(idx), valid_o: x === 0n ? 0n : 1n };
    }),
    stimulus: (rng, cycles) => ({ in_i: column(cycles, () => sparse(rng, n)) }),
    coverage: everyValue('idx_o', n - 1),
  };
}

/**
 * One-hot to binary: the index of the set bit; for inputs that are not one-hot the block documents the OR
 * of the indices of all set bits, which the stimulus exercises too.
 */
export function onehotEncoderCheck(n: number): BlockCheck {
  return {
    block: 'onehot_encoder',
    params: { n },
    generator: onehotEncoder,
    outputs: ['idx_o', 'valid_o'],
    reference: pure(({ onehot_i: x }) => {
      let idx = 0n;
      for (let i = 0; i < n; i++) if ((x >> BigInt(i)) & 1n) idx |= BigInt(i);
      return { idx_o: idx, valid_o: x === 0n ? 0n : 1n };
    }),
    stimulus: (rng, cycles) => ({
      onehot_i: column(cycles, () => (rng.chance(0.8) ? 1n << BigInt(rng.below(n)) : sparse(rng, n))),
    }),
    coverage: everyValue('idx_o', n - 1),
  };
}

/** Leading-zero count: zeros above the highest set bit (`width` for zero), and the all-zero flag. */
export function lzcCheck(width: number): BlockCheck {
  return {
    block: 'lzc',
    params: { width },
    generator: lzc,
    outputs: ['count_o', 'zero_o'],
    reference: pure(({ in_i: x }) => {
      const bitLength = x === 0n ? 0 : x.toString(2).length;
      return { count_o: BigInt(width - bitLength), zero_o: x === 0n ? 1n : 0n };
    }),
    // Shift a random value right by a random amount so every leading-zero count is likely.
    stimulus: (rng, cycles) => ({
      in_i: column(cycles, () => (rng.chance(0.05) ? 0n : rng.bigBits(width) >> BigInt(rng.below(width + 1)))),
    }),
    coverage: everyValue('count_o', width),
  };
}

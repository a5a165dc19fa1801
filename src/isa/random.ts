import { operandRange } from './fields.ts';
import type { InstrDef, OperandValues } from './types.ts';

/** Seeded randomness for tests and random-program generators (deterministic across runs). */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  /** xorshift32: a uniformly distributed 32-bit unsigned integer. */
  next(): number {
    let x = this.s;
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }
  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    const span = max - min + 1;
    return min + Math.floor((this.next() / 2 ** 32) * span);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(0, xs.length - 1)];
  }
}

/**
 * Random operand values that encode: in range, aligned, and avoiding every constrained value (reserved,
 * hint and alias encodings), so the word decodes back to `def` and tools agree on its text.
 */
export function randomOperands(def: InstrDef, rng: Rng): OperandValues {
  for (;;) {
    const values: OperandValues = {};
    for (const op of def.operands) {
      const { min, max, align } = operandRange(op);
      // Favour edge values now and then: they find sign and width mistakes.
      const r = rng.int(0, 9);
      let v = r === 0 ? min : r === 1 ? max : r === 2 && min <= 0 && max >= 0 ? 0 : rng.int(min / align, max / align) * align;
      if (op.kind === 'creg') v = rng.int(8, 15);
      values[op.name] = v;
    }
    if (!(def.constraints ?? []).some((c) => values[c.operand] === c.not)) return values;
  }
}

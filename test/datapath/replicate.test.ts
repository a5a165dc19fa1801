// replicateLane0 (the .sc operand of every lane format) against the golden model's splat.
import { describe, expect, it } from 'vitest';
import { laneWidth } from '../../src/core/flexv/formats.ts';
import { splat } from '../../src/iss/lanes.ts';
import { Random } from '../../src/sim/index.ts';
import { replicate } from './designs/replicate.ts';
import { emitUnit, runBatch, u32, verilatorReady } from './helpers.ts';

describe('replicateLane0', async () => {
  const { result } = await emitUnit(replicate, {}, 'replicate_lane0');

  it.skipIf(!verilatorReady)('copies lane 0 into every lane of each format, as splat', async () => {
    const rng = new Random(5);
    const fmt = Array.from({ length: 2000 }, (_, c) => c % 4);
    const v = fmt.map(() => rng.u32());
    const out = await runBatch(result, { fmt_i: fmt, v_i: v }, ['out_o'], 5);
    expect(out.out_o).toEqual(fmt.map((f, c) => u32(splat(v[c]!, laneWidth(f)))));
  });
});

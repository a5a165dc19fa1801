// The Flex-V dot-product unit on Verilator against the golden model's lane semantics: every uniform
// format (16/8/4/2-bit) and every (activation, weight) pair of 8/4/2 bits, 4 signedness variants, every
// idx value (including idx >= R, taken modulo R), accumulate on and off, random and edge operands.
import { describe, expect, it } from 'vitest';
import { dotpUnit } from '../../src/core/flexv/dotp-unit.ts';
import { laneWidth } from '../../src/core/flexv/formats.ts';
import { setField } from '../../src/isa/csrs.ts';
import { MPC_FIELDS } from '../../src/iss/csr.ts';
import { dot } from '../../src/iss/lanes.ts';
import { mixedSum } from '../../src/iss/mixed.ts';
import { Random } from '../../src/sim/index.ts';
import { dotpFlat } from './designs/dotp-flat.ts';
import { dotpSeparate } from './designs/dotp-separate.ts';
import { cleanliness, EDGE_WORDS, emitUnit, hex, runBatch, u32, verilatorReady, yosysReady } from './helpers.ts';

interface Vector { fmtA: number; fmtB: number; signA: number; signB: number; idx: number; accumulate: number; a: number; b: number; acc: number }

/** The golden model's result: `dot` for the 16-bit uniform format, the mpc-driven mixed sum otherwise. */
function golden(v: Vector): number {
  const acc = v.accumulate ? v.acc : 0;
  if (v.fmtA === 0 || v.fmtB === 0) return dot(acc, v.a, v.b, 16, !!v.signA, !!v.signB);
  let mpc = setField(0, MPC_FIELDS.afmt, v.fmtA - 1);
  mpc = setField(mpc, MPC_FIELDS.wfmt, v.fmtB - 1);
  mpc = setField(mpc, MPC_FIELDS.idx, v.idx);
  return mixedSum(mpc, acc, v.a, v.b, !!v.signA, !!v.signB);
}

/** Format pairs: uniform 16/8/4/2 and the 9 pairs of {8, 4, 2} (3 of which are uniform). */
const PAIRS: Array<[number, number]> = [[0, 0]];
for (const fa of [1, 2, 3]) for (const fb of [1, 2, 3]) PAIRS.push([fa, fb]);

/** Per format code: every lane at its most negative value (sign bit only). */
const MOST_NEGATIVE = [0x80008000, 0x80808080, 0x88888888, 0xaaaaaaaa];

function vectors(rng: Random, perCase: number): Vector[] {
  const out: Vector[] = [];
  const word = () => (rng.chance(0.15) ? EDGE_WORDS[rng.below(EDGE_WORDS.length)]! : rng.u32());
  for (const [fmtA, fmtB] of PAIRS)
    for (let signs = 0; signs < 4; signs++)
      for (let idx = 0; idx < 4; idx++)
        for (const accumulate of [0, 1])
          for (let k = 0; k < perCase; k++) {
            // The first two of each case are the extremes: every lane at its most negative, every bit set.
            const fixed = k === 0 ? [MOST_NEGATIVE[fmtA]!, MOST_NEGATIVE[fmtB]!] : k === 1 ? [0xffffffff, 0xffffffff] : [word(), word()];
            out.push({ fmtA, fmtB, signA: signs >> 1, signB: signs & 1, idx, accumulate, a: fixed[0]!, b: fixed[1]!, acc: rng.u32() });
          }
  return out;
}

// The unit itself, and the two architectures it was measured against (docs/datapath.md), which must
// compute the same function for the area comparison to mean anything.
const DESIGNS = [
  { gen: dotpUnit, top: 'flexv_dotp_unit', vectors: 24 },
  { gen: dotpSeparate, top: 'flexv_dotp_separate', vectors: 4 },
  { gen: dotpFlat, top: 'flexv_dotp_flat', vectors: 4 },
];

for (const design of DESIGNS) describe(design.top, async () => {
  const { result, dir } = await emitUnit(design.gen, {}, design.top);

  it('elaborates without warnings', () => {
    expect(result.warnings).toEqual([]);
    expect(result.top).toBe(design.top);
  });

  if (design.gen === dotpUnit) it.skipIf(!verilatorReady || !yosysReady)('is Verilator -Wall and Yosys clean', async () => {
    expect(await cleanliness(dir, result.top)).toEqual({ lint: [], yosys: [] });
  });

  it.skipIf(!verilatorReady)('matches the golden model on every format pair, signedness, idx and accumulate', async () => {
    const vs = vectors(new Random(61), design.vectors); // 10 pairs x 4 signs x 4 idx x 2 x 24 = 7680 vectors for the unit
    const col = (f: (v: Vector) => number) => vs.map((v) => BigInt(f(v) >>> 0));
    const out = await runBatch(
      result,
      {
        fmt_a_i: col((v) => v.fmtA), fmt_b_i: col((v) => v.fmtB), sign_a_i: col((v) => v.signA), sign_b_i: col((v) => v.signB),
        idx_i: col((v) => v.idx), accumulate_i: col((v) => v.accumulate), a_i: col((v) => v.a), b_i: col((v) => v.b), acc_i: col((v) => v.acc),
      },
      ['result_o'],
      61,
    );
    const failures: string[] = [];
    vs.forEach((v, c) => {
      const want = u32(golden(v));
      if (out.result_o![c] !== want && failures.length < 5) {
        failures.push(`a ${laneWidth(v.fmtA)}-bit${v.signA ? ' s' : ' u'} ${hex(v.a)}, b ${laneWidth(v.fmtB)}-bit${v.signB ? ' s' : ' u'} ${hex(v.b)}, idx ${v.idx}, acc ${v.accumulate ? hex(v.acc) : 'off'}: got ${hex(out.result_o![c]!)}, want ${hex(want)}`);
      }
    });
    expect(failures).toEqual([]);
    expect(vs.length).toBe(320 * design.vectors);
  });
});

// The Flex-V dot-product unit on Verilator against the golden model's formatDot: every format of spec
// §5.3 (uniform 16/8/4/2-bit, the weight-narrower 5..10, the activation-narrower extension 11..13), 4
// signedness variants, every sub-group value (including c >= R, taken modulo R), accumulate on and off,
// random and edge operands. Without extension formats the unit must compute 1..10 the same.
import { describe, expect, it } from 'vitest';
import { dotpUnit } from '../../src/core/flexv/dotp-unit.ts';
import { laneWidth } from '../../src/core/flexv/formats.ts';
import { laneFormatOf } from '../../src/core/flexv/formats.ts';
import { FIRST_EXTENSION_FORMAT, VEC_FORMATS } from '../../src/isa/index.ts';
import { formatDot } from '../../src/iss/mixed.ts';
import { Random } from '../../src/sim/index.ts';
import { dotpFlat } from './designs/dotp-flat.ts';
import { dotpSeparate } from './designs/dotp-separate.ts';
import { cleanliness, EDGE_WORDS, emitUnit, hex, runBatch, u32, verilatorReady, yosysReady } from './helpers.ts';

interface Vector { format: number; fmtA: number; fmtB: number; signA: number; signB: number; idx: number; accumulate: number; a: number; b: number; acc: number }

/** The golden model's result under the vector's format value. */
const golden = (v: Vector): number => formatDot(v.format, v.idx, v.accumulate ? v.acc : 0, v.a, v.b, !!v.signA, !!v.signB);

/** Formats with lanes (1..13), as (value, lane-format code of A, of B). */
const FORMATS = VEC_FORMATS.filter((f) => f.act !== undefined).map((f) => ({ value: f.value, fmtA: laneFormatOf(f.act!), fmtB: laneFormatOf(f.wt!) }));

/** Per format code: every lane at its most negative value (sign bit only). */
const MOST_NEGATIVE = [0x80008000, 0x80808080, 0x88888888, 0xaaaaaaaa];

function vectors(rng: Random, perCase: number, formats: typeof FORMATS): Vector[] {
  const out: Vector[] = [];
  const word = () => (rng.chance(0.15) ? EDGE_WORDS[rng.below(EDGE_WORDS.length)]! : rng.u32());
  for (const { value: format, fmtA, fmtB } of formats)
    for (let signs = 0; signs < 4; signs++)
      for (let idx = 0; idx < 8; idx++)
        for (const accumulate of [0, 1])
          for (let k = 0; k < perCase; k++) {
            // The first two of each case are the extremes: every lane at its most negative, every bit set.
            const fixed = k === 0 ? [MOST_NEGATIVE[fmtA]!, MOST_NEGATIVE[fmtB]!] : k === 1 ? [0xffffffff, 0xffffffff] : [word(), word()];
            out.push({ format, fmtA, fmtB, signA: signs >> 1, signB: signs & 1, idx, accumulate, a: fixed[0]!, b: fixed[1]!, acc: rng.u32() });
          }
  return out;
}

// The unit itself, and the two architectures it was measured against (docs/datapath.md), which must
// compute the same function for the area comparison to mean anything.
const DESIGNS = [
  { gen: dotpUnit, top: 'flexv_dotp_unit', vectors: 12, extensionFormats: true },
  { gen: dotpUnit, top: 'flexv_dotp_unit', vectors: 4, extensionFormats: false },
  { gen: dotpSeparate, top: 'flexv_dotp_separate', vectors: 2, extensionFormats: true },
  { gen: dotpFlat, top: 'flexv_dotp_flat', vectors: 2, extensionFormats: true },
];

for (const design of DESIGNS) describe(`${design.top}${design.extensionFormats ? '' : ' without extension formats'}`, async () => {
  const { result, dir } = await emitUnit(design.gen, { extensionFormats: design.extensionFormats }, `${design.top}_${design.extensionFormats}`);
  const formats = FORMATS.filter((f) => design.extensionFormats || f.value < FIRST_EXTENSION_FORMAT);

  it('elaborates without warnings', () => {
    expect(result.warnings).toEqual([]);
    expect(result.top.startsWith(design.top)).toBe(true);
  });

  if (design.gen === dotpUnit && design.extensionFormats) it.skipIf(!verilatorReady || !yosysReady)('is Verilator -Wall and Yosys clean', async () => {
    expect(await cleanliness(dir, result.top)).toEqual({ lint: [], yosys: [] });
  });

  it.skipIf(!verilatorReady)('matches the golden model on every format pair, signedness, idx and accumulate', async () => {
    const vs = vectors(new Random(61), design.vectors, formats); // 13 formats x 4 signs x 8 idx x 2 x 12 = 9984 vectors for the unit
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
        failures.push(`format ${v.format}: a ${laneWidth(v.fmtA)}-bit${v.signA ? ' s' : ' u'} ${hex(v.a)}, b ${laneWidth(v.fmtB)}-bit${v.signB ? ' s' : ' u'} ${hex(v.b)}, idx ${v.idx}, acc ${v.accumulate ? hex(v.acc) : 'off'}: got ${hex(out.result_o![c]!)}, want ${hex(want)}`);
      }
    });
    expect(failures).toEqual([]);
    expect(vs.length).toBe(formats.length * 64 * design.vectors);
  });
});

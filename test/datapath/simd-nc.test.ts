// The nibble (.n) and crumb (.c) SIMD ALU on Verilator against the golden model's lane functions
// (map2, abs, splat of src/iss/lanes.ts), every operation in vector and .sc form, random and edge operands.
import { describe, expect, it } from 'vitest';
import { SIMD_NC_OPS, simdNc, type SimdNcOp } from '../../src/core/flexv/simd-nc.ts';
import { SimdOp } from '../../src/core/units/simd-alu.ts';
import { ALL_INSTRUCTIONS } from '../../src/isa/table.ts';
import { abs, map2, Op, splat } from '../../src/iss/lanes.ts';
import { Random } from '../../src/sim/index.ts';
import { cleanliness, EDGE_WORDS, emitUnit, hex, runBatch, u32, verilatorReady, yosysReady } from './helpers.ts';

/** The golden model's lane result of `op` (the lanes.ts op of the same name, capitalised). */
function golden(op: SimdNcOp, a: number, b: number, w: number, sc: boolean): number {
  if (op === 'abs') return abs(a, w);
  const code = (Op as Record<string, number>)[op[0]!.toUpperCase() + op.slice(1)];
  if (code === undefined) throw new Error(`no golden lane op for ${op}`);
  return map2(code, a, sc ? splat(b, w) : b, w);
}

describe('SIMD_NC_OPS', () => {
  it('are exactly the lane-by-lane (non-dot-product) .n/.c operations of the ISA table, each with a .sc form except abs', () => {
    const table = new Map<string, Set<string>>();
    for (const d of ALL_INSTRUCTIONS) {
      const r = /^pv\.([a-z]+)(\.sc)?\.([nc])$/.exec(d.id);
      // Dot products belong to the dot-product unit; pv.qnt.n walks a threshold tree in memory (not built here).
      if (!r || d.ext !== 'xpulpnn' || r[1]!.includes('dot') || r[1] === 'qnt') continue;
      if (!table.has(r[1]!)) table.set(r[1]!, new Set());
      table.get(r[1]!)!.add(`${r[2] ?? ''}.${r[3]}`);
    }
    expect([...table.keys()].sort()).toEqual([...SIMD_NC_OPS].sort());
    for (const op of SIMD_NC_OPS) expect([...table.get(op)!].sort()).toEqual(op === 'abs' ? ['.c', '.n'] : ['.c', '.n', '.sc.c', '.sc.n']);
  });
});

for (const width of [4, 2]) {
  describe(`flexv_simd_nc width=${width}`, async () => {
    const { result, dir } = await emitUnit(simdNc, { width }, `simd_nc_w${width}`);

    it('elaborates without warnings', () => expect(result.warnings).toEqual([]));

    it.skipIf(!verilatorReady || !yosysReady)('is Verilator -Wall and Yosys clean', async () => {
      expect(await cleanliness(dir, result.top)).toEqual({ lint: [], yosys: [] });
    });

    it.skipIf(!verilatorReady)('matches the golden model on every operation, vector and .sc', async () => {
      const rng = new Random(400 + width);
      const rows: Array<{ op: SimdNcOp; sc: number; a: number; b: number }> = [];
      const word = () => (rng.chance(0.2) ? EDGE_WORDS[rng.below(EDGE_WORDS.length)]! : rng.u32());
      for (const op of SIMD_NC_OPS) for (const sc of [0, 1]) for (let k = 0; k < 300; k++) rows.push({ op, sc, a: word(), b: word() });
      // Codes of the core's other SIMD operations (compares, shuffles...) are not this unit's: result 0.
      const foreign = Object.values(SimdOp).filter((c) => !SIMD_NC_OPS.some((o) => SimdOp[o] === c));
      const out = await runBatch(
        result,
        {
          op_i: [...rows.map((r) => SimdOp[r.op]), ...foreign],
          sc_i: [...rows.map((r) => r.sc), ...foreign.map(() => 0)],
          a_i: [...rows.map((r) => r.a), ...foreign.map(() => 0x12345678)],
          b_i: [...rows.map((r) => r.b), ...foreign.map(() => 0x9abcdef0)],
        },
        ['result_o'],
        400 + width,
      );
      const failures: string[] = [];
      rows.forEach((r, c) => {
        const want = u32(golden(r.op, r.a, r.b, width, r.sc === 1));
        if (out.result_o![c] !== want && failures.length < 5) failures.push(`${r.op}${r.sc ? '.sc' : ''} ${hex(r.a)}, ${hex(r.b)}: got ${hex(out.result_o![c]!)}, want ${hex(want)}`);
      });
      expect(failures).toEqual([]);
      expect(out.result_o!.slice(rows.length)).toEqual(foreign.map(() => 0n));
    });
  });
}

import { describe, expect, it } from 'vitest';
import { TCDM_BASE } from '../../src/platform/memory-map.ts';
import { Rng } from '../../src/randprog/rng.ts';
import { machine, put, trace } from './helpers.ts';

/**
 * pv.qnt.n against a rank formulation of the same tree: with sorted thresholds t0..t14 and rs2 -> t7, a
 * value v <= t7 quantises to -8 + #{i < 7 : t_i < v}, otherwise to #{7 < i : t_i < v}.
 */
function rankQuantise(v: number, t: number[]): number {
  const below = (lo: number, hi: number) => t.slice(lo, hi).filter((x) => x < v).length;
  return v <= t[7] ? -8 + below(0, 7) : below(8, 15);
}

describe('pv.qnt.n threshold-tree quantisation', () => {
  it('matches the rank formulation on random sorted thresholds and values', () => {
    const rng = new Rng(31);
    for (let round = 0; round < 40; round++) {
      const t = Array.from({ length: 15 }, () => rng.int(-32768, 32767)).sort((a, b) => a - b);
      const { mem, hart } = machine('xpulpnn');
      t.forEach((x, i) => mem.write(TCDM_BASE + 2 * i, 2, x));
      put(mem, [['pv.qnt.n', { rd: 5, rs1: 6, rs2: 7 }]]);
      const base = hart.pc;
      for (let k = 0; k < 20; k++) {
        const v = rng.chance(0.3) ? rng.pick(t) + rng.int(-1, 1) : rng.int(-32768, 32767);
        hart.x[6] = (rng.u32() & 0xffff0000) | (v & 0xffff); // the upper half is ignored
        hart.x[7] = TCDM_BASE + 14;
        hart.pc = base;
        const recs = trace(hart, 1);
        expect(hart.x[5], `v=${v} t=${t}`).toBe(rankQuantise(v, t));
        expect(recs[0].memCount).toBe(4);
      }
      // The compiled (fast) path: three quantisations in one block.
      const vs = [rng.int(-32768, 32767), t[3], t[11] + 1];
      const fast = machine('xpulpnn');
      t.forEach((x, i) => fast.mem.write(TCDM_BASE + 2 * i, 2, x));
      put(fast.mem, [10, 11, 12].map((rs1, i) => ['pv.qnt.n', { rd: 20 + i, rs1, rs2: 7 }] as [string, Record<string, number>]));
      vs.forEach((v, i) => (fast.hart.x[10 + i] = v));
      fast.hart.x[7] = TCDM_BASE + 14;
      fast.hart.run(3);
      expect([fast.hart.x[20], fast.hart.x[21], fast.hart.x[22]]).toEqual(vs.map((v) => rankQuantise(v, t)));
    }
  });
});

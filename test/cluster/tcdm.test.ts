// The TCDM (logarithmic interconnect + banks) on Verilator against its TypeScript model under random
// LSU-like traffic: every response, every counter, every cycle; plus properties of the RTL's own outputs.
import { describe, expect, it } from 'vitest';
import { describeFailures, runCheck } from '../../src/sim/verify/index.ts';
import { tcdmCheck } from '../../src/cluster/verify/tcdm-check.ts';
import { TcdmModel } from '../../src/cluster/verify/tcdm-model.ts';

const CYCLES = 3000;

describe('tcdm under random traffic', () => {
  const shapes = [
    { masters: 1, banks: 1, bankWords: 16 },
    { masters: 2, banks: 4, bankWords: 16 },
    { masters: 4, banks: 16, bankWords: 8 },
    { masters: 8, banks: 16, bankWords: 16 },
    { masters: 16, banks: 16, bankWords: 8 },
  ];
  it.each(shapes.map((s, i) => [`N=${s.masters} M=${s.banks}`, s, i] as const))('%s matches the model', async (_n, shape, i) => {
    const r = await runCheck(tcdmCheck(shape), { cycles: CYCLES, seed: 800 + i });
    expect(r.mismatches, describeFailures(r)).toBe(0);
    expect(r.uncovered, describeFailures(r)).toEqual([]);
  });

  it('survives every master hammering one bank (N=8 M=16)', async () => {
    const r = await runCheck(tcdmCheck({ masters: 8, banks: 16, bankWords: 16 }, 'hotspot'), { cycles: CYCLES, seed: 77 });
    expect(r.mismatches, describeFailures(r)).toBe(0);
    expect(r.uncovered, describeFailures(r)).toEqual([]);
  });
});

describe('the tcdm check can fail', () => {
  it('reports mismatches against a reference that arbitrates with a fixed priority', async () => {
    const check = tcdmCheck({ masters: 2, banks: 4, bankWords: 16 });
    const wrong = new TcdmModel({ masters: 2, banks: 4, bankWords: 16 });
    // a fixed-priority bank: the pointer never moves
    (wrong as unknown as { pointer: number[] }).pointer = new Proxy([0, 0, 0, 0], { set: () => true });
    const reference = check.reference;
    check.reference = () => {
      const r = reference();
      (r as unknown as { model: TcdmModel }).model = wrong;
      return r;
    };
    const r = await runCheck(check, { cycles: 1000, seed: 801 });
    expect(r.mismatches).toBeGreaterThan(0);
    expect(r.failures[0]).toMatch(/master_rsp_\d_gnt_o = \d, expected \d/);
  });
});

// The TCDM (logarithmic interconnect + banks) on Verilator against its TypeScript model under random
// LSU-like traffic: every response, every counter, every cycle; plus properties of the RTL's own outputs.
import { describe, expect, it } from 'vitest';
import { describeFailures, runCheck } from '../../src/sim/verify/index.ts';
import { tcdmCheck } from '../../src/cluster/verify/tcdm-check.ts';

const CYCLES = 3000;

describe('tcdm under random traffic', () => {
  const shapes = [
    { masters: 1, banks: 1, bankWords: 16 },
    { masters: 2, banks: 4, bankWords: 16 },
    { masters: 4, banks: 16, bankWords: 8 },
    { masters: 8, banks: 8, bankWords: 16 },
    { masters: 8, banks: 16, bankWords: 16 },
    { masters: 16, banks: 32, bankWords: 8 },
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

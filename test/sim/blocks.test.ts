// Every library block (src/blocks) on Verilator against its independent TypeScript reference model:
// thousands of seeded random cycles per parameter set, every compared output checked every cycle.
import { describe, expect, it } from 'vitest';
import { BLOCK_CHECKS, describeFailures, runCheck, type BlockCheck } from '../../src/sim/verify/index.ts';
import { paramText } from '../../src/sim/verify/check.ts';

const CYCLES = 5000;

for (const [block, checks] of Object.entries(BLOCK_CHECKS)) {
  describe(block, () => {
    it.each(checks.map((c: BlockCheck, i) => [paramText(c.params), c, i] as const))(
      '%s matches its reference model',
      async (_name, check, i) => {
        const r = await runCheck(check, { cycles: CYCLES, seed: 1000 + i });
        expect(r.mismatches, describeFailures(r)).toBe(0);
        expect(r.uncovered, describeFailures(r)).toEqual([]);
        expect(r.cycles).toBe(CYCLES);
      },
    );
  });
}

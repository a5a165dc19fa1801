// Cluster peripherals and event unit on Verilator against the TypeScript model: SPMD-like random traffic
// with barriers over changing core subsets, sleeping waits, software and DMA events, EOC, DMA routing.
import { describe, expect, it } from 'vitest';
import { describeFailures, runCheck } from '../../src/sim/verify/index.ts';
import { periphCheck } from '../../src/cluster/verify/periph-check.ts';

describe('cluster peripherals + event unit', () => {
  it.each([1, 2, 5, 8])('cores=%i matches the model', async (cores) => {
    const r = await runCheck(periphCheck(cores), { cycles: 4000, seed: 500 + cores });
    expect(r.mismatches, describeFailures(r)).toBe(0);
    expect(r.uncovered, describeFailures(r)).toEqual([]);
  });
});

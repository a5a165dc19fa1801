import { describe, expect, it } from 'vitest';
import { endDifference, type LockstepResult } from '../../src/cosim/lockstep.ts';
import { Memory } from '../../src/iss/memory.ts';

/** `endDifference` on the ends lockstep can see (the RTL runs are in cosim-cli.test.ts). */
describe('end state of a lockstep run', () => {
  const run = (end: Partial<NonNullable<LockstepResult['end']>> | undefined, goldEnd?: LockstepResult['goldEnd'], memoryDifference?: string): LockstepResult => ({
    compared: 10,
    seconds: 0,
    goldenMemory: new Memory(),
    end: end ? { reason: 'tohost', value: 1, cycles: 20, instret: 10, seconds: 0, cpuSeconds: 0, ...end } : undefined,
    ...(goldEnd ? { goldEnd } : {}),
    ...(memoryDifference ? { memoryDifference } : {}),
  });

  it('agrees when both end alike with the same memory', () => {
    expect(endDifference(run({}, { reason: 'tohost', value: 1 }))).toBeUndefined();
    expect(endDifference(run({ reason: 'limit' }))).toBeUndefined(); // neither ended: the cycle limit is the verdict
  });

  it('says which side ended without the other', () => {
    expect(endDifference(run({ reason: 'tohost', value: 1 }))).toBe('the core ended (tohost = 1) and the golden model did not: it never halted');
    expect(endDifference(run({ reason: 'limit', value: 0, cycles: 5000 }, { reason: 'tohost', value: 1 }))).toBe(
      'the golden model ended (tohost = 1) and the core did not: it ran to the cycle limit (5000 cycles)');
  });

  it('reports different ends and different memories', () => {
    expect(endDifference(run({ reason: 'eoc', value: 0 }, { reason: 'tohost', value: 1 }))).toBe('the golden model ended with tohost = 1, the core with eoc = 0');
    expect(endDifference(run({}, { reason: 'tohost', value: 1 }, 'the memories differ'))).toBe('the memories differ');
  });
});

import { describe, expect, it } from 'vitest';
import { CycleCounterCheck } from '../../src/cosim/counter-check.ts';

describe('cycle-counter plausibility (src/cosim/counter-check.ts)', () => {
  it('accepts a counter that runs with the harness', () => {
    const c = new CycleCounterCheck('mcycle');
    expect(c.read({ value: 5, order: 2, window: { from: 4, to: 5 } })).toBeUndefined();
    expect(c.read({ value: 9, order: 6, window: { from: 9, to: 9 } })).toBeUndefined();
    expect(c.read({ value: 0, high: true, order: 7, window: { from: 10, to: 10 } })).toBeUndefined();
  });

  it('rejects a stuck counter: fewer cycles than retired instructions', () => {
    const c = new CycleCounterCheck('mcycle');
    expect(c.read({ value: 100, order: 10 })).toBeUndefined();
    expect(c.read({ value: 100, order: 14 })).toMatch(/mcycle advanced by 0 over 4 retired instructions/);
    expect(c.read({ value: 103, order: 14 + 4 })).toMatch(/advanced by 3 over 8/);
  });

  it('rejects a counter that goes back, modulo 2^32 for the low word', () => {
    const c = new CycleCounterCheck('mcycle');
    expect(c.read({ value: 0xfffffff0, order: 1 })).toBeUndefined();
    expect(c.read({ value: 0x20, order: 3 })).toBeUndefined(); // wrapped forward
    expect(c.read({ value: 0x10, order: 4 })).toMatch(/went back: 16 after 32/);
    const h = new CycleCounterCheck('mcycle');
    expect(h.read({ value: 2, high: true, order: 1 })).toBeUndefined();
    expect(h.read({ value: 1, high: true, order: 2 })).toMatch(/high word went back/);
  });

  it("rejects a value outside the harness's window", () => {
    const c = new CycleCounterCheck('the peripheral cycle counter');
    expect(c.read({ value: 12, order: 3, window: { from: 20, to: 21 } })).toMatch(/the peripheral cycle counter read 12: the counter must show 20\.\.21 \(the harness's cycle count\)/);
    expect(c.read({ value: 1, high: true, order: 3, window: { from: 20, to: 21 } })).toMatch(/high word read 1/);
  });

  it('starts a new baseline after a write and stops comparing with the harness', () => {
    const c = new CycleCounterCheck('mcycle');
    expect(c.read({ value: 50, order: 10, window: { from: 50, to: 50 } })).toBeUndefined();
    c.written();
    expect(c.read({ value: 3, order: 11, window: { from: 51, to: 51 } })).toBeUndefined();
    expect(c.read({ value: 3, order: 15 })).toMatch(/advanced by 0 over 4/);
    // inhibited: the count may stand still
    c.written(true);
    expect(c.read({ value: 7, order: 20 })).toBeUndefined();
    expect(c.read({ value: 7, order: 30 })).toBeUndefined();
    c.written(false);
    expect(c.read({ value: 7, order: 31 })).toBeUndefined();
    expect(c.read({ value: 8, order: 33 })).toMatch(/advanced by 1 over 2/);
  });
});

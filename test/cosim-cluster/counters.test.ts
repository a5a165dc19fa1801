import { describe, expect, it } from 'vitest';
import { ClusterCounterCheck } from '../../src/cosim/cluster/counters.ts';
import { COUNTER_READ_LAG } from '../../src/cosim/counter-check.ts';
import { newCoreRetirement, type CoreRetirement } from '../../src/cosim/protocol.ts';
import { csrByName } from '../../src/isa/index.ts';
import { PERIPH, PERIPH_BASE } from '../../src/platform/memory-map.ts';

const csrRead = (name: string) => (csrByName(name)!.address << 20) | (2 << 12) | (10 << 7) | 0x73; // csrrs a0, csr, x0

function rec(o: { order: number; cycle: number; value: number; periph?: boolean; csr?: string; writes?: string[] }): CoreRetirement {
  const r = newCoreRetirement();
  r.order = o.order;
  r.cycle = o.cycle;
  r.rd = 10;
  r.rdValue = o.value;
  r.insn = csrRead(o.csr ?? 'mcycle');
  if (o.periph) {
    r.insn = 0x00452503; // lw a0, 4(a0)
    r.memCount = 1;
    r.mem[0] = { addr: PERIPH_BASE + PERIPH.cycles, data: o.value, mask: 0xf, write: false };
  }
  for (const w of o.writes ?? []) r.csr[r.csrCount++] = { addr: csrByName(w)!.address, value: 0 };
  return r;
}

describe('cycle-counter plausibility (ClusterCounterCheck)', () => {
  it('accepts reads equal to the harness cycle minus the lag, per core and counter', () => {
    const c = new ClusterCounterCheck(2);
    expect(c.check(0, rec({ order: 3, cycle: 10, value: 10 - COUNTER_READ_LAG }))).toBeUndefined();
    expect(c.check(0, rec({ order: 9, cycle: 30, value: 30 - COUNTER_READ_LAG, csr: 'cycle' }))).toBeUndefined();
    expect(c.check(1, rec({ order: 2, cycle: 12, value: 12 - COUNTER_READ_LAG, periph: true }))).toBeUndefined();
    expect(c.check(0, rec({ order: 10, cycle: 31, value: 0, csr: 'mcycleh' }))).toBeUndefined();
    expect(c.reads).toBe(4);
  });

  it('a stuck, early or late counter fails, naming the counter and both cycles', () => {
    const c = new ClusterCounterCheck(1);
    expect(c.check(0, rec({ order: 1, cycle: 20, value: 19, periph: true }))).toBeUndefined();
    expect(c.check(0, rec({ order: 5, cycle: 40, value: 19, periph: true }))).toMatch(/peripheral cycle counter read 19 .* retired in cycle 40: the counter must show 39/);
    expect(new ClusterCounterCheck(1).check(0, rec({ order: 1, cycle: 20, value: 20 }))).toMatch(/mcycle read 20/);
    expect(new ClusterCounterCheck(1).check(0, rec({ order: 1, cycle: 20, value: 1, csr: 'mcycleh' }))).toMatch(/high word read 1/);
  });

  it('after a write of mcycle only the bound holds: at least the instructions in between, never backwards', () => {
    const c = new ClusterCounterCheck(1);
    c.observeWrites(0, rec({ order: 1, cycle: 5, value: 0, writes: ['mcycle'] }));
    expect(c.check(0, rec({ order: 2, cycle: 50, value: 1000 }))).toBeUndefined();
    expect(c.check(0, rec({ order: 12, cycle: 70, value: 1010 }))).toBeUndefined();
    expect(c.check(0, rec({ order: 22, cycle: 90, value: 1015 }))).toMatch(/mcycle advanced by 5 over 10 retired instructions \(read 1010 at retirement 12, then 1015/);
    expect(c.check(0, rec({ order: 23, cycle: 91, value: 900 }))).toMatch(/mcycle went back: 900 after 1010/);
    // the peripheral counter cannot be written: still exact
    expect(c.check(0, rec({ order: 24, cycle: 92, value: 5, periph: true }))).toMatch(/must show 91/);
  });
});

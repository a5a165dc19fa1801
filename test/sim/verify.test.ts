// The verification itself can fail: a wrong block, a wrong reference and a starving arbiter are caught.
import { describe, expect, it } from 'vitest';
import { Bool, cat, indexWidth, module, UInt, type Expr } from '../../src/hdl/index.ts';
import { onehotToBinary } from '../../src/blocks/index.ts';
import { fifoCheck, rrArbiterCheck, runCheck } from '../../src/sim/verify/index.ts';
import { fairness } from '../../src/sim/verify/rr_arbiter.ts';
import type { Row } from '../../src/sim/verify/check.ts';

/** Same ports as the round-robin arbiter, but fixed priority (requester 0 first): unfair by design. */
const fixedPriorityArbiter = module('fixed_arbiter', (m, p: { n: number }) => {
  const req = m.input('req', UInt(p.n));
  const gnt = m.output('gnt', UInt(p.n));
  const gntIdx = m.output('gnt_idx', UInt(indexWidth(p.n)));
  const valid = m.output('valid', Bool());
  const bits: Expr[] = [];
  let blocked: Expr | undefined;
  for (let i = 0; i < p.n; i++) {
    bits.push(blocked ? req.bit(i).and(blocked.not()) : req.bit(i));
    blocked = blocked ? blocked.or(req.bit(i)) : req.bit(i);
  }
  const grant = m.named('grant', cat(...bits.reverse()));
  gnt.set(grant);
  gntIdx.set(onehotToBinary(grant));
  valid.set(req.orR());
  return { req, gnt, gnt_idx: gntIdx, valid };
});

describe('the block checks detect faults', () => {
  it('a fixed-priority arbiter fails the round-robin reference and starves requesters', async () => {
    const check = { ...rrArbiterCheck(4), generator: fixedPriorityArbiter };
    const r = await runCheck(check, { cycles: 2000, seed: 5 });
    expect(r.mismatches).toBeGreaterThan(0);
    expect(r.failures[0]).toMatch(/^cycle \d+: gnt_o = \S+, expected \S+ \(inputs req_i=\S+\)$/);
    expect(r.failures.some((f) => /requester \d starves/.test(f))).toBe(true);
  });

  it('a reference that disagrees with the RTL (FIFO of the wrong depth) is reported cycle by cycle', async () => {
    const right = fifoCheck(8, 4);
    const wrong = { ...right, reference: fifoCheck(8, 3).reference };
    const r = await runCheck(wrong, { cycles: 1000, seed: 3 });
    expect(r.mismatches).toBeGreaterThan(0);
    expect(r.failures.join('\n')).toMatch(/full_o = 0, expected 1/);
    expect((await runCheck(right, { cycles: 1000, seed: 3 })).mismatches).toBe(0);
  });

  it('fairness flags a requester kept waiting n cycles, a grant nobody asked for, a grant that is not one-hot', () => {
    const n = 3;
    const inputs: Row[] = Array.from({ length: 6 }, () => ({ req_i: 0b011n }));
    const starving: Row[] = inputs.map(() => ({ gnt_o: 0b001n }));
    expect(fairness(n)(inputs, starving)).toEqual([
      'requester 1 starves: requesting since cycle 0, not granted by cycle 3',
    ]);
    const alternating: Row[] = inputs.map((_, c) => ({ gnt_o: c % 2 ? 0b010n : 0b001n }));
    expect(fairness(n)(inputs, alternating)).toEqual([]);
    expect(fairness(n)([{ req_i: 0b001n }], [{ gnt_o: 0b100n }])[0]).toMatch(/did not request/);
    expect(fairness(n)([{ req_i: 0b011n }], [{ gnt_o: 0b011n }])[0]).toMatch(/not one-hot/);
  });
});

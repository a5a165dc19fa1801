import { Bool, cat, index, indexWidth, module, mux, UInt, type Expr } from '../hdl/index.ts';
import { onehotToBinary } from './onehot_encoder.ts';

/**
 * Round-robin arbiter for `n` requesters. `gnt` is one-hot (or zero when no request): the first requester
 * at or after the priority pointer, circularly. After each grant the pointer moves just past the granted
 * requester, so every waiting requester is served within n grants. The pointer starts at 0.
 * `gnt_idx` is the granted index (0 when none), `valid` is high when a grant is given.
 *
 * `advance: true` adds an input `advance`: the pointer moves only in cycles where it is high. For a user
 * whose grant can still be refused downstream (a mux in front of a slave that may not grant), so a
 * refused winner keeps its turn; without it such a user can starve a requester (the pointer passes it in
 * every refused cycle). With n = 1 there is no pointer and no such input.
 */
export const rrArbiter = module(
  'rr_arbiter',
  (m, p: { n: number; advance?: boolean }) => {
    m.require(Number.isInteger(p.n) && p.n >= 1, `n must be an integer >= 1, got ${p.n}`);
    const req = m.input('req', UInt(p.n));
    const gnt = m.output('gnt', UInt(p.n));
    const gntIdx = m.output('gnt_idx', UInt(indexWidth(p.n)));
    const valid = m.output('valid', Bool());
    if (p.n === 1) {
      // one requester (a 1-core cluster): nothing to arbitrate, no state
      gnt.set(req);
      gntIdx.set(0);
      valid.set(req);
      return { req, gnt, gnt_idx: gntIdx, valid };
    }
    const advance = p.advance ? m.input('advance', Bool()) : undefined;
    const prio = m.reg('prio', UInt(indexWidth(p.n)));

    // for each pointer value, the grant a fixed-priority search starting there would give
    const grantFrom = (start: number): Expr => {
      const bits: Expr[] = new Array(p.n);
      let blocked: Expr | undefined;
      for (let k = 0; k < p.n; k++) {
        const i = (start + k) % p.n;
        bits[i] = blocked ? req.bit(i).and(blocked.not()) : req.bit(i);
        blocked = blocked ? blocked.or(req.bit(i)) : req.bit(i);
      }
      return cat(...bits.reverse());
    };
    const candidates = Array.from({ length: p.n }, (_, s) => grantFrom(s));
    const grant = m.named('grant', index(candidates, prio));
    gnt.set(grant);
    valid.set(req.orR());

    gntIdx.set(onehotToBinary(grant));

    m.when(advance ? valid.and(advance) : valid, () => prio.setNext(mux(gntIdx.eq(p.n - 1), 0, gntIdx.add(1))));
    return { req, gnt, gnt_idx: gntIdx, valid, ...(advance ? { advance } : {}) };
  },
  { defaults: { n: 4 } },
);

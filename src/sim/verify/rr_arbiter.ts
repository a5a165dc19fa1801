import { rrArbiter } from '../../blocks/index.ts';
import { column, unreached, type BlockCheck, type ReferenceModel, type Row } from './check.ts';

/**
 * Reference of the round-robin arbiter: grant the first requester at or after the pointer (circularly);
 * after a grant the pointer moves just past the granted requester (with `advance`: only in cycles where the
 * advance input is high). The pointer starts at 0.
 */
class RrArbiterModel implements ReferenceModel {
  private pointer = 0;
  constructor(private readonly n: number, private readonly advance = false) {}

  cycle(i: Row): Row {
    const req = i.req_i;
    let granted = -1;
    for (let k = 0; k < this.n && granted < 0; k++) {
      const r = (this.pointer + k) % this.n;
      if ((req >> BigInt(r)) & 1n) granted = r;
    }
    if (granted < 0) return { gnt_o: 0n, gnt_idx_o: 0n, valid_o: 0n };
    if (!this.advance || i.advance_i === 1n) this.pointer = (granted + 1) % this.n;
    return { gnt_o: 1n << BigInt(granted), gnt_idx_o: BigInt(granted), valid_o: 1n };
  }
}

/**
 * Fairness of the RTL itself: a requester that keeps its request up is granted within n cycles (each
 * cycle with a request grants someone, and the pointer passes every waiting requester within n grants).
 * With `advance`, a grant counts only in a cycle with advance high (the others were refused downstream),
 * and the bound is n such cycles. Also: the grant is one-hot, granted requesters did request.
 */
export function fairness(n: number, advance = false) {
  return (inputs: Row[], outputs: Row[]): string[] => {
    const problems: string[] = [];
    const waitingSince = new Array<number>(n).fill(-1);
    let served = 0;
    for (let c = 0; c < inputs.length && problems.length < 5; c++) {
      const req = inputs[c].req_i;
      const gnt = outputs[c].gnt_o;
      const taken = !advance || inputs[c].advance_i === 1n;
      if (taken && gnt !== 0n) served++;
      if ((gnt & (gnt - 1n)) !== 0n) problems.push(`cycle ${c}: grant ${gnt.toString(2)} is not one-hot`);
      if ((gnt & ~req) !== 0n) problems.push(`cycle ${c}: grant ${gnt.toString(2)} to a requester that did not request (req ${req.toString(2)})`);
      for (let r = 0; r < n; r++) {
        const requesting = ((req >> BigInt(r)) & 1n) === 1n;
        const granted = taken && ((gnt >> BigInt(r)) & 1n) === 1n;
        if (!requesting || granted) {
          waitingSince[r] = -1;
          continue;
        }
        // waiting is measured in cycles, or with `advance` in grants taken by others
        const now = advance ? served : c;
        if (waitingSince[r] < 0) waitingSince[r] = now;
        if (now - waitingSince[r] >= n) {
          problems.push(`requester ${r} starves: requesting since ${advance ? 'grant' : 'cycle'} ${waitingSince[r]}, not granted by cycle ${c}`);
          waitingSince[r] = -1;
        }
      }
    }
    return problems;
  };
}

/** `advance`: the variant whose pointer moves only with its advance input (driven at random, 60 % high). */
export function rrArbiterCheck(n: number, advance = false): BlockCheck {
  return {
    block: 'rr_arbiter',
    params: advance ? { n, advance } : { n },
    generator: rrArbiter,
    outputs: ['gnt_o', 'gnt_idx_o', 'valid_o'],
    reference: () => new RrArbiterModel(n, advance),
    properties: fairness(n, advance),
    coverage: (inputs, outputs) =>
      unreached(inputs, outputs, {
        'all requesting at once': (i) => i.req_i === (1n << BigInt(n)) - 1n,
        // with one requester there is no contention to cover
        ...Object.fromEntries(
          Array.from({ length: n > 1 ? n : 0 }, (_, r) => [`requester ${r} granted against contention`, (i: Row, o: Row) =>
            o.gnt_o === 1n << BigInt(r) && (i.req_i & ~o.gnt_o) !== 0n]),
        ),
        'idle cycle': (i) => i.req_i === 0n,
      }),
    stimulus(rng, cycles) {
      // Requesters behave like masters: once they request they hold it until granted (as the reference
      // says they will be), with new requests arriving at random; every few hundred cycles a burst of
      // fully random request vectors (requests dropped before their grant) is mixed in.
      const model = new RrArbiterModel(n, advance);
      const taken = column(cycles, () => (advance && !rng.chance(0.6) ? 0 : 1));
      let pending = 0n;
      const inputs = {
        req_i: column(cycles, (c) => {
          let req: bigint;
          if (c % 512 >= 448) {
            req = BigInt(rng.bits(Math.min(n, 32)));
            pending = 0n;
          } else {
            for (let r = 0; r < n; r++) if (rng.chance(0.3)) pending |= 1n << BigInt(r);
            req = pending;
          }
          const gnt = model.cycle({ req_i: req, advance_i: BigInt(taken[c]!) }).gnt_o;
          if (taken[c]) pending &= ~gnt;
          return req;
        }),
      };
      return advance ? { ...inputs, advance_i: taken } : inputs;
    },
  };
}

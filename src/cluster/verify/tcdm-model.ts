import { applyByteEnables, type ObiRequest, type ObiResponse } from '../obi.ts';

export interface TcdmShape {
  masters: number;
  banks: number;
  bankWords: number;
}

export interface MasterCounters {
  requests: number;
  conflicts: number;
  stalls: number;
}

/** The response of a master in one cycle, and whether its `rdata` is defined (a read of a written word). */
export interface TcdmResponse extends ObiResponse {
  rdataDefined: boolean;
}

/**
 * Reference model of the TCDM (interconnect + banks), written from the documented protocol: word-interleaved
 * banks, one access per bank per cycle, round-robin per bank (the first requester at or after the bank's
 * pointer, circularly; the pointer then moves just past the winner), grant in the request cycle, response in
 * the next. Words never written are undefined (the RTL starts from random memory contents).
 */
export class TcdmModel {
  readonly words: Uint32Array;
  /** Per word, which bytes hold a written value (4 bits). */
  private readonly defined: Uint8Array;
  private readonly pointer: number[];
  private pending: Array<{ read: boolean; word: number } | undefined>;
  private stalledBefore: boolean[];
  readonly counters: MasterCounters[];

  constructor(readonly shape: TcdmShape) {
    const total = shape.banks * shape.bankWords;
    this.words = new Uint32Array(total);
    this.defined = new Uint8Array(total);
    this.pointer = new Array(shape.banks).fill(0);
    this.pending = new Array(shape.masters).fill(undefined);
    this.stalledBefore = new Array(shape.masters).fill(false);
    this.counters = Array.from({ length: shape.masters }, () => ({ requests: 0, conflicts: 0, stalls: 0 }));
  }

  /** Word index (bank-major interleaving folded back to a flat word address) of a byte address. */
  wordOf(addr: number): number {
    return (addr >>> 2) % (this.shape.banks * this.shape.bankWords);
  }

  bankOf(addr: number): number {
    return (addr >>> 2) % this.shape.banks;
  }

  /** Which masters the banks grant this cycle (without changing state). */
  grants(reqs: readonly ObiRequest[]): boolean[] {
    const n = this.shape.masters;
    const gnt = new Array<boolean>(n).fill(false);
    for (let b = 0; b < this.shape.banks; b++) {
      for (let k = 0; k < n; k++) {
        const i = (this.pointer[b]! + k) % n;
        if (reqs[i]!.req && this.bankOf(reqs[i]!.addr) === b) {
          gnt[i] = true;
          break;
        }
      }
    }
    return gnt;
  }

  /** One cycle: the responses shown in this cycle, then the clock edge. */
  cycle(reqs: readonly ObiRequest[]): TcdmResponse[] {
    const gnt = this.grants(reqs);
    const out: TcdmResponse[] = this.pending.map((p, i) => ({
      gnt: gnt[i]!,
      rvalid: p !== undefined,
      rdata: p?.read ? this.words[p.word]! : 0,
      rdataDefined: p?.read === true && this.defined[p.word] === 0xf,
    }));
    const next: typeof this.pending = new Array(this.shape.masters).fill(undefined);
    reqs.forEach((r, i) => {
      const c = this.counters[i]!;
      const stall = r.req && !gnt[i];
      if (stall) {
        c.stalls++;
        if (!this.stalledBefore[i]) c.conflicts++;
      }
      this.stalledBefore[i] = stall;
      if (!gnt[i]) return;
      c.requests++;
      const word = this.wordOf(r.addr);
      this.pointer[this.bankOf(r.addr)] = (i + 1) % this.shape.masters;
      next[i] = { read: !r.we, word };
    });
    // Writes land at the edge; reads answered next cycle see the memory after this cycle's writes, but a
    // bank serves one access per cycle, so no read and write of one word ever share a cycle.
    reqs.forEach((r, i) => {
      if (!gnt[i] || !r.we) return;
      const w = this.wordOf(r.addr);
      this.words[w] = applyByteEnables(this.words[w]!, r.wdata, r.be);
      this.defined[w] |= r.be;
    });
    this.pending = next;
    return out;
  }
}

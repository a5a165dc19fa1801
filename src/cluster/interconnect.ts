import { cat, clog2, index, indexWidth, module, orAll, UInt, Vec, type Expr, type Signal } from '../hdl/index.ts';
import { rrArbiter } from '../blocks/index.ts';
import { OBI_DATA_WIDTH, obiRequest, obiResponse } from './obi.ts';
import { MAX_MASTERS, requireCount, requirePowerOfTwo } from './params.ts';
import { bankRequest } from './tcdm-bank.ts';

export interface InterconnectParams {
  /** Master ports: cores, then DMA ports. */
  masters: number;
  /** TCDM banks (power of two). */
  banks: number;
  /** Words per bank (power of two). */
  bankWords: number;
}

/** Width of the per-master performance counters. */
export const COUNTER_WIDTH = 32;

/** Bit fields of a TCDM byte address: word-interleaved, so consecutive words go to consecutive banks. */
export function tcdmAddressFields(p: Pick<InterconnectParams, 'banks' | 'bankWords'>) {
  const bankBits = clog2(p.banks);
  const rowBits = clog2(p.bankWords);
  return { bankBits, rowBits, bankLo: 2, rowLo: 2 + bankBits, bytes: 4 * p.banks * p.bankWords };
}

export function validateInterconnect(m: Parameters<typeof requireCount>[0], p: InterconnectParams): void {
  requireCount(m, 'masters', p.masters, 1, MAX_MASTERS);
  requirePowerOfTwo(m, 'banks', p.banks, 1, 256);
  requirePowerOfTwo(m, 'bankWords', p.bankWords, 2, 1 << 20);
}

/**
 * Logarithmic interconnect: every master to every bank in one cycle. The bank is addr[2+log2(banks)-1:2]
 * and the row within it the bits above (address bits past the TCDM size are ignored: the cluster's
 * address decoder sends only TCDM addresses here). Each bank has a round-robin arbiter; the winner gets
 * `gnt` in its request cycle and its `rvalid` (and read data) in the next; a loser stalls (no `gnt`) and
 * retries. Counters per master: granted requests, conflicts (requests that were refused at least once)
 * and stall cycles (cycles with `req` and no `gnt`).
 */
export const logInterconnect = module(
  'log_interconnect',
  (m, p: InterconnectParams) => {
    validateInterconnect(m, p);
    const { bankBits, rowBits, rowLo } = tcdmAddressFields(p);
    const master = m.input('master', Vec(p.masters, obiRequest()));
    const masterRsp = m.output('master_rsp', Vec(p.masters, obiResponse()));
    const bank = m.output('bank', Vec(p.banks, bankRequest(p.bankWords)));
    const bankRdata = m.input('bank_rdata', Vec(p.banks, UInt(OBI_DATA_WIDTH)));
    const requests = m.output('requests', Vec(p.masters, UInt(COUNTER_WIDTH)));
    const conflicts = m.output('conflicts', Vec(p.masters, UInt(COUNTER_WIDTH)));
    const stalls = m.output('stalls', Vec(p.masters, UInt(COUNTER_WIDTH)));

    const targetOf = (i: number): Expr | number => (bankBits > 0 ? master[i]!.addr.bits(1 + bankBits, 2) : 0);
    const targets = master.map((_, i) => targetOf(i));
    const wants = (i: number, j: number): Expr =>
      typeof targets[i] === 'number' ? master[i]!.req : master[i]!.req.and((targets[i] as Expr).eq(j));

    const arbiters = m.instances(rrArbiter, { n: p.masters }, p.banks, 'bank_arbiter');
    arbiters.forEach((arb, j) => {
      arb.req.set(cat(...master.map((_, i) => wants(i, j)).reverse()));
      const winner = arb.gnt_idx;
      const b = bank[j]!;
      b.req.set(arb.valid);
      b.row.set(index(master.map((r) => r.addr.bits(rowLo + rowBits - 1, rowLo)), winner));
      b.we.set(index(master.map((r) => r.we), winner));
      b.be.set(index(master.map((r) => r.be), winner));
      b.wdata.set(index(master.map((r) => r.wdata), winner));
    });

    master.forEach((r, i) => {
      const gnt = m.named(`gnt_${i}`, orAll(arbiters.map((arb) => arb.gnt.bit(i))));
      const rsp = masterRsp[i]!;
      rsp.gnt.set(gnt);
      // the response comes from the bank granted last cycle
      const rvalid = m.regNext(`rvalid_${i}`, gnt);
      rsp.rvalid.set(rvalid);
      if (bankBits > 0) {
        const from = m.reg(`rsp_bank_${i}`, UInt(indexWidth(p.banks)));
        m.when(gnt, () => from.setNext(targets[i] as Expr));
        rsp.rdata.set(index(bankRdata, from));
      } else {
        rsp.rdata.set(bankRdata[0]!);
      }

      const stall = r.req.and(gnt.not());
      const stalledBefore = m.regNext(`stalled_${i}`, stall);
      const counter = (name: string, out: Signal, inc: Expr) => {
        const c = m.reg(`${name}_${i}`, UInt(COUNTER_WIDTH));
        m.when(inc, () => c.setNext(c.add(1)));
        out.set(c);
      };
      counter('requests', requests[i]!, gnt);
      counter('conflicts', conflicts[i]!, stall.and(stalledBefore.not()));
      counter('stalls', stalls[i]!, stall);
    });
    return { master, master_rsp: masterRsp, bank, bank_rdata: bankRdata, requests, conflicts, stalls };
  },
  { defaults: { masters: 4, banks: 8, bankWords: 256 } },
);

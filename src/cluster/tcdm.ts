import { module, UInt, Vec } from '../hdl/index.ts';
import { OBI_REQUEST_FIELDS, OBI_RESPONSE_FIELDS, obiRequest, obiResponse } from './obi.ts';
import { COUNTER_WIDTH, logInterconnect, validateInterconnect, type InterconnectParams } from './interconnect.ts';
import { tcdmBank } from './tcdm-bank.ts';

/**
 * The TCDM: `banks` banks behind the logarithmic interconnect, `masters` OBI ports. This is what the
 * fabric instantiates and what the interconnect's random-traffic test drives.
 */
export const tcdm = module(
  'tcdm',
  (m, p: InterconnectParams) => {
    validateInterconnect(m, p);
    const master = m.input('master', Vec(p.masters, obiRequest()));
    const masterRsp = m.output('master_rsp', Vec(p.masters, obiResponse()));
    const requests = m.output('requests', Vec(p.masters, UInt(COUNTER_WIDTH)));
    const conflicts = m.output('conflicts', Vec(p.masters, UInt(COUNTER_WIDTH)));
    const stalls = m.output('stalls', Vec(p.masters, UInt(COUNTER_WIDTH)));
    const xbar = m.instance(logInterconnect, p, 'interconnect');
    const banks = m.instances(tcdmBank, { words: p.bankWords }, p.banks, 'bank');
    master.forEach((r, i) => {
      for (const f of OBI_REQUEST_FIELDS) xbar.master[i]![f].set(r[f]);
      for (const f of OBI_RESPONSE_FIELDS) masterRsp[i]![f].set(xbar.master_rsp[i]![f]);
      requests[i]!.set(xbar.requests[i]!);
      conflicts[i]!.set(xbar.conflicts[i]!);
      stalls[i]!.set(xbar.stalls[i]!);
    });
    banks.forEach((b, j) => {
      for (const f of ['req', 'row', 'we', 'be', 'wdata'] as const) b.req[f].set(xbar.bank[j]![f]);
      xbar.bank_rdata[j]!.set(b.rdata);
    });
    return { master, master_rsp: masterRsp, requests, conflicts, stalls };
  },
  { defaults: { masters: 4, banks: 8, bankWords: 256 } },
);

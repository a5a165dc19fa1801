import { cat, indexWidth, index, module, Vec } from '../hdl/index.ts';
import { fifo, rrArbiter } from '../blocks/index.ts';
import { obiRequest, obiResponse } from './obi.ts';
import { MAX_MASTERS, requireCount } from './params.ts';

/**
 * `masters` OBI masters onto one slave port (the cluster's port to L2): round-robin among the requesters,
 * the winner's request goes to the slave and is granted when the slave grants (the round-robin pointer
 * moves only then, so a held request is served within `masters` slave grants however often the slave
 * refuses). The slave may answer with any latency, in order; a FIFO of the granted masters' indices
 * (`outstanding` deep) routes each response back, and no grant is given while it is full.
 */
export const obiMux = module(
  'obi_mux',
  (m, p: { masters: number; outstanding: number }) => {
    requireCount(m, 'masters', p.masters, 1, MAX_MASTERS + 1);
    requireCount(m, 'outstanding', p.outstanding, 1, 64);
    const n = p.masters;
    const master = m.input('master', Vec(n, obiRequest()));
    const masterRsp = m.output('master_rsp', Vec(n, obiResponse()));
    const slave = m.output('slave', obiRequest());
    const slaveRsp = m.input('slave_rsp', obiResponse());

    // the pointer moves only when the slave takes the winner's request: a refused winner keeps its turn
    const arb = m.instance(rrArbiter, { n, advance: true }, 'arbiter');
    const owners = m.instance(fifo, { width: indexWidth(n), depth: p.outstanding }, 'owners');
    arb.req.set(cat(...master.map((r) => r.req).reverse()));
    const winner = arb.gnt_idx;
    const room = owners.full.not();
    slave.req.set(arb.valid.and(room));
    slave.addr.set(index(master.map((r) => r.addr), winner));
    slave.we.set(index(master.map((r) => r.we), winner));
    slave.be.set(index(master.map((r) => r.be), winner));
    slave.wdata.set(index(master.map((r) => r.wdata), winner));
    const granted = arb.valid.and(room).and(slaveRsp.gnt);
    owners.push.set(granted);
    arb.advance?.set(granted);
    owners.wdata.set(winner);
    owners.pop.set(slaveRsp.rvalid);
    masterRsp.forEach((r, i) => {
      r.gnt.set(granted.and(arb.gnt.bit(i)));
      r.rvalid.set(slaveRsp.rvalid.and(owners.rdata.eq(i)));
      r.rdata.set(slaveRsp.rdata);
    });
    return { master, master_rsp: masterRsp, slave, slave_rsp: slaveRsp };
  },
  { defaults: { masters: 4, outstanding: 4 } },
);

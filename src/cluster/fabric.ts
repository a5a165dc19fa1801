import { Bool, clog2, Enum, type Expr, lit, module, mux, UInt, Vec } from '../hdl/index.ts';
import { PERIPH_BASE, PERIPH_SIZE, TCDM_BASE } from '../platform/memory-map.ts';
import { dma } from './dma.ts';
import { defaultClusterParams } from './cluster-params.ts';
import { COUNTER_WIDTH, validateInterconnect } from './interconnect.ts';
import { obiMux } from './obi-mux.ts';
import { OBI_DATA_WIDTH, OBI_REQUEST_FIELDS, OBI_RESPONSE_FIELDS, obiRequest, obiResponse, type ObiRequestSignals } from './obi.ts';
import { clusterPeriph } from './periph.ts';
import { MAX_MASTERS, requireCount } from './params.ts';
import { tcdm } from './tcdm.ts';

export interface FabricParams {
  cores: number;
  banks: number;
  bankWords: number;
  /** DMA read-ahead FIFO depth. */
  dmaFifoDepth: number;
  /** Responses the L2 port may owe at once. */
  l2Outstanding: number;
}

/** Where a core's access goes, decoded from its address. */
const TARGET_T = Enum('target', { tcdm: 0, periph: 1, l2: 2 }, { width: 2, prefix: 'TARGET' });
export const Target = TARGET_T.values;

/**
 * The cluster around the cores: each core's data port is decoded by address (TCDM window, peripheral
 * window, anything else to L2), so the TCDM (interconnect + banks; the DMA is its master N), the
 * peripherals (registers, event unit, DMA configuration) and the shared L2 port (cores and DMA,
 * round-robin) serve it. A core may keep several accesses in flight to one target, but an access to
 * another target waits (no grant) until those are answered, so its responses arrive in order.
 */
export const fabric = module(
  'cluster_fabric',
  (m, p: FabricParams) => {
    requireCount(m, 'cores', p.cores, 1, MAX_MASTERS - 1);
    validateInterconnect(m, { masters: p.cores + 1, banks: p.banks, bankWords: p.bankWords });
    m.require(4 * p.banks * p.bankWords <= PERIPH_BASE - TCDM_BASE, `TCDM of ${4 * p.banks * p.bankWords} bytes does not fit below the peripherals (${PERIPH_BASE - TCDM_BASE} bytes)`);
    const n = p.cores;
    const core = m.input('core', Vec(n, obiRequest()));
    const coreRsp = m.output('core_rsp', Vec(n, obiResponse()));
    const l2 = m.output('l2', obiRequest());
    const l2Rsp = m.input('l2_rsp', obiResponse());
    const eoc = m.output('eoc', Bool());
    const eocStatus = m.output('eoc_status', UInt(OBI_DATA_WIDTH));
    const sleeping = m.output('sleeping', UInt(n));
    const dmaBusy = m.output('dma_busy', Bool());
    const requests = m.output('tcdm_requests', Vec(n + 1, UInt(COUNTER_WIDTH)));
    const conflicts = m.output('tcdm_conflicts', Vec(n + 1, UInt(COUNTER_WIDTH)));
    const stalls = m.output('tcdm_stalls', Vec(n + 1, UInt(COUNTER_WIDTH)));

    const mem = m.instance(tcdm, { masters: n + 1, banks: p.banks, bankWords: p.bankWords }, 'tcdm');
    const periph = m.instance(clusterPeriph, { cores: n }, 'periph');
    const engine = m.instance(dma, { fifoDepth: p.dmaFifoDepth }, 'dma');
    const l2Mux = m.instance(obiMux, { masters: n + 1, outstanding: p.l2Outstanding }, 'l2_mux');

    const TCDM_TOP = TCDM_BASE + 4 * p.banks * p.bankWords;
    // a core's answers owed at once: the L2 port's limit, or the TCDM's and peripherals' one-cycle pipeline
    const pendingWidth = clog2(Math.max(p.l2Outstanding, 2) + 1) + 1;
    const forward = (dst: ObiRequestSignals, src: ObiRequestSignals, req: Expr) => {
      for (const f of OBI_REQUEST_FIELDS) if (f !== 'req') dst[f].set(src[f]);
      dst.req.set(req);
    };

    core.forEach((c, i) => {
      const inTcdm = c.addr.ge(TCDM_BASE).and(c.addr.lt(TCDM_TOP));
      const inPeriph = c.addr.ge(PERIPH_BASE).and(c.addr.lt(PERIPH_BASE + PERIPH_SIZE));
      const target = m.named(`target_${i}`, mux(inTcdm, lit(Target.tcdm, 2), mux(inPeriph, lit(Target.periph, 2), lit(Target.l2, 2))), TARGET_T);
      // responses in order: hold an access to another target while this core awaits answers
      const pending = m.reg(`pending_${i}`, UInt(pendingWidth));
      const last = m.reg(`last_target_${i}`, TARGET_T);
      const free = m.named(`route_free_${i}`, pending.eq(0).or(last.eq(target)));
      const to = (t: number) => c.req.and(free).and(target.eq(t));
      forward(mem.master[i]!, c, to(Target.tcdm));
      forward(periph.core[i]!, c, to(Target.periph));
      forward(l2Mux.master[i]!, c, to(Target.l2));
      const tr = mem.master_rsp[i]!;
      const pr = periph.core_rsp[i]!;
      const lr = l2Mux.master_rsp[i]!;
      const gnt = tr.gnt.or(pr.gnt).or(lr.gnt);
      const rvalid = tr.rvalid.or(pr.rvalid).or(lr.rvalid);
      m.when(gnt, () => last.setNext(target));
      pending.setNext(pending.add(gnt.zext(pendingWidth)).sub(rvalid.zext(pendingWidth)));
      const r = coreRsp[i]!;
      r.gnt.set(gnt);
      r.rvalid.set(rvalid);
      r.rdata.set(mux(last.eq(Target.tcdm), tr.rdata, mux(last.eq(Target.periph), pr.rdata, lr.rdata)));
    });

    // DMA: TCDM master n, L2 master n, configured through the peripherals, completion into the event unit
    forward(mem.master[n]!, engine.tcdm, engine.tcdm.req);
    forward(l2Mux.master[n]!, engine.ext, engine.ext.req);
    for (const f of OBI_RESPONSE_FIELDS) {
      engine.tcdm_rsp[f].set(mem.master_rsp[n]![f]);
      engine.ext_rsp[f].set(l2Mux.master_rsp[n]![f]);
    }
    forward(engine.cfg, periph.dma_cfg, periph.dma_cfg.req);
    for (const f of OBI_RESPONSE_FIELDS) periph.dma_cfg_rsp[f].set(engine.cfg_rsp[f]);
    periph.dma_done.set(engine.done);

    forward(l2, l2Mux.slave, l2Mux.slave.req);
    for (const f of OBI_RESPONSE_FIELDS) l2Mux.slave_rsp[f].set(l2Rsp[f]);

    eoc.set(periph.eoc);
    eocStatus.set(periph.eoc_status);
    sleeping.set(periph.sleeping);
    dmaBusy.set(engine.busy);
    for (let i = 0; i <= n; i++) {
      requests[i]!.set(mem.requests[i]!);
      conflicts[i]!.set(mem.conflicts[i]!);
      stalls[i]!.set(mem.stalls[i]!);
    }
    return {
      core, core_rsp: coreRsp, l2, l2_rsp: l2Rsp, eoc, eoc_status: eocStatus, sleeping, dma_busy: dmaBusy,
      tcdm_requests: requests, tcdm_conflicts: conflicts, tcdm_stalls: stalls,
    };
  },
  { defaults: fabricDefaults() },
);
export default fabric;

/** The fabric of the default cluster (src/cluster/cluster-params.ts). */
function fabricDefaults(): { cores: number; banks: number; bankWords: number; dmaFifoDepth: number; l2Outstanding: number } {
  const { cores, banks, bankWords, dmaFifoDepth, l2Outstanding } = defaultClusterParams();
  return { cores, banks, bankWords, dmaFifoDepth, l2Outstanding };
}

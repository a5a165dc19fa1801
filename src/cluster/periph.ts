import { Bool, cat, index, lit, module, mux, UInt, Vec } from '../hdl/index.ts';
import { CLUSTER_DEFAULTS } from './cluster-params.ts';
import { rrArbiter } from '../blocks/index.ts';
import { PERIPH } from '../platform/memory-map.ts';
import { eventUnit } from './event-unit.ts';
import { OBI_DATA_WIDTH, obiRequest, obiResponse } from './obi.ts';
import { MAX_MASTERS, requireCount } from './params.ts';

/**
 * Cluster peripheral registers, byte offsets from the peripheral base PERIPH_BASE (spec §6). `coreId` is a
 * flexv addition in the free word after the spec's three registers.
 */
export const PERIPH_REG = {
  coreCount: PERIPH.coreCount,
  cycles: PERIPH.cycles,
  eoc: PERIPH.eoc,
  /** RO: the index of the port (core) that reads it. */
  coreId: 0x0c,
} as const;

/** Windows inside the 4 KiB peripheral space, decoded on offset bits [11:8]. */
export const PERIPH_WINDOW = { regs: PERIPH.coreCount >> 8, eventUnit: PERIPH.eventUnit >> 8, dmaLo: PERIPH.dma >> 8, dmaHi: (PERIPH.dma >> 8) + 3 } as const;

/**
 * The cluster peripherals seen by `cores` ports: core count, cycle counter, end of computation, core id;
 * the event unit (a private port per core, so a barrier's arrivals all land in one cycle); and the DMA's
 * configuration port, shared, round-robin among the cores. Accesses to unmapped offsets are granted and
 * read as 0; writes there and to read-only registers are ignored. A core sleeping in the event unit is
 * granted nothing until it wakes, so its responses stay in order. The DMA's configuration slave must
 * answer in the cycle after its grant (the DMA here does).
 */
export const clusterPeriph = module(
  'cluster_periph',
  (m, p: { cores: number }) => {
    requireCount(m, 'cores', p.cores, 1, MAX_MASTERS);
    const n = p.cores;
    const core = m.input('core', Vec(n, obiRequest()));
    const rsp = m.output('core_rsp', Vec(n, obiResponse()));
    const dmaCfg = m.output('dma_cfg', obiRequest());
    const dmaCfgRsp = m.input('dma_cfg_rsp', obiResponse());
    const dmaDone = m.input('dma_done', Bool());
    const eoc = m.output('eoc', Bool());
    const eocStatus = m.output('eoc_status', UInt(OBI_DATA_WIDTH));
    const sleeping = m.output('sleeping', UInt(n));

    const cycles = m.reg('cycles', UInt(OBI_DATA_WIDTH));
    cycles.setNext(cycles.add(1));
    const eocQ = m.reg('eoc', Bool());
    const status = m.reg('eoc_status', UInt(OBI_DATA_WIDTH));
    eoc.set(eocQ);
    eocStatus.set(status);

    const eu = m.instance(eventUnit, { cores: n }, 'event_unit');
    eu.dma_done.set(dmaDone);
    sleeping.set(eu.sleeping);

    const window = core.map((c) => c.addr.bits(11, 8));
    const inRegs = (i: number) => window[i]!.eq(PERIPH_WINDOW.regs);
    const inEu = (i: number) => window[i]!.eq(PERIPH_WINDOW.eventUnit);
    const inDma = (i: number) => window[i]!.ge(PERIPH_WINDOW.dmaLo).and(window[i]!.le(PERIPH_WINDOW.dmaHi));
    const awake = (i: number) => eu.sleeping.bit(i).not();

    // DMA configuration: one shared port
    const dmaArb = m.instance(rrArbiter, { n }, 'dma_cfg_arbiter');
    dmaArb.req.set(cat(...core.map((c, i) => c.req.and(inDma(i)).and(awake(i))).reverse()));
    const winner = dmaArb.gnt_idx;
    dmaCfg.req.set(dmaArb.valid);
    dmaCfg.addr.set(index(core.map((c) => c.addr), winner));
    dmaCfg.we.set(index(core.map((c) => c.we), winner));
    dmaCfg.be.set(index(core.map((c) => c.be), winner));
    dmaCfg.wdata.set(index(core.map((c) => c.wdata), winner));

    // the lowest-numbered core writing the EOC register in a cycle sets the status
    for (let i = n - 1; i >= 0; i--) {
      const c = core[i]!;
      m.when(c.req.and(awake(i)).and(c.we).and(inRegs(i)).and(c.addr.bits(7, 2).eq(PERIPH_REG.eoc >> 2)), () => {
        eocQ.setNext(true);
        status.setNext(c.wdata);
      });
    }

    core.forEach((c, i) => {
      const e = eu.core[i]!;
      e.req.set(c.req.and(inEu(i)));
      e.offset.set(c.addr.bits(7, 2));
      e.we.set(c.we);
      e.wdata.set(c.wdata);

      const toDma = m.named(`to_dma_${i}`, dmaArb.gnt.bit(i).and(dmaCfgRsp.gnt));
      const plain = m.named(`plain_${i}`, c.req.and(awake(i)).and(inEu(i).not()).and(inDma(i).not()));
      const word = c.addr.bits(7, 2);
      const value = mux(inRegs(i).and(word.eq(PERIPH_REG.coreCount >> 2)), lit(n, OBI_DATA_WIDTH),
        mux(inRegs(i).and(word.eq(PERIPH_REG.cycles >> 2)), cycles,
          mux(inRegs(i).and(word.eq(PERIPH_REG.eoc >> 2)), status,
            mux(inRegs(i).and(word.eq(PERIPH_REG.coreId >> 2)), lit(i, OBI_DATA_WIDTH), lit(0, OBI_DATA_WIDTH)))));
      const plainValid = m.regNext(`plain_rvalid_${i}`, plain);
      const plainData = m.reg(`plain_rdata_${i}`, UInt(OBI_DATA_WIDTH));
      m.when(plain.and(c.we.not()), () => plainData.setNext(value));
      const fromDma = m.regNext(`dma_rvalid_${i}`, toDma);

      const r = rsp[i]!;
      r.gnt.set(plain.or(eu.core_rsp[i]!.gnt).or(toDma));
      r.rvalid.set(plainValid.or(eu.core_rsp[i]!.rvalid).or(fromDma.and(dmaCfgRsp.rvalid)));
      r.rdata.set(mux(plainValid, plainData, mux(fromDma, dmaCfgRsp.rdata, eu.core_rsp[i]!.rdata)));
    });
    return { core, core_rsp: rsp, dma_cfg: dmaCfg, dma_cfg_rsp: dmaCfgRsp, dma_done: dmaDone, eoc, eoc_status: eocStatus, sleeping };
  },
  { defaults: { cores: CLUSTER_DEFAULTS.cores } },
);

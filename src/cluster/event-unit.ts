import { EU_REG, EVENT, EVENT_BITS } from '../platform/memory-map.ts';
import { Bool, Bundle, cat, Enum, type Expr, lit, module, mux, orAll, UInt, Vec } from '../hdl/index.ts';
import { CLUSTER_DEFAULTS } from './cluster-params.ts';
import { OBI_DATA_WIDTH } from './obi.ts';
import { MAX_MASTERS, requireCount } from './params.ts';

// The register map and event lines are the memory map's (src/platform/memory-map.ts), shared with the golden model.
export { EU_REG, EVENT, EVENT_BITS };

/** Offset bits of the event unit window that select a register (word index 0..15). */
export const EU_OFFSET_BITS = 6;

/** The per-core access the peripheral decoder hands to the event unit (already inside its window). */
export const euRequest = () => Bundle({ req: Bool(), offset: UInt(EU_OFFSET_BITS), we: Bool(), wdata: UInt(OBI_DATA_WIDTH) });

/** What a core is waiting for (the wait register kinds). */
const WAIT_T = Enum('eu_wait', { none: 0, any: 1, anyClear: 2, barrier: 3 }, { width: 2, prefix: 'WAIT' });
const Wait = WAIT_T.values;

/**
 * The event unit: per-core event buffers, masks and sleeping wait registers, software events, and a
 * barrier over any subset of cores. A read of a wait register is granted at once but answered (`rvalid`)
 * only when the awaited event is there, so a core's `p.elw` load sleeps exactly as on PULP; plain
 * registers answer in the next cycle. While a core sleeps, its port grants nothing. Events raised in a
 * cycle (software trigger, barrier completion, `dma_done`) are seen by waits in the same cycle, so the
 * last core to arrive at a barrier and every sleeper get their answer in the next cycle.
 */
export const eventUnit = module(
  'event_unit',
  (m, p: { cores: number }) => {
    requireCount(m, 'cores', p.cores, 1, MAX_MASTERS);
    const n = p.cores;
    const core = m.input('core', Vec(n, euRequest()));
    const rsp = m.output('core_rsp', Vec(n, Bundle({ gnt: Bool(), rvalid: Bool(), rdata: UInt(OBI_DATA_WIDTH) })));
    const dmaDone = m.input('dma_done', Bool());
    const sleeping = m.output('sleeping', UInt(n));

    const mask = m.reg('evt_mask', Vec(n, UInt(EVENT_BITS)));
    const buffer = m.reg('evt_buffer', Vec(n, UInt(EVENT_BITS)));
    const waiting = m.reg('waiting', Vec(n, WAIT_T));
    const rvalid = m.reg('rvalid', Vec(n, Bool()));
    const rdata = m.reg('rdata', Vec(n, UInt(OBI_DATA_WIDTH)));
    const barrierMask = m.reg('barrier_mask', UInt(n), { reset: 2 ** n - 1 });
    const arrived = m.reg('arrived', UInt(n));

    const is = (i: number, off: number) => core[i]!.offset.eq(off >> 2);
    const accepted = core.map((c, i) => m.named(`accept_${i}`, c.req.and(waiting[i]!.eq(Wait.none))));
    const writes = (i: number, off: number) => accepted[i]!.and(core[i]!.we).and(is(i, off));
    const reads = (i: number, off: number) => accepted[i]!.and(core[i]!.we.not()).and(is(i, off));

    // software events: the OR of every core's trigger this cycle
    const swTargets = m.named('sw_targets', orAll(core.map((c, i) => mux(writes(i, EU_REG.swTrigger), c.wdata.bits(n - 1, 0), lit(0, n)))));
    // barrier: arrivals this cycle complete it when every core of the mask has arrived
    const arrivals = cat(...core.map((_, i) => writes(i, EU_REG.barrierTrigger).or(reads(i, EU_REG.barrierWait))).reverse());
    const arrivedNow = m.named('arrived_now', arrived.or(arrivals));
    const complete = m.named('barrier_complete', barrierMask.ne(0).and(arrivedNow.and(barrierMask).eq(barrierMask)));
    arrived.setNext(mux(complete, lit(0, n), arrivedNow));
    // the barrier mask: the lowest-numbered core writing it in a cycle wins
    for (let i = n - 1; i >= 0; i--) m.when(writes(i, EU_REG.barrierMask), () => barrierMask.setNext(core[i]!.wdata.bits(n - 1, 0)));

    const sleepBits: Expr[] = [];
    core.forEach((c, i) => {
      const bit = (e: number, on: Expr) => mux(on, lit(1 << e, EVENT_BITS), lit(0, EVENT_BITS));
      const raised = bit(EVENT.sw, swTargets.bit(i)).or(bit(EVENT.barrier, complete.and(barrierMask.bit(i)))).or(bit(EVENT.dma, dmaDone));
      const seen = m.named(`seen_${i}`, buffer[i]!.or(raised));
      const asked = mux(reads(i, EU_REG.wait), lit(Wait.any, 2), mux(reads(i, EU_REG.waitClear), lit(Wait.anyClear, 2), mux(reads(i, EU_REG.barrierWait), lit(Wait.barrier, 2), lit(Wait.none, 2))));
      const kind = m.named(`wait_kind_${i}`, mux(waiting[i]!.ne(Wait.none), waiting[i]!, asked), WAIT_T);
      const wanted = mux(kind.eq(Wait.barrier), lit(1 << EVENT.barrier, EVENT_BITS), mask[i]!);
      const hit = m.named(`hit_${i}`, seen.and(wanted));
      const wake = m.named(`wake_${i}`, kind.ne(Wait.none).and(hit.ne(0)));
      const consumed = mux(wake.and(kind.ne(Wait.any)), hit, lit(0, EVENT_BITS));
      const cleared = mux(writes(i, EU_REG.bufferClear), c.wdata.bits(EVENT_BITS - 1, 0), lit(0, EVENT_BITS));
      buffer[i]!.setNext(seen.and(consumed.or(cleared).not()));
      waiting[i]!.setNext(mux(wake, lit(Wait.none, 2), kind));
      m.when(writes(i, EU_REG.mask), () => mask[i]!.setNext(c.wdata.bits(EVENT_BITS - 1, 0)));

      // plain accesses answer next cycle; waits when they wake
      rvalid[i]!.setNext(accepted[i]!.and(asked.eq(Wait.none)).or(wake));
      const plain = mux(reads(i, EU_REG.mask), mask[i]!.zext(OBI_DATA_WIDTH),
        mux(reads(i, EU_REG.buffer), buffer[i]!.zext(OBI_DATA_WIDTH),
          mux(reads(i, EU_REG.barrierMask), barrierMask.zext(OBI_DATA_WIDTH), lit(0, OBI_DATA_WIDTH))));
      rdata[i]!.setNext(mux(wake, hit.zext(OBI_DATA_WIDTH), plain));

      rsp[i]!.gnt.set(accepted[i]!);
      rsp[i]!.rvalid.set(rvalid[i]!);
      rsp[i]!.rdata.set(rdata[i]!);
      sleepBits.push(waiting[i]!.ne(Wait.none));
    });
    sleeping.set(cat(...sleepBits.reverse()));
    return { core, core_rsp: rsp, dma_done: dmaDone, sleeping };
  },
  { defaults: { cores: CLUSTER_DEFAULTS.cores } },
);

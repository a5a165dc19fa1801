import type { BatchInputs } from '../../sim/simulator.ts';
import type { Random } from '../../sim/random.ts';
import { unreached, type BlockCheck, type ReferenceModel, type Row } from '../../sim/verify/check.ts';
import { PERIPH, PERIPH_BASE } from '../../platform/memory-map.ts';
import { EU_REG, EVENT } from '../event-unit.ts';
import { IDLE_REQUEST, OBI_REQUEST_FIELDS, type ObiRequest, type ObiResponse } from '../obi.ts';
import { clusterPeriph, PERIPH_REG } from '../periph.ts';
import { dontCareKey, outPort, requestFromRow, requestToRow, responsePorts, responseToRow } from './ports.ts';
import { PeriphModel, type PeriphOutputs } from './periph-model.ts';

const eu = (off: number) => PERIPH_BASE + PERIPH.eventUnit + off;
const reg = (off: number) => PERIPH_BASE + off;

function inputsOf(row: Row, n: number) {
  const reqs = Array.from({ length: n }, (_, i) => requestFromRow(row, 'core', i));
  const dma: ObiResponse = { gnt: row.dma_cfg_rsp_gnt_i === 1n, rvalid: row.dma_cfg_rsp_rvalid_i === 1n, rdata: Number(row.dma_cfg_rsp_rdata_i ?? 0n) };
  return { reqs, dma, dmaDone: row.dma_done_i === 1n };
}

function outputsToRow(o: PeriphOutputs): Row {
  const row: Row = {};
  o.core.forEach((r, i) => {
    responseToRow(row, 'core_rsp', i, r);
    if (!r.rvalid || !r.rdataDefined) row[dontCareKey(outPort('core_rsp', i, 'rdata'))] = 1n;
  });
  row.dma_cfg_req_o = o.dmaCfg.req ? 1n : 0n;
  row.dma_cfg_addr_o = BigInt(o.dmaCfg.addr >>> 0);
  row.dma_cfg_we_o = o.dmaCfg.we ? 1n : 0n;
  row.dma_cfg_be_o = BigInt(o.dmaCfg.be);
  row.dma_cfg_wdata_o = BigInt(o.dmaCfg.wdata >>> 0);
  row.eoc_o = o.eoc ? 1n : 0n;
  row.eoc_status_o = BigInt(o.eocStatus >>> 0);
  row.sleeping_o = BigInt(o.sleeping);
  return row;
}

/**
 * A core running SPMD-like code against the peripherals: one access at a time (the next after the
 * previous response), chosen at random among register reads, EOC writes, event masks, software events,
 * sleeping waits, barriers, barrier-mask changes and DMA register accesses. It only sleeps on what can
 * wake it: an event wait needs the DMA event in its mask (the test pulses `dma_done` now and
 * then), a barrier wait needs the core to be in the barrier mask, and the mask changes only while no
 * barrier is in progress.
 */
class PeriphCore {
  private current: ObiRequest = IDLE_REQUEST;
  private outstanding = false;
  constructor(private readonly rng: Random, private readonly id: number, private readonly model: PeriphModel) {}

  request(): ObiRequest {
    if (this.current.req || this.outstanding || !this.rng.chance(0.5)) return this.current;
    const rng = this.rng;
    const euState = this.model.eu;
    const n = euState.cores;
    const rd = (addr: number): ObiRequest => ({ req: true, addr, we: false, be: 0xf, wdata: rng.u32() });
    const wr = (addr: number, wdata: number): ObiRequest => ({ req: true, addr, we: true, be: 0xf, wdata: wdata >>> 0 });
    const inBarrier = ((euState.barrierMask >>> this.id) & 1) === 1;
    const canWait = ((euState.mask[this.id]! >> EVENT.dma) & 1) === 1;
    const quiet = euState.arrived === 0 && euState.waiting.every((w) => w === 0);
    const pick = rng.below(100);
    let r: ObiRequest;
    if (pick < 15) r = rd(reg([PERIPH_REG.coreCount, PERIPH_REG.cycles, PERIPH_REG.eoc, PERIPH_REG.coreId, 0x40][rng.below(5)]!));
    else if (pick < 18) r = wr(reg(PERIPH_REG.eoc), rng.u32());
    else if (pick < 28) r = wr(eu(EU_REG.mask), rng.below(8));
    else if (pick < 36) r = rd(eu([EU_REG.mask, EU_REG.buffer, EU_REG.barrierMask, 0x3c][rng.below(4)]!));
    else if (pick < 41) r = wr(eu(EU_REG.bufferClear), rng.below(8));
    else if (pick < 47) r = wr(eu(EU_REG.swTrigger), rng.u32());
    else if (pick < 57 && canWait) r = rd(eu(rng.chance(0.5) ? EU_REG.wait : EU_REG.waitClear));
    else if (pick < 75 && inBarrier) r = rd(eu(EU_REG.barrierWait));
    else if (pick < 79) r = wr(eu(EU_REG.barrierTrigger), 0);
    else if (pick < 82 && quiet) r = wr(eu(EU_REG.barrierMask), rng.chance(0.3) ? 0xffff_ffff : 1 + rng.below(2 ** n - 1));
    else if (pick < 92) r = rng.chance(0.5) ? rd(reg(PERIPH.dma + 4 * rng.below(16))) : wr(reg(PERIPH.dma + 4 * rng.below(16)), rng.u32());
    else r = rd(reg(0x200 + 4 * rng.below(64)));
    this.current = r;
    return r;
  }

  after(rsp: ObiResponse): void {
    if (rsp.rvalid) this.outstanding = false;
    if (rsp.gnt) {
      this.current = IDLE_REQUEST;
      this.outstanding = true;
    }
  }
}

class PeriphReference implements ReferenceModel {
  private readonly model: PeriphModel;
  constructor(private readonly n: number) {
    this.model = new PeriphModel(n);
  }
  cycle(inputs: Row): Row {
    const { reqs, dma, dmaDone } = inputsOf(inputs, this.n);
    return outputsToRow(this.model.cycle(reqs, dma, dmaDone));
  }
}

/** The cluster peripherals (with the event unit) under SPMD-like random traffic from `cores` cores. */
export function periphCheck(cores: number): BlockCheck {
  const n = cores;
  return {
    block: 'cluster_periph',
    params: { cores },
    generator: clusterPeriph,
    outputs: [
      ...responsePorts('core_rsp', n),
      ...OBI_REQUEST_FIELDS.map((f) => `dma_cfg_${f}_o`),
      'eoc_o',
      'eoc_status_o',
      'sleeping_o',
    ],
    reference: () => new PeriphReference(n),
    dontCare: (port, expected) =>
      expected[dontCareKey(port)] === 1n || (port.startsWith('dma_cfg_') && port !== 'dma_cfg_req_o' && expected.dma_cfg_req_o === 0n),
    coverage: (inputs, outputs) => {
      const all = (2n ** BigInt(n)) - 1n;
      return unreached(inputs, outputs, {
        'a core sleeping': (_i, o) => o.sleeping_o !== 0n,
        ...(n > 1 ? { 'all cores sleeping at once': (_i: Row, o: Row) => o.sleeping_o === all } : {}),
        'end of computation': (_i, o) => o.eoc_o === 1n,
        'a DMA register access': (_i, o) => o.dma_cfg_req_o === 1n,
      });
    },
    stimulus(rng, cycles): BatchInputs {
      const model = new PeriphModel(n);
      const coresGen = Array.from({ length: n }, (_, i) => new PeriphCore(rng, i, model));
      const columns: Record<string, bigint[]> = {};
      const push = (name: string, v: bigint) => (columns[name] ??= []).push(v);
      let dmaPending = false;
      let barriers = 0;
      let subsetBarriers = 0;
      for (let c = 0; c < cycles; c++) {
        const reqs = coresGen.map((g) => g.request());
        // the DMA configuration slave: always ready, answers next cycle with random data
        const dma: ObiResponse = { gnt: true, rvalid: dmaPending, rdata: rng.u32() };
        const dmaDone = rng.chance(0.02);
        const row: Row = {};
        reqs.forEach((r, i) => requestToRow(row, 'core', i, r));
        row.dma_cfg_rsp_gnt_i = 1n;
        row.dma_cfg_rsp_rvalid_i = dma.rvalid ? 1n : 0n;
        row.dma_cfg_rsp_rdata_i = BigInt(dma.rdata >>> 0);
        row.dma_done_i = dmaDone ? 1n : 0n;
        const before = model.eu.barriersCompleted;
        const out = model.cycle(reqs, dma, dmaDone);
        const completed = model.eu.barriersCompleted - before;
        barriers += completed;
        if (completed && model.eu.lastCompletedMask !== model.eu.coreBits) subsetBarriers++;
        dmaPending = out.dmaCfg.req;
        out.core.forEach((r, i) => coresGen[i]!.after(r));
        for (const [k, v] of Object.entries(row)) push(k, v);
      }
      // the stimulus must have exercised what this check is for
      if (barriers < 3 || (n > 1 && subsetBarriers < 1)) throw new Error(`periph stimulus reached only ${barriers} barriers (${subsetBarriers} over a subset of the cores) in ${cycles} cycles`);
      return columns;
    },
  };
}

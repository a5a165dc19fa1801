import type { Simulator } from '../../sim/index.ts';
import { PERIPH } from '../../platform/memory-map.ts';
import { DMA_REG } from '../dma.ts';
import { IDLE_REQUEST, OBI_REQUEST_FIELDS, type ObiRequest } from '../obi.ts';
import type { DmaTransfer } from './dma-model.ts';
import type { MemorySlave } from './memory-slave.ts';


/** What the DMA showed in one cycle. */
export interface DmaCycle {
  cfgRvalid: boolean;
  cfgRdata: number;
  done: boolean;
  busy: boolean;
}

/**
 * Drives the DMA RTL cycle by cycle from TypeScript: its two master ports are served by memory slaves
 * (the TCDM side and L2), its configuration port by `cfg` requests. One simulator round trip per cycle.
 */
export class DmaBench {
  cycles = 0;
  doneCycles: number[] = [];

  constructor(
    readonly sim: Simulator,
    readonly tcdm: MemorySlave,
    readonly ext: MemorySlave,
  ) {}

  private async request(port: string): Promise<ObiRequest> {
    const [req, addr, we, be, wdata] = await Promise.all(OBI_REQUEST_FIELDS.map((f) => this.sim.peek(`${port}_${f}_o`)));
    return { req: req === 1n, addr: Number(addr), we: we === 1n, be: Number(be), wdata: Number(wdata) };
  }

  async cycle(cfg: ObiRequest = IDLE_REQUEST): Promise<DmaCycle> {
    const s = this.sim;
    for (const [name, slave] of [['tcdm', this.tcdm], ['ext', this.ext]] as const) {
      const r = slave.response();
      s.poke(`${name}_rsp_rvalid_i`, r.rvalid ? 1 : 0);
      s.poke(`${name}_rsp_rdata_i`, r.rdata >>> 0);
    }
    for (const f of OBI_REQUEST_FIELDS) s.poke(`cfg_${f}_i`, typeof cfg[f] === 'boolean' ? (cfg[f] ? 1 : 0) : (cfg[f] as number) >>> 0);
    const [t, e, cfgRvalid, cfgRdata, done, busy] = await Promise.all([
      this.request('tcdm'), this.request('ext'), s.peek('cfg_rsp_rvalid_o'), s.peek('cfg_rsp_rdata_o'), s.peek('done_o'), s.peek('busy_o'),
    ]);
    s.poke('tcdm_rsp_gnt_i', this.tcdm.grant(t) ? 1 : 0);
    s.poke('ext_rsp_gnt_i', this.ext.grant(e) ? 1 : 0);
    s.step();
    this.tcdm.tick();
    this.ext.tick();
    if (done === 1n) this.doneCycles.push(this.cycles);
    this.cycles++;
    return { cfgRvalid: cfgRvalid === 1n, cfgRdata: Number(cfgRdata), done: done === 1n, busy: busy === 1n };
  }

  /** A register write through the configuration port (granted at once, answered next cycle). */
  async write(off: number, value: number): Promise<void> {
    await this.cycle({ req: true, addr: PERIPH.dma + off, we: true, be: 0xf, wdata: value >>> 0 });
  }

  async read(off: number): Promise<number> {
    await this.cycle({ req: true, addr: PERIPH.dma + off, we: false, be: 0xf, wdata: 0 });
    const r = await this.cycle();
    if (!r.cfgRvalid) throw new Error(`DMA register 0x${off.toString(16)}: no response in the cycle after the grant`);
    return r.cfgRdata >>> 0;
  }

  async configure(t: DmaTransfer): Promise<void> {
    await this.write(DMA_REG.src, t.src);
    await this.write(DMA_REG.dst, t.dst);
    await this.write(DMA_REG.len, t.len);
    await this.write(DMA_REG.srcStride, t.srcStride);
    await this.write(DMA_REG.dstStride, t.dstStride);
    await this.write(DMA_REG.rows, t.rows);
  }

  /** Runs until `done` (or `maxCycles`); returns the cycles from start to done. */
  async runUntilDone(maxCycles: number): Promise<number> {
    const before = this.doneCycles.length;
    const from = this.cycles;
    while (this.doneCycles.length === before) {
      if (this.cycles - from > maxCycles) throw new Error(`DMA not done after ${maxCycles} cycles`);
      await this.cycle();
    }
    return this.cycles - from;
  }
}

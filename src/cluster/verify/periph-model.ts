import { PERIPH } from '../../platform/memory-map.ts';
import { EventUnitModel } from './event-unit-model.ts';
import { PERIPH_REG, PERIPH_WINDOW } from '../periph.ts';
import { IDLE_REQUEST, type ObiRequest, type ObiResponse } from '../obi.ts';

export interface PeriphOutputs {
  /** `rdataDefined`: false for the response of a plain register write (OBI leaves its rdata open). */
  core: Array<ObiResponse & { rdataDefined: boolean }>;
  dmaCfg: ObiRequest;
  eoc: boolean;
  eocStatus: number;
  sleeping: number;
}

/**
 * Reference of the cluster peripherals (registers, event unit, DMA configuration routing) from their
 * documented behaviour; see src/cluster/periph.ts.
 */
export class PeriphModel {
  readonly eu: EventUnitModel;
  private cycles = 0;
  private eoc = false;
  private status = 0;
  private dmaPointer = 0;
  private plain: Array<{ data: number; defined: boolean } | undefined>;
  private fromDma: boolean[];

  constructor(readonly cores: number) {
    this.eu = new EventUnitModel(cores);
    this.plain = new Array(cores).fill(undefined);
    this.fromDma = new Array(cores).fill(false);
  }

  static window(addr: number): number {
    return (addr >>> 8) & 0xf;
  }

  /** The DMA configuration request the peripherals issue this cycle, and which core it belongs to. */
  dmaWinner(reqs: readonly ObiRequest[]): number {
    const n = this.cores;
    for (let k = 0; k < n; k++) {
      const i = (this.dmaPointer + k) % n;
      const r = reqs[i]!;
      const w = PeriphModel.window(r.addr);
      if (r.req && !this.eu.sleeping(i) && w >= PERIPH_WINDOW.dmaLo && w <= PERIPH_WINDOW.dmaHi) return i;
    }
    return -1;
  }

  cycle(reqs: readonly ObiRequest[], dmaRsp: ObiResponse, dmaDone: boolean): PeriphOutputs {
    const n = this.cores;
    const winner = this.dmaWinner(reqs);
    const sleeping = Array.from({ length: n }, (_, i) => this.eu.sleeping(i));
    const euRsp = this.eu.cycle(
      reqs.map((r) => ({ req: r.req && PeriphModel.window(r.addr) === PERIPH_WINDOW.eventUnit, offset: (r.addr >>> 2) & 0x3f, we: r.we, wdata: r.wdata })),
      dmaDone,
    );
    const out: PeriphOutputs = {
      core: [],
      dmaCfg: winner >= 0 ? reqs[winner]! : IDLE_REQUEST,
      eoc: this.eoc,
      eocStatus: this.status,
      sleeping: sleeping.reduce((acc, s, i) => acc | ((s ? 1 : 0) << i), 0) >>> 0,
    };
    let eocWriter = -1;
    const nextPlain: typeof this.plain = new Array(n).fill(undefined);
    const nextFromDma: boolean[] = new Array(n).fill(false);
    for (let i = 0; i < n; i++) {
      const r = reqs[i]!;
      const w = PeriphModel.window(r.addr);
      const inDma = w >= PERIPH_WINDOW.dmaLo && w <= PERIPH_WINDOW.dmaHi;
      const plain = r.req && !sleeping[i] && w !== PERIPH_WINDOW.eventUnit && !inDma;
      const toDma = winner === i && dmaRsp.gnt;
      out.core.push({
        gnt: plain || euRsp[i]!.gnt || toDma,
        rvalid: this.plain[i] !== undefined || euRsp[i]!.rvalid || (this.fromDma[i]! && dmaRsp.rvalid),
        rdata: this.plain[i] !== undefined ? this.plain[i]!.data : this.fromDma[i] ? dmaRsp.rdata : euRsp[i]!.rdata,
        rdataDefined: this.plain[i]?.defined ?? true,
      });
      if (plain) {
        const word = (r.addr & 0xff) >>> 2;
        const inRegs = w === PERIPH_WINDOW.regs;
        let value = 0;
        if (inRegs && word === PERIPH_REG.coreCount >> 2) value = n;
        else if (inRegs && word === PERIPH_REG.cycles >> 2) value = this.cycles;
        else if (inRegs && word === PERIPH_REG.eoc >> 2) value = this.status;
        else if (inRegs && word === PERIPH_REG.coreId >> 2) value = i;
        nextPlain[i] = { data: value, defined: !r.we };
        if (r.we && inRegs && word === PERIPH.eoc >> 2 && eocWriter < 0) eocWriter = i;
      }
      nextFromDma[i] = toDma;
    }
    if (winner >= 0) this.dmaPointer = (winner + 1) % n;
    if (eocWriter >= 0) {
      this.eoc = true;
      this.status = reqs[eocWriter]!.wdata >>> 0;
    }
    this.cycles = (this.cycles + 1) >>> 0;
    this.plain = nextPlain;
    this.fromDma = nextFromDma;
    return out;
  }
}

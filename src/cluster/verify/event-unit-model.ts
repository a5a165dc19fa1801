import { EU_REG, EVENT } from '../event-unit.ts';

/** One core's access to the event unit in a cycle (offset inside its window). */
export interface EuAccess {
  req: boolean;
  offset: number;
  we: boolean;
  wdata: number;
}

export interface EuResponse {
  gnt: boolean;
  rvalid: boolean;
  rdata: number;
}

const enum Wait {
  none,
  any,
  anyClear,
  barrier,
}

const ALL_EVENTS = (1 << 3) - 1;

/**
 * Reference of the event unit, from its documented register map and timing: plain registers answer in
 * the next cycle; a wait register is granted at once and answered in the cycle after its event is seen;
 * events raised in a cycle (software trigger, barrier completion, DMA done) are seen by waits in that
 * cycle; a sleeping core is granted nothing.
 */
export class EventUnitModel {
  readonly mask: number[];
  readonly buffer: number[];
  readonly waiting: Wait[];
  private readonly response: Array<{ data: number } | undefined>;
  barrierMask: number;
  arrived = 0;
  /** Barrier completions so far and the mask of the last one (for coverage). */
  barriersCompleted = 0;
  lastCompletedMask = 0;

  constructor(readonly cores: number) {
    this.mask = new Array(cores).fill(0);
    this.buffer = new Array(cores).fill(0);
    this.waiting = new Array(cores).fill(Wait.none);
    this.response = new Array(cores).fill(undefined);
    this.barrierMask = cores === 32 ? 0xffff_ffff : (1 << cores) - 1;
  }

  get coreBits(): number {
    return this.cores === 32 ? 0xffff_ffff : (1 << this.cores) - 1;
  }

  sleeping(i: number): boolean {
    return this.waiting[i] !== Wait.none;
  }

  cycle(acc: readonly EuAccess[], dmaDone: boolean): EuResponse[] {
    const n = this.cores;
    const out: EuResponse[] = acc.map((a, i) => ({
      gnt: a.req && !this.sleeping(i),
      rvalid: this.response[i] !== undefined,
      rdata: this.response[i]?.data ?? 0,
    }));
    const accepted = out.map((o) => o.gnt);
    const writes = (i: number, off: number) => accepted[i] && acc[i]!.we && acc[i]!.offset === off >> 2;
    const reads = (i: number, off: number) => accepted[i] && !acc[i]!.we && acc[i]!.offset === off >> 2;

    let swTargets = 0;
    let arrivals = 0;
    for (let i = 0; i < n; i++) {
      if (writes(i, EU_REG.swTrigger)) swTargets |= acc[i]!.wdata & this.coreBits;
      if (writes(i, EU_REG.barrierTrigger) || reads(i, EU_REG.barrierWait)) arrivals |= 1 << i;
    }
    const arrivedNow = (this.arrived | arrivals) >>> 0;
    const complete = this.barrierMask !== 0 && ((arrivedNow & this.barrierMask) >>> 0) === this.barrierMask >>> 0;
    if (complete) {
      this.barriersCompleted++;
      this.lastCompletedMask = this.barrierMask;
    }
    this.arrived = complete ? 0 : arrivedNow;
    const oldBarrierMask = this.barrierMask;
    for (let i = 0; i < n; i++) {
      if (writes(i, EU_REG.barrierMask)) {
        this.barrierMask = (acc[i]!.wdata & this.coreBits) >>> 0;
        break;
      }
    }

    for (let i = 0; i < n; i++) {
      const a = acc[i]!;
      const raised =
        (((swTargets >>> i) & 1) << EVENT.sw) |
        ((complete && ((oldBarrierMask >>> i) & 1) ? 1 : 0) << EVENT.barrier) |
        ((dmaDone ? 1 : 0) << EVENT.dma);
      const seen = this.buffer[i]! | raised;
      const asked = reads(i, EU_REG.wait) ? Wait.any : reads(i, EU_REG.waitClear) ? Wait.anyClear : reads(i, EU_REG.barrierWait) ? Wait.barrier : Wait.none;
      const kind = this.waiting[i] !== Wait.none ? this.waiting[i]! : asked;
      const wanted = kind === Wait.barrier ? 1 << EVENT.barrier : this.mask[i]!;
      const hit = seen & wanted;
      const wake = kind !== Wait.none && hit !== 0;
      const consumed = wake && kind !== Wait.any ? hit : 0;
      const cleared = writes(i, EU_REG.bufferClear) ? a.wdata & ALL_EVENTS : 0;
      const plainValue = reads(i, EU_REG.mask) ? this.mask[i]! : reads(i, EU_REG.buffer) ? this.buffer[i]! : reads(i, EU_REG.barrierMask) ? oldBarrierMask : 0;
      this.buffer[i] = seen & ~(consumed | cleared) & ALL_EVENTS;
      this.waiting[i] = wake ? Wait.none : kind;
      if (writes(i, EU_REG.mask)) this.mask[i] = a.wdata & ALL_EVENTS;
      this.response[i] = (accepted[i] && asked === Wait.none) || wake ? { data: wake ? hit : plainValue } : undefined;
    }
    return out;
  }
}

import { EU_REG, EVENT, EVENT_BITS } from '../../platform/memory-map.ts';
import { SLEEP } from '../memory.ts';

/** What a core is sleeping on (it issued a wait read that could not be answered yet). */
export const enum WaitKind {
  none = 0,
  /** EVT_WAIT: pending & mask. */
  any = 1,
  /** EVT_WAIT_CLEAR: pending & mask, cleared when answered. */
  anyClear = 2,
  /** BARRIER_WAIT: the barrier event, cleared when answered. */
  barrier = 3,
}

export const WAIT_NAMES = ['none', 'EVT_WAIT', 'EVT_WAIT_CLEAR', 'BARRIER_WAIT'] as const;

const ALL_EVENTS = (1 << EVENT_BITS) - 1;
const SW = 1 << EVENT.sw;
const BARRIER = 1 << EVENT.barrier;

/**
 * The golden event unit (docs/cluster.md): per-core mask and event buffer, sleeping waits, software events
 * by core mask, one barrier with a participant mask. Accesses are atomic and applied in the order they
 * come; a *cycle* groups the accesses the RTL performs in one clock cycle so that same-cycle rules match
 * the RTL (see `grouped`, `endAccesses`, `endCycle`). Free-running, every access is a cycle of its own.
 *
 * A wait that cannot be answered returns SLEEP and remembers the core is waiting (a barrier arrival is
 * counted once); the hart re-executes the same load later, and the read answers when the condition holds
 * (`wouldWake`). The answer is computed then, not when the event was raised, so it holds every event of
 * the cycle that woke it, as the RTL's does.
 */
export class EventUnit {
  readonly mask: Uint32Array;
  readonly buffer: Uint32Array;
  readonly waiting: Uint8Array;
  /** Cores taking part in the barrier, as seen by this cycle's accesses. */
  barrierMask: number;
  /** Cores arrived at the barrier in progress. */
  arrived = 0;
  barriersCompleted = 0;
  /** Bits raised in this cycle that were clear before: a plain EVT_BUFFER read does not see them yet. */
  private readonly fresh: Uint32Array;
  /** Bits a core cleared in this cycle: an explicit clear wins over an event raised in the same cycle. */
  private readonly cleared: Uint32Array;
  /** A BARRIER_MASK write of this cycle (the first one wins, as the lowest core index in the RTL). */
  private nextBarrierMask = -1;
  /** Barrier arrivals of this cycle (grouped): the RTL counts a cycle's arrivals together. */
  private arrivals = 0;
  /**
   * Cycles grouped (lockstep): every wait read sleeps first and is answered by the retry at the end of the
   * cycle, so its answer holds the events raised later in the same cycle by higher cores, as the RTL's
   * does; the cycle's barrier arrivals are counted together by `endAccesses`.
   */
  grouped = false;

  constructor(readonly cores: number) {
    if (!Number.isInteger(cores) || cores < 1 || cores > 32) throw new RangeError(`event unit: core count must be 1..32, got ${cores}`);
    this.mask = new Uint32Array(cores);
    this.buffer = new Uint32Array(cores);
    this.waiting = new Uint8Array(cores);
    this.fresh = new Uint32Array(cores);
    this.cleared = new Uint32Array(cores);
    this.barrierMask = this.coreBits;
  }

  get coreBits(): number {
    return this.cores === 32 ? 0xffff_ffff : (1 << this.cores) - 1;
  }

  /** Is core `i` waiting with nothing to answer it yet? */
  asleep(i: number): boolean {
    return this.waiting[i] !== WaitKind.none && !this.wouldWake(i);
  }

  /** Would the waiting core `i`'s read be answered now? */
  wouldWake(i: number): boolean {
    return (this.buffer[i]! & this.wanted(i, this.waiting[i] as WaitKind)) !== 0;
  }

  /** A word read at `off` of the event unit window by core `core`: the value, SLEEP, or undefined (unmapped). */
  read(core: number, off: number): number | typeof SLEEP | undefined {
    const pending = this.waiting[core] as WaitKind;
    if (pending !== WaitKind.none) return this.answer(core, pending);
    switch (off) {
      case EU_REG.mask:
        return this.mask[core]!;
      case EU_REG.buffer:
        return this.buffer[core]! & ~this.fresh[core]!;
      case EU_REG.barrierMask:
        return this.barrierMask | 0;
      case EU_REG.wait:
        return this.startWait(core, WaitKind.any);
      case EU_REG.waitClear:
        return this.startWait(core, WaitKind.anyClear);
      case EU_REG.barrierWait:
        this.arrive(core);
        return this.startWait(core, WaitKind.barrier);
      case EU_REG.bufferClear:
      case EU_REG.swTrigger:
      case EU_REG.barrierTrigger:
        return 0; // write-only registers read as 0
      default:
        return undefined;
    }
  }

  /** A word write; false when `off` is unmapped. Writes to read-only registers are ignored (as the RTL). */
  write(core: number, off: number, value: number): boolean {
    switch (off) {
      case EU_REG.mask:
        this.mask[core] = value & ALL_EVENTS;
        return true;
      case EU_REG.bufferClear: {
        const bits = value & ALL_EVENTS;
        this.buffer[core]! &= ~bits;
        this.cleared[core]! |= bits;
        return true;
      }
      case EU_REG.swTrigger:
        this.raise(value & this.coreBits, SW);
        return true;
      case EU_REG.barrierMask:
        if (this.nextBarrierMask < 0) this.nextBarrierMask = (value & this.coreBits) >>> 0;
        return true;
      case EU_REG.barrierTrigger:
        this.arrive(core);
        return true;
      case EU_REG.buffer:
      case EU_REG.wait:
      case EU_REG.waitClear:
      case EU_REG.barrierWait:
        return true;
      default:
        return false;
    }
  }

  /** Raises event bits `bits` in every core of `cores` (the DMA's done event goes to all cores). */
  raise(cores: number, bits: number): void {
    for (let i = 0; i < this.cores; i++) {
      if (((cores >>> i) & 1) === 0) continue;
      const b = bits & ~this.cleared[i]!;
      this.fresh[i]! |= b & ~this.buffer[i]!;
      this.buffer[i]! |= b;
    }
  }

  /** Makes `bits` visible to plain buffer reads at once (lockstep: an event the RTL raised in an earlier cycle). */
  makeVisible(bits: number): void {
    for (let i = 0; i < this.cores; i++) this.fresh[i]! &= ~bits;
  }

  /**
   * After the last access of a grouped cycle, before the sleeping waits are retried: the cycle's arrivals
   * join the barrier together and complete it if all members are in (arrivals of cores outside the mask are
   * then forgotten, a core arriving twice counts once); checked every cycle, as the RTL does.
   */
  endAccesses(): void {
    this.arrived = (this.arrived | this.arrivals) >>> 0;
    this.arrivals = 0;
    this.checkBarrier();
  }

  /**
   * Ends the current cycle: events raised in it become visible to plain buffer reads, clears stop
   * shadowing new events, a BARRIER_MASK write takes effect (a barrier completing in the same cycle
   * used the old mask, as in the RTL). The RTL checks completion every cycle, so cores already arrived
   * complete a barrier under the new mask in the next cycle.
   */
  endCycle(): void {
    this.fresh.fill(0);
    this.cleared.fill(0);
    if (this.nextBarrierMask >= 0) {
      this.barrierMask = this.nextBarrierMask;
      this.nextBarrierMask = -1;
      // Grouped, the next cycle's endAccesses checks it (with that cycle's arrivals, as the RTL).
      if (!this.grouped) this.checkBarrier();
    }
  }

  private wanted(core: number, kind: WaitKind): number {
    if (kind === WaitKind.none) return 0;
    return kind === WaitKind.barrier ? BARRIER : this.mask[core]!;
  }

  private startWait(core: number, kind: WaitKind): number | typeof SLEEP {
    if (!this.grouped) return this.answer(core, kind);
    this.waiting[core] = kind;
    return SLEEP;
  }

  private answer(core: number, kind: WaitKind): number | typeof SLEEP {
    const hit = this.buffer[core]! & this.wanted(core, kind);
    if (hit === 0) {
      this.waiting[core] = kind;
      return SLEEP;
    }
    if (kind !== WaitKind.any) this.buffer[core]! &= ~hit;
    this.waiting[core] = WaitKind.none;
    return hit;
  }

  private arrive(core: number): void {
    if (this.grouped) {
      this.arrivals = (this.arrivals | (1 << core)) >>> 0;
      return;
    }
    this.arrived = (this.arrived | (1 << core)) >>> 0;
    this.checkBarrier();
  }

  private checkBarrier(): void {
    const m = this.barrierMask >>> 0;
    if (m !== 0 && ((this.arrived & m) >>> 0) === m) {
      // Arrivals of cores outside the mask are forgotten at completion (as the RTL).
      this.arrived = 0;
      this.barriersCompleted++;
      this.raise(m, BARRIER);
    }
  }
}

import type { Random } from '../../sim/random.ts';
import { applyByteEnables, type ObiRequest } from '../obi.ts';

/**
 * A memory behind an OBI slave port, for tests that drive a master RTL cycle by cycle: grants with
 * probability `grantChance`, answers in order after `latency(rng)` >= 1 cycles, records every access.
 * Unwritten words read as a fixed function of their address, so data errors cannot hide behind zeros.
 */
export class MemorySlave {
  readonly words = new Map<number, number>();
  readonly reads: number[] = [];
  readonly writes: number[] = [];
  private readonly queue: Array<{ at: number; rdata: number }> = [];
  private now = 0;

  constructor(
    private readonly rng: Random,
    private readonly grantChance: number,
    private readonly latency: (rng: Random) => number = () => 1,
  ) {}

  static initial(addr: number): number {
    return Math.imul(addr ^ 0x5bd1e995, 0x9e3779b1) >>> 0;
  }

  read(addr: number): number {
    const a = (addr & ~3) >>> 0;
    return this.words.get(a) ?? MemorySlave.initial(a);
  }

  /** Decides this cycle's grant for the request shown by the master. */
  grant(r: ObiRequest): boolean {
    if (!r.req || !this.rng.chance(this.grantChance)) return false;
    const a = (r.addr & ~3) >>> 0;
    let rdata = 0;
    if (r.we) {
      this.words.set(a, applyByteEnables(this.read(a), r.wdata, r.be));
      this.writes.push(a);
    } else {
      rdata = this.read(a);
      this.reads.push(a);
    }
    const last = this.queue.length > 0 ? this.queue[this.queue.length - 1]!.at : 0;
    this.queue.push({ at: Math.max(this.now + this.latency(this.rng), last + 1), rdata });
    return true;
  }

  /** The response shown in the current cycle (before `tick`). */
  response(): { rvalid: boolean; rdata: number } {
    const head = this.queue[0];
    return head && head.at === this.now ? { rvalid: true, rdata: head.rdata } : { rvalid: false, rdata: 0 };
  }

  tick(): void {
    if (this.queue[0]?.at === this.now) this.queue.shift();
    this.now++;
  }
}

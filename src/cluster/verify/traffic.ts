import type { Random } from '../../sim/random.ts';
import { IDLE_REQUEST, type ObiRequest } from '../obi.ts';

/**
 * A master that behaves like a core's LSU: it starts a request with probability `activity` when idle and
 * holds it unchanged until granted. `nextAddress` picks the byte address of a new request.
 */
export class TrafficMaster {
  private current: ObiRequest = IDLE_REQUEST;
  /** Requests started so far. */
  started = 0;

  constructor(
    private readonly rng: Random,
    private readonly activity: number,
    private readonly nextAddress: (rng: Random) => number,
    private readonly writeShare = 0.5,
  ) {}

  /** The request driven this cycle. */
  request(): ObiRequest {
    if (!this.current.req && this.rng.chance(this.activity)) {
      const we = this.rng.chance(this.writeShare);
      // writes: whole words half of the time, otherwise any non-empty byte mask
      const be = !we ? 0xf : this.rng.chance(0.5) ? 0xf : 1 + this.rng.below(15);
      this.current = { req: true, addr: this.nextAddress(this.rng) >>> 0, we, be, wdata: this.rng.u32() };
      this.started++;
    }
    return this.current;
  }

  /** After the cycle: a granted request is done. */
  granted(gnt: boolean): void {
    if (gnt) this.current = IDLE_REQUEST;
  }
}

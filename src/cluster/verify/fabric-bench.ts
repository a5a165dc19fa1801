import type { Simulator } from '../../sim/index.ts';
import { IDLE_REQUEST, type ObiRequest } from '../obi.ts';
import type { MemorySlave } from './memory-slave.ts';

/** One access of a core program; a program yields these and receives each read's data back. */
export interface Access {
  addr: number;
  we?: boolean;
  wdata?: number;
  be?: number;
}
export type CoreProgram = Generator<Access, void, number>;

/** What happened to one access, in cycles of the bench. */
export interface AccessLog {
  access: Access;
  issued: number;
  granted: number;
  answered: number;
  rdata: number;
}

/**
 * A core as the fabric sees it: runs a program of accesses, one at a time (the next is issued in the cycle
 * after the previous answer), holding each request until granted, like the LSU.
 */
class CoreAgent {
  private request: ObiRequest = IDLE_REQUEST;
  private awaiting = false;
  private entry?: AccessLog;
  done = false;
  readonly log: AccessLog[] = [];

  constructor(private readonly program: CoreProgram) {
    this.advance(0, 0);
  }

  private advance(rdata: number, cycle: number): void {
    const next = this.program.next(rdata);
    if (next.done) {
      this.done = true;
      this.request = IDLE_REQUEST;
      return;
    }
    const a = next.value;
    this.request = { req: true, addr: a.addr >>> 0, we: a.we ?? false, be: a.be ?? 0xf, wdata: (a.wdata ?? 0) >>> 0 };
    this.entry = { access: a, issued: cycle, granted: -1, answered: -1, rdata: 0 };
  }

  current(): ObiRequest {
    return this.awaiting ? IDLE_REQUEST : this.request;
  }

  after(cycle: number, gnt: boolean, rvalid: boolean, rdata: number): void {
    if (rvalid && this.awaiting) {
      this.awaiting = false;
      this.entry!.answered = cycle;
      this.entry!.rdata = rdata >>> 0;
      this.log.push(this.entry!);
      this.advance(rdata >>> 0, cycle + 1);
    } else if (rvalid) {
      throw new Error(`cycle ${cycle}: rvalid without an outstanding access`);
    }
    if (gnt) {
      if (!this.request.req || this.awaiting) throw new Error(`cycle ${cycle}: gnt without a request`);
      this.awaiting = true;
      this.entry!.granted = cycle;
    }
  }
}

/**
 * Drives the fabric's core ports from TypeScript programs, cycle by cycle (one simulator round trip per
 * cycle), with L2 served by a memory slave that always grants.
 */
export class FabricBench {
  readonly agents: CoreAgent[];
  cycles = 0;
  eoc?: { cycle: number; status: number };

  constructor(
    readonly sim: Simulator,
    programs: CoreProgram[],
    readonly l2: MemorySlave,
  ) {
    this.agents = programs.map((p) => new CoreAgent(p));
  }

  async cycle(): Promise<void> {
    const s = this.sim;
    const n = this.agents.length;
    this.agents.forEach((a, i) => {
      const r = a.current();
      s.poke(`core_${i}_req_i`, r.req ? 1 : 0);
      s.poke(`core_${i}_addr_i`, r.addr);
      s.poke(`core_${i}_we_i`, r.we ? 1 : 0);
      s.poke(`core_${i}_be_i`, r.be);
      s.poke(`core_${i}_wdata_i`, r.wdata);
    });
    const l2r = this.l2.response();
    s.poke('l2_rsp_gnt_i', 1);
    s.poke('l2_rsp_rvalid_i', l2r.rvalid ? 1 : 0);
    s.poke('l2_rsp_rdata_i', l2r.rdata);
    const names = [
      ...Array.from({ length: n }, (_, i) => [`core_rsp_${i}_gnt_o`, `core_rsp_${i}_rvalid_o`, `core_rsp_${i}_rdata_o`]).flat(),
      'l2_req_o', 'l2_addr_o', 'l2_we_o', 'l2_be_o', 'l2_wdata_o', 'eoc_o', 'eoc_status_o',
    ];
    const values = await Promise.all(names.map((p) => s.peek(p)));
    const v = (p: string) => values[names.indexOf(p)]!;
    const l2req: ObiRequest = { req: v('l2_req_o') === 1n, addr: Number(v('l2_addr_o')), we: v('l2_we_o') === 1n, be: Number(v('l2_be_o')), wdata: Number(v('l2_wdata_o')) };
    if (!this.l2.grant(l2req) && l2req.req) throw new Error('the L2 slave always grants');
    s.step();
    this.l2.tick();
    this.agents.forEach((a, i) => a.after(this.cycles, v(`core_rsp_${i}_gnt_o`) === 1n, v(`core_rsp_${i}_rvalid_o`) === 1n, Number(v(`core_rsp_${i}_rdata_o`))));
    if (v('eoc_o') === 1n && !this.eoc) this.eoc = { cycle: this.cycles, status: Number(v('eoc_status_o')) >>> 0 };
    this.cycles++;
  }

  /** Runs until every program has finished (or throws after `maxCycles`). */
  async run(maxCycles: number): Promise<void> {
    while (!this.agents.every((a) => a.done)) {
      if (this.cycles >= maxCycles) {
        const stuck = this.agents.map((a, i) => (a.done ? '' : `core ${i}`)).filter(Boolean).join(', ');
        throw new Error(`programs not finished after ${maxCycles} cycles: ${stuck}`);
      }
      await this.cycle();
    }
  }
}

// The L2 port's mux (obi_mux) on Verilator against a slave that refuses grants: a refused winner keeps its
// turn (the round-robin pointer moves only on a slave grant), every held request is served within `masters`
// slave grants, and every response reaches the master that asked, in order, with the slave's data.
import { describe, expect, it } from 'vitest';
import { elaborate, emit } from '../../src/hdl/index.ts';
import { Random, simulate, type Simulator } from '../../src/sim/index.ts';
import { obiMux } from '../../src/cluster/obi-mux.ts';
import { MemorySlave } from '../../src/cluster/verify/memory-slave.ts';
import type { ObiRequest } from '../../src/cluster/obi.ts';

interface MuxRun {
  /** Per master, the cycles in which its request was granted. */
  grants: number[][];
  /** Problems seen: a response to the wrong master or with the wrong data, a grant not matching the slave's request. */
  errors: string[];
  /** The most slave grants given to others while one request waited. */
  worstWait: number;
}

/**
 * Drives `masters` masters that each keep a request up until it is granted (then start the next one at
 * once when `busy`, else with probability 0.3 per cycle), in front of a slave that grants when `slaveGrants`
 * says so and answers from a MemorySlave.
 */
async function runMux(sim: Simulator, masters: number, cycles: number, slaveGrants: (cycle: number) => boolean, rng: Random, busy: boolean): Promise<MuxRun> {
  const memory = new MemorySlave(rng, 1, (r) => 1 + r.below(3));
  const request: (ObiRequest | undefined)[] = new Array(masters).fill(undefined);
  const waitedGrants = new Array<number>(masters).fill(0);
  const expected: { owner: number; rdata: number }[] = [];
  const run: MuxRun = { grants: Array.from({ length: masters }, () => []), errors: [], worstWait: 0 };
  let serial = 0;
  sim.reset(2);
  for (let c = 0; c < cycles; c++) {
    for (let i = 0; i < masters; i++) {
      if (!request[i] && (busy || rng.chance(0.3))) {
        const we = rng.chance(0.5);
        request[i] = { req: true, addr: (0x1000 * (i + 1) + 4 * (serial++ % 64)) >>> 0, we, be: we ? 1 + rng.below(15) : 0xf, wdata: rng.u32() };
      }
      const r = request[i];
      sim.poke(`master_${i}_req_i`, r ? 1 : 0);
      sim.poke(`master_${i}_addr_i`, r?.addr ?? 0);
      sim.poke(`master_${i}_we_i`, r?.we ? 1 : 0);
      sim.poke(`master_${i}_be_i`, r?.be ?? 0);
      sim.poke(`master_${i}_wdata_i`, r?.wdata ?? 0);
    }
    const rsp = memory.response();
    sim.poke('slave_rsp_rvalid_i', rsp.rvalid ? 1 : 0);
    sim.poke('slave_rsp_rdata_i', rsp.rdata);
    const [req, addr, we, be, wdata] = await Promise.all(['slave_req_o', 'slave_addr_o', 'slave_we_o', 'slave_be_o', 'slave_wdata_o'].map((p) => sim.peek(p)));
    const slaveReq: ObiRequest = { req: req === 1n, addr: Number(addr), we: we === 1n, be: Number(be), wdata: Number(wdata) };
    const grant = slaveReq.req && slaveGrants(c);
    sim.poke('slave_rsp_gnt_i', grant ? 1 : 0);
    const outs = await Promise.all(
      Array.from({ length: masters }, (_, i) => [`master_rsp_${i}_gnt_o`, `master_rsp_${i}_rvalid_o`, `master_rsp_${i}_rdata_o`].map((p) => sim.peek(p))).flat(),
    );
    const gnt = (i: number) => outs[3 * i] === 1n;
    const granted = Array.from({ length: masters }, (_, i) => i).filter(gnt);
    if (granted.length > (grant ? 1 : 0) || (grant && granted.length === 0)) run.errors.push(`cycle ${c}: slave grant ${grant}, masters granted [${granted}]`);
    if (grant) {
      const owner = granted[0]!;
      const r = request[owner];
      if (!r || r.addr !== slaveReq.addr || r.we !== slaveReq.we || r.wdata !== slaveReq.wdata || r.be !== slaveReq.be) {
        run.errors.push(`cycle ${c}: the slave saw a request that is not master ${owner}'s`);
      }
      const before = memory.read(slaveReq.addr);
      memory.grant(slaveReq);
      expected.push({ owner, rdata: slaveReq.we ? -1 : before });
      run.grants[owner]!.push(c);
      request[owner] = undefined;
      for (let i = 0; i < masters; i++) {
        if (i !== owner && request[i]) run.worstWait = Math.max(run.worstWait, ++waitedGrants[i]!);
      }
      waitedGrants[owner] = 0;
    }
    for (let i = 0; i < masters; i++) {
      if (outs[3 * i + 1] !== 1n) continue;
      const head = expected.shift();
      if (!head || head.owner !== i) run.errors.push(`cycle ${c}: response to master ${i}, expected ${head ? `master ${head.owner}` : 'none'}`);
      else if (head.rdata >= 0 && Number(outs[3 * i + 2]) !== head.rdata) run.errors.push(`cycle ${c}: master ${i} read ${outs[3 * i + 2]}, slave had ${head.rdata}`);
    }
    memory.tick();
    sim.step();
  }
  return run;
}

describe('obi_mux (the L2 port) with a slave that refuses grants', () => {
  it('a refused winner keeps its turn: two busy masters share a slave that grants every other cycle', async () => {
    const sim = await simulate(emit(elaborate(obiMux, { masters: 2, outstanding: 4 })), { randomInit: 7 });
    try {
      // Before the pointer moved only on slave grants, master 0 won every refused cycle and master 1 every
      // granted one: master 0 was never served.
      const run = await runMux(sim, 2, 60, (c) => c % 2 === 1, new Random(7), true);
      expect(run.errors).toEqual([]);
      expect(run.grants[0]!.length).toBeGreaterThanOrEqual(14);
      expect(run.grants[1]!.length).toBeGreaterThanOrEqual(14);
      expect(run.worstWait).toBeLessThanOrEqual(1);
    } finally {
      await sim.close();
    }
  });

  it.each([
    [3, 0.4, true],
    [5, 0.25, false],
  ])('%i masters, slave grants with probability %f, busy %s: served within `masters` grants, responses routed', async (masters, chance, busy) => {
    const sim = await simulate(emit(elaborate(obiMux, { masters, outstanding: 2 })), { randomInit: masters });
    try {
      const grantRng = new Random(1000 + masters);
      const run = await runMux(sim, masters, 800, () => grantRng.chance(chance), new Random(masters), busy);
      expect(run.errors).toEqual([]);
      for (const g of run.grants) expect(g.length).toBeGreaterThan(10);
      expect(run.worstWait).toBeLessThanOrEqual(masters - 1);
    } finally {
      await sim.close();
    }
  });
});

// The event unit's barrier, directed: repeated barriers over random core subsets with random arrival
// orders and times, cycle by cycle on Verilator. Every core of the subset sleeps from its arrival and is
// released exactly in the cycle after the last arrival; cores outside the subset are not involved.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elaborate, emit } from '../../src/hdl/index.ts';
import { Random, simulate, type Simulator } from '../../src/sim/index.ts';
import { EU_REG, EVENT, eventUnit } from '../../src/cluster/event-unit.ts';

const CORES = 6;
let sim: Simulator;
beforeAll(async () => {
  sim = await simulate(emit(elaborate(eventUnit, { cores: CORES })), { randomInit: 3 });
  sim.reset(2);
});
afterAll(async () => sim?.close());

function drive(i: number, req: boolean, off = 0, we = false, wdata = 0): void {
  sim.poke(`core_${i}_req_i`, req ? 1 : 0);
  sim.poke(`core_${i}_offset_i`, off >> 2);
  sim.poke(`core_${i}_we_i`, we ? 1 : 0);
  sim.poke(`core_${i}_wdata_i`, wdata);
}

describe('event unit barrier', () => {
  it('releases every core of a random subset in the cycle after the last arrival, 30 times', async () => {
    const rng = new Random(2026);
    for (let episode = 0; episode < 30; episode++) {
      const mask = episode % 5 === 0 ? 2 ** CORES - 1 : 1 + rng.below(2 ** CORES - 1);
      const members = Array.from({ length: CORES }, (_, i) => i).filter((i) => (mask >> i) & 1);
      // core 0 sets the mask (a plain write, answered next cycle)
      drive(0, true, EU_REG.barrierMask, true, mask);
      sim.step();
      drive(0, false);
      expect(await sim.peek('core_rsp_0_rvalid_o')).toBe(1n);
      sim.step();

      const arrival = new Map(members.map((i) => [i, rng.below(12)] as const));
      const last = Math.max(...arrival.values());
      const released = new Map<number, number>();
      for (let t = 0; t <= last + 2; t++) {
        for (const [i, at] of arrival) drive(i, t === at, EU_REG.barrierWait);
        const outs = await Promise.all(
          Array.from({ length: CORES }, (_, i) => Promise.all([sim.peek(`core_rsp_${i}_gnt_o`), sim.peek(`core_rsp_${i}_rvalid_o`), sim.peek(`core_rsp_${i}_rdata_o`)])),
        );
        const sleeping = await sim.peek('sleeping_o');
        outs.forEach(([gnt, rvalid, rdata], i) => {
          if (arrival.get(i) === t) expect(gnt, `episode ${episode} core ${i} granted on arrival`).toBe(1n);
          if (rvalid === 1n) {
            expect(released.has(i), `episode ${episode} core ${i} answered twice`).toBe(false);
            released.set(i, t);
            expect(rdata).toBe(BigInt(1 << EVENT.barrier));
          }
          const asleep = ((sleeping >> BigInt(i)) & 1n) === 1n;
          const at = arrival.get(i);
          expect(asleep, `episode ${episode} cycle ${t} core ${i} sleeping`).toBe(at !== undefined && t > at && t <= last);
        });
        sim.step();
      }
      for (const i of members) expect(released.get(i), `episode ${episode} (mask ${mask.toString(2)}) core ${i}`).toBe(last + 1);
      expect([...released.keys()].sort()).toEqual(members);
    }
  });
});

// The fabric (TCDM + interconnect, peripherals + event unit, DMA, L2 port) on Verilator, its core ports
// driven by SPMD programs in TypeScript: data checked against the programs' own expectations, barrier
// semantics and the TCDM counters checked on the RTL's observed behaviour.
import { describe, expect, it } from 'vitest';
import { elaborate, emit } from '../../src/hdl/index.ts';
import { Random, simulate } from '../../src/sim/index.ts';
import { fabric } from '../../src/cluster/fabric.ts';
import { FabricBench } from '../../src/cluster/verify/fabric-bench.ts';
import { MemorySlave } from '../../src/cluster/verify/memory-slave.ts';
import { DMA_L2_DST, sliceValue, spmdProgram, type SpmdContext, type SpmdLayout } from '../../src/cluster/verify/spmd.ts';
import { EU_REG } from '../../src/cluster/event-unit.ts';
import { PERIPH, PERIPH_BASE, TCDM_BASE } from '../../src/platform/memory-map.ts';

describe('cluster fabric under SPMD programs', () => {
  it.each([
    [1, 2],
    [4, 8],
    [8, 16],
  ])('cores=%i banks=%i', async (cores, banks) => {
    const sim = await simulate(emit(elaborate(fabric, { cores, banks, bankWords: 64, dmaFifoDepth: 4, l2Outstanding: 4 })), { randomInit: cores });
    try {
      sim.reset(2);
      const layout: SpmdLayout = { cores, slice: 8, rounds: 3, dmaWords: 32 };
      const ctx: SpmdContext = { errors: [], checks: 0 };
      const rng = new Random(100 + cores);
      const l2 = new MemorySlave(rng, 1, (r) => 1 + r.below(3));
      const bench = new FabricBench(sim, Array.from({ length: cores }, (_, id) => spmdProgram(id, layout, new Random(id * 31 + cores), ctx)), l2);
      await bench.run(20_000);
      expect(ctx.errors).toEqual([]);
      expect(ctx.checks).toBeGreaterThan(cores * layout.rounds * layout.slice);
      expect(bench.eoc?.status).toBe(0x600d);

      // barriers: nobody is released before the last core arrived
      const barrierWait = PERIPH_BASE + PERIPH.eventUnit + EU_REG.barrierWait;
      const episodes = bench.agents.map((a) => a.log.filter((e) => e.access.addr === barrierWait));
      const count = episodes[0]!.length;
      expect(count).toBe(2 * layout.rounds + 2);
      for (const ep of episodes) expect(ep.length).toBe(count);
      for (let k = 0; k < count; k++) {
        const lastArrival = Math.max(...episodes.map((e) => e[k]!.granted));
        const firstRelease = Math.min(...episodes.map((e) => e[k]!.answered));
        expect(firstRelease, `barrier ${k}`).toBeGreaterThan(lastArrival);
      }
      // the shared array reached L2 through the DMA
      for (let id = 0; id < cores; id++) {
        for (let k = 0; k < layout.slice; k++) expect(l2.read(DMA_L2_DST + 4 * (k * cores + id))).toBe(sliceValue(layout.rounds - 1, id, k));
      }
      // TCDM counters: each core's granted TCDM requests
      const tcdmTop = TCDM_BASE + 4 * banks * 64;
      for (let i = 0; i < cores; i++) {
        const expected = bench.agents[i]!.log.filter((e) => e.access.addr >= TCDM_BASE && e.access.addr < tcdmTop).length;
        expect(await sim.peek(`tcdm_requests_${i}_o`)).toBe(BigInt(expected));
        const stalls = bench.agents[i]!.log.filter((e) => e.access.addr < tcdmTop && e.access.addr >= TCDM_BASE).reduce((s, e) => s + e.granted - e.issued, 0);
        expect(await sim.peek(`tcdm_stalls_${i}_o`)).toBe(BigInt(stalls));
      }
      // the DMA moved 32 words in and 8 * cores out through the TCDM
      expect(await sim.peek(`tcdm_requests_${cores}_o`)).toBe(BigInt(layout.dmaWords + cores * layout.slice));
    } finally {
      await sim.close();
    }
  });
});

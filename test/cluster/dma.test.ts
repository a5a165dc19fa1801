// The DMA on Verilator, its master ports served by TypeScript memories with random grants and latencies:
// random 1D/2D transfers both ways, data bit-exact against the transfer model, every word moved once and
// in order, completion (done pulse, busy, done count), refused starts, throughput.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elaborate, emit } from '../../src/hdl/index.ts';
import { Random, simulate, type Simulator } from '../../src/sim/index.ts';
import { dma, DMA_REG } from '../../src/cluster/dma.ts';
import { DmaBench } from '../../src/cluster/verify/dma-bench.ts';
import { dmaAccepts, dmaCopies, type DmaTransfer } from '../../src/cluster/verify/dma-model.ts';
import { MemorySlave } from '../../src/cluster/verify/memory-slave.ts';
import { L2_BASE, TCDM_BASE } from '../../src/platform/memory-map.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await simulate(emit(elaborate(dma, { fifoDepth: 4 })), { randomInit: 9 });
});
afterAll(async () => sim?.close());

function randomTransfer(rng: Random): DmaTransfer {
  const toL2 = rng.chance(0.5);
  const words = rng.chance(0.1) ? 0 : 1 + rng.below(24);
  const rows = rng.chance(0.1) ? 0 : 1 + rng.below(4);
  const tcdm = TCDM_BASE + 4 * rng.below(1024);
  const l2 = L2_BASE + 4 * rng.below(4096);
  const stride = () => 4 * (words + rng.below(8)) * (rng.chance(0.1) ? -1 : 1);
  return { src: toL2 ? tcdm : l2, dst: toL2 ? l2 : tcdm, len: 4 * words, srcStride: stride(), dstStride: 4 * (words + rng.below(8)), rows };
}

describe('cluster DMA', () => {
  it('performs random 1D and 2D transfers bit-exactly, each word once and in order', async () => {
    const rng = new Random(4242);
    const tcdm = new MemorySlave(rng, 0.7);
    const ext = new MemorySlave(rng, 0.6, (r) => 1 + r.below(4));
    const bench = new DmaBench(sim, tcdm, ext);
    sim.reset(2);
    let completed = 0;
    for (let k = 0; k < 14; k++) {
      const t = randomTransfer(rng);
      const copies = dmaCopies(t);
      const srcMem = t.src >= L2_BASE ? ext : tcdm;
      const dstMem = srcMem === ext ? tcdm : ext;
      const expected = new Map<number, number>();
      for (const c of copies) expected.set(c.to, srcMem.read(c.from));
      const reads0 = srcMem.reads.length;
      const writes0 = dstMem.writes.length;

      await bench.configure(t);
      await bench.write(DMA_REG.start, 1);
      const took = await bench.runUntilDone(40 * copies.length + 50);
      completed++;
      expect(srcMem.reads.slice(reads0), `transfer ${k} reads`).toEqual(copies.map((c) => c.from));
      expect(dstMem.writes.slice(writes0), `transfer ${k} writes`).toEqual(copies.map((c) => c.to));
      for (const [addr, v] of expected) expect(dstMem.read(addr) >>> 0, `transfer ${k} word 0x${addr.toString(16)}`).toBe(v);
      expect(took).toBeGreaterThanOrEqual(copies.length);
      expect(await bench.read(DMA_REG.status)).toBe(0);
      expect(await bench.read(DMA_REG.doneCount)).toBe(completed);
      expect(await bench.read(DMA_REG.len)).toBe(t.len);
    }
    // exactly one done pulse per transfer
    expect(bench.doneCycles.length).toBe(completed);
  });

  it('refuses starts with both or neither side in the TCDM, and while busy', async () => {
    const rng = new Random(7);
    const bench = new DmaBench(sim, new MemorySlave(rng, 1), new MemorySlave(rng, 1));
    sim.reset(2);
    const bad: DmaTransfer[] = [
      { src: TCDM_BASE, dst: TCDM_BASE + 0x100, len: 16, srcStride: 0, dstStride: 0, rows: 1 },
      { src: L2_BASE, dst: L2_BASE + 0x100, len: 16, srcStride: 0, dstStride: 0, rows: 1 },
    ];
    for (const t of bad) {
      expect(dmaAccepts(t)).toBe(false);
      await bench.configure(t);
      await bench.write(DMA_REG.start, 1);
      expect(await bench.read(DMA_REG.status)).toBe(2);
      for (let c = 0; c < 10; c++) expect((await bench.cycle()).busy).toBe(false);
    }
    expect(bench.tcdm.reads.length + bench.ext.reads.length).toBe(0);
    await bench.configure({ src: L2_BASE, dst: TCDM_BASE, len: 4 * 64, srcStride: 0, dstStride: 0, rows: 1 });
    await bench.write(DMA_REG.start, 1);
    await bench.write(DMA_REG.start, 1); // busy: refused, the running transfer continues
    expect(await bench.read(DMA_REG.status)).toBe(3);
    await bench.runUntilDone(200);
    expect(bench.tcdm.writes.length).toBe(64);
    expect(await bench.read(DMA_REG.status)).toBe(2);
  });

  it('registers take the bytes enabled by be', async () => {
    const rng = new Random(3);
    const bench = new DmaBench(sim, new MemorySlave(rng, 1), new MemorySlave(rng, 1));
    sim.reset(2);
    expect(await bench.read(DMA_REG.rows)).toBe(1);
    await bench.write(DMA_REG.src, 0x1122_3344);
    await bench.cycle({ req: true, addr: 0x400 + DMA_REG.src, we: true, be: 0b0101, wdata: 0xaabb_ccdd });
    expect(await bench.read(DMA_REG.src)).toBe(0x11bb_33dd);
  });

  it('moves one word per cycle when nothing stalls', async () => {
    const rng = new Random(1);
    const bench = new DmaBench(sim, new MemorySlave(rng, 1), new MemorySlave(rng, 1));
    sim.reset(2);
    await bench.configure({ src: L2_BASE, dst: TCDM_BASE, len: 4 * 256, srcStride: 0, dstStride: 0, rows: 1 });
    await bench.write(DMA_REG.start, 1);
    const took = await bench.runUntilDone(1000);
    // start, 256 reads back to back, the last write one cycle behind its read, its answer, done
    expect(took).toBeLessThanOrEqual(256 + 6);
  });
});

import type { Random } from '../../sim/random.ts';
import { PERIPH, PERIPH_BASE, TCDM_BASE, L2_BASE } from '../../platform/memory-map.ts';
import { DMA_REG } from '../dma.ts';
import { EU_REG, EVENT } from '../event-unit.ts';
import { PERIPH_REG } from '../periph.ts';
import { applyByteEnables } from '../obi.ts';
import type { Access, CoreProgram } from './fabric-bench.ts';
import { MemorySlave } from './memory-slave.ts';

const rd = (addr: number): Access => ({ addr });
const wr = (addr: number, wdata: number, be = 0xf): Access => ({ addr, we: true, wdata, be });
const eu = (off: number) => PERIPH_BASE + PERIPH.eventUnit + off;
const dmaReg = (off: number) => PERIPH_BASE + PERIPH.dma + off;

export interface SpmdLayout {
  cores: number;
  /** Words of each core's slice of the shared array. */
  slice: number;
  rounds: number;
  /** Words the DMA brings in from L2 (and sends back). */
  dmaWords: number;
}

/** Shared state the programs report into: what they checked and what they found wrong. */
export interface SpmdContext {
  errors: string[];
  checks: number;
}

/** The value core `id` writes to word `k` of its slice in round `r`. */
export const sliceValue = (r: number, id: number, k: number) => (Math.imul(r + 1, 0x01000193) ^ Math.imul(id + 1, 0x9e3779b1) ^ k) >>> 0;

/** Word address of word `k` of core `id`'s slice: interleaved so the cores walk the banks together. */
const sliceAddr = (l: SpmdLayout, id: number, k: number) => TCDM_BASE + 4 * (k * l.cores + id);
/** Each core's private scratch area, after the shared array; the DMA area after that. */
const privateBase = (l: SpmdLayout, id: number) => TCDM_BASE + 4 * (l.cores * l.slice + 16 * id);
export const dmaTcdmBase = (l: SpmdLayout) => TCDM_BASE + 4 * (l.cores * (l.slice + 16));
export const DMA_L2_SRC = L2_BASE + 0x1000;
export const DMA_L2_DST = L2_BASE + 0x8000;

/**
 * An SPMD program for core `id`, as the cluster's software would run it: check core count and id; in
 * each round, random loads/stores on a private area (checked against a shadow copy), write its slice of a
 * shared array, barrier, read and check its neighbour's slice, barrier. Then core 0 brings `dmaWords`
 * words from L2 into the TCDM with a 2D DMA transfer and sleeps on the DMA event while the others wait at
 * a barrier; everyone checks the data; core 0 sends the shared array back to L2 and ends the computation.
 */
export function* spmdProgram(id: number, l: SpmdLayout, rng: Random, ctx: SpmdContext): CoreProgram {
  const expect = (what: string, got: number, want: number) => {
    ctx.checks++;
    if (got >>> 0 !== want >>> 0) ctx.errors.push(`core ${id}: ${what}: got 0x${(got >>> 0).toString(16)}, expected 0x${(want >>> 0).toString(16)}`);
  };
  expect('core count', yield rd(PERIPH_BASE + PERIPH_REG.coreCount), l.cores);
  expect('core id', yield rd(PERIPH_BASE + PERIPH_REG.coreId), id);
  const shadow = new Map<number, number>();
  const neighbour = (id + 1) % l.cores;
  for (let r = 0; r < l.rounds; r++) {
    for (let k = 0; k < 6; k++) {
      const addr = privateBase(l, id) + 4 * rng.below(16);
      if (rng.chance(0.5) || !shadow.has(addr)) {
        const be = shadow.has(addr) && rng.chance(0.5) ? 1 + rng.below(15) : 0xf;
        const v = rng.u32();
        yield wr(addr, v, be);
        shadow.set(addr, applyByteEnables(shadow.get(addr) ?? 0, v, be));
      } else {
        expect(`private word 0x${addr.toString(16)}`, yield rd(addr), shadow.get(addr)!);
      }
    }
    for (let k = 0; k < l.slice; k++) yield wr(sliceAddr(l, id, k), sliceValue(r, id, k));
    yield rd(eu(EU_REG.barrierWait));
    for (let k = 0; k < l.slice; k++) expect(`round ${r} neighbour word ${k}`, yield rd(sliceAddr(l, neighbour, k)), sliceValue(r, neighbour, k));
    yield rd(eu(EU_REG.barrierWait));
  }
  // DMA in: 2D, rows of 4 words from a strided L2 source, packed in the TCDM
  const rows = l.dmaWords / 4;
  if (id === 0) {
    yield wr(eu(EU_REG.mask), 1 << EVENT.dma);
    yield wr(dmaReg(DMA_REG.src), DMA_L2_SRC);
    yield wr(dmaReg(DMA_REG.dst), dmaTcdmBase(l));
    yield wr(dmaReg(DMA_REG.len), 16);
    yield wr(dmaReg(DMA_REG.srcStride), 64);
    yield wr(dmaReg(DMA_REG.dstStride), 16);
    yield wr(dmaReg(DMA_REG.rows), rows);
    yield wr(dmaReg(DMA_REG.start), 1);
    expect('DMA event', yield rd(eu(EU_REG.waitClear)), 1 << EVENT.dma);
    expect('DMA status', yield rd(dmaReg(DMA_REG.status)), 0);
  }
  yield rd(eu(EU_REG.barrierWait));
  for (let k = 0; k < l.dmaWords; k++) {
    if (k % l.cores !== id) continue;
    const from = DMA_L2_SRC + 64 * Math.floor(k / 4) + 4 * (k % 4);
    expect(`DMA word ${k}`, yield rd(dmaTcdmBase(l) + 4 * k), MemorySlave.initial(from));
  }
  yield rd(eu(EU_REG.barrierWait));
  if (id === 0) {
    // DMA out: the whole shared array (last round's values) back to L2, 1D
    yield wr(dmaReg(DMA_REG.src), TCDM_BASE);
    yield wr(dmaReg(DMA_REG.dst), DMA_L2_DST);
    yield wr(dmaReg(DMA_REG.len), 4 * l.cores * l.slice);
    yield wr(dmaReg(DMA_REG.rows), 1);
    yield wr(dmaReg(DMA_REG.start), 1);
    expect('DMA event', yield rd(eu(EU_REG.waitClear)), 1 << EVENT.dma);
    expect('DMA transfers done', yield rd(dmaReg(DMA_REG.doneCount)), 2);
    yield wr(PERIPH_BASE + PERIPH_REG.eoc, 0x600d);
  }
}

import { Cluster } from '../../src/iss/cluster.ts';
import { COUNTER_READ_LAG } from '../../src/cosim/counter-check.ts';
import { copyRetirement } from '../../src/iss/retire.ts';
import type { CoreRetirement } from '../../src/cosim/protocol.ts';
import { image } from '../iss/cluster-programs.ts';

export interface StreamRecord {
  core: number;
  rec: CoreRetirement;
}

export interface StreamOptions {
  seed: number;
  /** Probability that a running core retires nothing in a cycle (memory stall, multi-cycle instruction). */
  stallRate?: number;
  /** Cycles from a DMA START to its done event (the RTL moves about one word per cycle). */
  dmaDelay?: number;
  maxCycles?: number;
}

export interface Stream {
  records: StreamRecord[];
  cycles: number;
  perCore: number[];
  eoc?: number;
}

/** Small seeded generator (mulberry32): tests are deterministic. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A synthetic RTL retirement stream with the cluster's cycle structure, built from a golden cluster run
 * cycle by cycle: each running core retires at most one instruction per cycle (random stalls); a core
 * whose wait sleeps retires it in the cycle its event is raised (the RTL answers a wait in the cycle after
 * the event, as it answers the access that raised it); the DMA completes `dmaDelay` cycles after START;
 * the cycle counter reads the cycle before the retirement, as the RTL's. Records of one cycle are in core order; the stream ends a few cycles
 * after EOC (the other cores park asleep), as the RTL harness does.
 */
export function goldenStream(src: string, cores: number, opts: StreamOptions): Stream {
  const c = new Cluster('flexv', cores, {}, { dmaCompletion: 'deferred' });
  c.load(image(src), 'stream.S');
  c.periph.groupedCycles = true;
  let cycle = 0;
  // The RTL's counters show the cycle before the reading instruction retires (src/cosim/counter-check.ts).
  c.mem.cycles = () => cycle - COUNTER_READ_LAG;
  const rand = rng(opts.seed);
  const stall = opts.stallRate ?? 0.3;
  const delay = opts.dmaDelay ?? 40;
  const sleeping = new Array<boolean>(cores).fill(false);
  const records: StreamRecord[] = [];
  const perCore = new Array<number>(cores).fill(0);
  let dmaStart = -1;
  let eoc: number | undefined;
  let stopAt = opts.maxCycles ?? 200_000;
  for (; cycle < stopAt; cycle++) {
    if (c.periph.dma.busy && cycle >= dmaStart + delay) c.periph.dma.complete();
    const now: StreamRecord[] = [];
    const step = (i: number): boolean => {
      const outcome = c.step(i, (r) => now.push({ core: i, rec: { ...copyRetirement(r), cycle } }));
      if (c.mem.halted) {
        if (c.mem.haltReason !== 'eoc') throw new Error(`stream: golden run stopped with ${c.mem.haltReason} at 0x${(c.mem.haltValue >>> 0).toString(16)}`);
        if (eoc === undefined) {
          eoc = c.mem.haltValue;
          stopAt = cycle + 5;
        }
        c.mem.clearHalt();
      }
      return outcome === 'asleep';
    };
    for (let i = 0; i < cores; i++) {
      if (sleeping[i] || rand() < stall) continue;
      sleeping[i] = step(i);
    }
    c.periph.endAccesses();
    // Sleepers woken by an event of this cycle retire in it.
    for (let i = 0; i < cores; i++) if (sleeping[i]) sleeping[i] = step(i);
    c.periph.endCycle();
    if (c.periph.dma.busy && dmaStart < 0) dmaStart = cycle;
    if (!c.periph.dma.busy) dmaStart = -1;
    now.sort((a, b) => a.core - b.core);
    for (const r of now) perCore[r.core]!++;
    records.push(...now);
  }
  return { records, cycles: cycle, perCore, eoc };
}

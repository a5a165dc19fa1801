import { describe, expect, it } from 'vitest';
import { ClusterLockstep, formatClusterMismatch, type ClusterLockstepSummary, type ClusterMismatch } from '../../src/cosim/cluster/lockstep.ts';
import { EU_REG, PERIPH, PERIPH_BASE } from '../../src/platform/memory-map.ts';
import * as P from '../iss/cluster-programs.ts';
import { goldenStream, type StreamRecord } from './stream.ts';

/** Feeds a stream to a fresh lockstep driver, ending each cycle explicitly (or implicitly: `implicitEnds`). */
function check(src: string, cores: number, records: StreamRecord[], implicitEnds = false): { summary: ClusterLockstepSummary; first?: ClusterMismatch } {
  const ls = new ClusterLockstep({ config: 'flexv', cores, image: P.image(src), fileName: 'prog.S' });
  let first: ClusterMismatch | undefined;
  for (let k = 0; k < records.length && !first; k++) {
    const { core, rec } = records[k]!;
    first = ls.push(core, rec);
    const next = records[k + 1];
    if (!first && !implicitEnds && (!next || next.rec.cycle !== rec.cycle)) first = ls.endCycle(rec.cycle);
  }
  return { summary: ls.finish(), first };
}

const PROGRAMS: Array<[string, string]> = [
  ['barrier over all cores', P.BARRIER_SUM],
  ['barrier over a subset', P.SUBSET_BARRIER],
  ['software events around a ring', P.EVENT_RING],
  ['DMA 1D/2D with polling and the event', P.DMA_ROUNDTRIP],
  ['spinning on a shared flag', P.SPIN_FLAG],
  ['DMA completion seen through EVT_BUFFER and DONE_COUNT polls', P.DMA_POLLS],
];

const BARRIER_WAIT = (PERIPH_BASE + PERIPH.eventUnit + EU_REG.barrierWait) >>> 0;
const isBarrierWait = (r: StreamRecord) => r.rec.memCount === 1 && (r.rec.mem[0]!.addr >>> 0) === BARRIER_WAIT && !r.rec.mem[0]!.write;

describe('cluster lockstep on synthetic RTL streams', () => {
  for (const [name, src] of PROGRAMS) {
    for (const cores of [1, 2, 4, 8, 16]) {
      it(`${name}, ${cores} cores, 3 seeds: every record agrees`, () => {
        for (const seed of [1, 2, 3]) {
          const s = goldenStream(src, cores, { seed: seed * 100 + cores, stallRate: 0.1 + 0.15 * seed, dmaDelay: 10 + 30 * seed });
          expect(s.eoc).toBe(0);
          const { summary, first } = check(src, cores, s.records, seed === 2);
          expect(first, first && formatClusterMismatch('flexv', first)).toBeUndefined();
          expect(summary.compared).toEqual(s.perCore);
          expect(summary.goldEnd).toEqual({ reason: 'eoc', value: 0, core: 0 });
        }
      });
    }
  }

  it('a sleeper in a lower core retires in the same cycle as the last arrival of a higher core', () => {
    const s = goldenStream(P.BARRIER_SUM, 4, { seed: 7, stallRate: 0.3 });
    // Find a cycle holding several barrier-wait retirements where a lower core's is the sleeper.
    const byCycle = new Map<number, StreamRecord[]>();
    for (const r of s.records.filter(isBarrierWait)) byCycle.set(r.rec.cycle, [...(byCycle.get(r.rec.cycle) ?? []), r]);
    expect([...byCycle.values()].some((rs) => rs.length >= 2)).toBe(true);
    const { summary, first } = check(P.BARRIER_SUM, 4, s.records);
    expect(first).toBeUndefined();
    expect(summary.sleepsResolved).toBeGreaterThan(0);
    expect(summary.barriers).toBe(2);
  });

  it('a corrupted load value is reported with both records, the core and the cycle', () => {
    const s = goldenStream(P.DMA_ROUNDTRIP, 4, { seed: 11 });
    const loads = s.records.map((r, k) => [r, k] as const).filter(([r]) => r.rec.memCount === 1 && !r.rec.mem[0]!.write && r.rec.rd !== 0);
    const [victim, at] = loads[Math.floor(loads.length / 2)]!;
    const records = s.records.map((r, k) => (k === at ? { core: r.core, rec: { ...r.rec, rdValue: r.rec.rdValue ^ 0x100 } } : r));
    const { first } = check(P.DMA_ROUNDTRIP, 4, records);
    expect(first).toBeDefined();
    expect(first!.core).toBe(victim.core);
    expect(first!.cycle).toBe(victim.rec.cycle);
    expect(first!.fields).toContain('rd value');
    const text = formatClusterMismatch('flexv', first!);
    expect(text).toContain(`core ${victim.core}`);
    expect(text).toContain(`cycle ${victim.rec.cycle}`);
    expect(text).toMatch(/! rd value/);
    expect(text).toContain('last 20 retirements');
  });

  it('a barrier wait the RTL answers before the last arrival is a mismatch at the end of its cycle', () => {
    const s = goldenStream(P.BARRIER_SUM, 4, { seed: 5, stallRate: 0.4 });
    // The first barrier completes in cycle c; a core that slept through cycle c - 1 (no record there)
    // is claimed to have been answered in c - 1, before the last core arrived.
    const waits = s.records.filter(isBarrierWait);
    const completion = waits[0]!.rec.cycle;
    const early = waits.find((w) => w.rec.cycle === completion && !s.records.some((r) => r.core === w.core && r.rec.cycle === completion - 1))!;
    expect(early).toBeDefined();
    const moved = { core: early.core, rec: { ...early.rec, cycle: completion - 1 } };
    const records = s.records.filter((r) => r !== early);
    const insertAt = records.findIndex((r) => r.rec.cycle > completion - 1 || (r.rec.cycle === completion - 1 && r.core > early.core));
    records.splice(insertAt, 0, moved);
    const { first } = check(P.BARRIER_SUM, 4, records);
    expect(first).toBeDefined();
    expect(first!.note).toMatch(/RTL woke core \d+ in cycle \d+ but the golden hart \d+ at pc 0x[0-9a-f]+ sleeps on BARRIER_WAIT/);
    expect(first!.core).toBe(early.core);
    expect(first!.cycle).toBe(completion - 1);
  });

  it('a DMA STATUS read showing busy after the golden transfer was seen complete is a mismatch', () => {
    const s = goldenStream(P.DMA_ROUNDTRIP, 2, { seed: 3, dmaDelay: 30 });
    const STATUS = (PERIPH_BASE + PERIPH.dma + 0x1c) >>> 0;
    const polls = s.records.map((r, k) => [r, k] as const).filter(([r]) => r.rec.memCount === 1 && (r.rec.mem[0]!.addr >>> 0) === STATUS);
    expect(polls.length).toBeGreaterThan(3); // the delay made core 0 poll several times
    // The last poll saw busy low; claim it was still busy: the golden hart then leaves the loop one poll early.
    const [last, at] = polls.filter(([r]) => (r.rec.rdValue & 1) === 0)[0]!;
    const records = s.records.map((r, k) => (k === at ? { core: r.core, rec: { ...r.rec, rdValue: 1, mem: r.rec.mem.map((m, i) => (i === 0 ? { ...m, data: 1 } : m)) } } : r));
    const { first } = check(P.DMA_ROUNDTRIP, 2, records);
    expect(first).toBeDefined();
    expect(first!.core).toBe(last.core);
  });

  it('a record of a core whose previous wait is unresolved, and records out of cycle order, are refused', () => {
    const s = goldenStream(P.BARRIER_SUM, 2, { seed: 1, stallRate: 0 });
    const ls = new ClusterLockstep({ config: 'flexv', cores: 2, image: P.image(P.BARRIER_SUM), fileName: 'p.S' });
    expect(() => ls.push(2, s.records[0]!.rec)).toThrow(/core 2 outside/);
    ls.push(s.records[2]!.core, s.records[2]!.rec);
    expect(() => ls.push(0, { ...s.records[0]!.rec, cycle: s.records[2]!.rec.cycle - 1 })).toThrow(/cycle order/);
  });
});

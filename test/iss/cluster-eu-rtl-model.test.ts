import { describe, expect, it } from 'vitest';
import { EventUnit } from '../../src/iss/cluster/event-unit.ts';
import { SLEEP } from '../../src/iss/memory.ts';
import { EU_REG } from '../../src/platform/memory-map.ts';
import { EventUnitModel, type EuAccess } from '../../src/cluster/verify/event-unit-model.ts';
import { rng } from '../cosim-cluster/stream.ts';

/**
 * The golden event unit, driven the way lockstep drives it (accesses of one cycle in core order, sleepers
 * retried at the end of the cycle, `endCycle`), answers every access with the same value in the same cycle
 * as the cycle-level reference of the RTL event unit (src/cluster/verify/event-unit-model.ts, written from
 * docs/cluster.md by the RTL's author). Random SPMD-like traffic: masks, buffer reads and clears, waits,
 * software events, barriers over changing subsets, DMA done pulses.
 */
type Answer = string;

function campaign(cores: number, seed: number, cycles: number, anyMaskChange = false) {
  const rand = rng(seed);
  const below = (n: number) => Math.floor(rand() * n);
  const gold = new EventUnit(cores);
  gold.grouped = true;
  for (let i = 0; i < cores; i++) gold.write(i, EU_REG.mask, 4);
  const rtl = new EventUnitModel(cores);
  for (let i = 0; i < cores; i++) rtl.mask[i] = 4;
  const sleeping = new Array<boolean>(cores).fill(false);
  const goldAnswers: Answer[][] = Array.from({ length: cores }, () => []);
  const rtlAnswers: Answer[][] = Array.from({ length: cores }, () => []);
  const all = cores === 32 ? 0xffffffff : (1 << cores) - 1;
  let prevAcc: EuAccess[] = [];
  const log: string[] = [];
  for (let t = 0; t < cycles; t++) {
    // A DMA pulse now and then, and whenever every core sleeps (every mask has the DMA bit: nobody sleeps forever).
    const dmaDone = rand() < 0.02 || sleeping.every((z) => z);
    // Barrier mask changes only while no barrier is in progress (the documented software rule).
    const maskChangeAllowed = anyMaskChange || (gold.arrived === 0 && rtl.arrived === 0);
    const acc: EuAccess[] = [];
    for (let i = 0; i < cores; i++) {
      if (sleeping[i] || rand() < 0.4) {
        acc.push({ req: false, offset: 0, we: false, wdata: 0 });
        continue;
      }
      const inBarrier = ((gold.barrierMask >>> i) & 1) === 1;
      const pick = below(10);
      let a: EuAccess;
      if (pick === 0) a = { req: true, offset: EU_REG.mask, we: true, wdata: 4 | below(4) };
      else if (pick === 1) a = { req: true, offset: [EU_REG.mask, EU_REG.buffer, EU_REG.barrierMask][below(3)]!, we: false, wdata: 0 };
      else if (pick === 2) a = { req: true, offset: EU_REG.bufferClear, we: true, wdata: below(8) };
      else if (pick === 3 && gold.mask[i] !== 0) a = { req: true, offset: rand() < 0.5 ? EU_REG.wait : EU_REG.waitClear, we: false, wdata: 0 };
      else if (pick === 4) a = { req: true, offset: EU_REG.swTrigger, we: true, wdata: Math.floor(rand() * 0x1_0000_0000) & all };
      else if (pick === 5 && maskChangeAllowed && rand() < 0.3) a = { req: true, offset: EU_REG.barrierMask, we: true, wdata: (1 + below(all)) & all };
      else if (pick === 6 && inBarrier) a = { req: true, offset: EU_REG.barrierTrigger, we: true, wdata: 0 };
      else if (pick >= 7 && inBarrier) a = { req: true, offset: EU_REG.barrierWait, we: false, wdata: 0 };
      else a = { req: true, offset: EU_REG.buffer, we: false, wdata: 0 };
      acc.push(a);
    }
    // Software rule (docs/cluster.md): the mask changes only while no barrier is in progress, so not in a
    // cycle with an arrival either; such a write becomes a read of the mask.
    if (!anyMaskChange && acc.some((a) => a.req && (a.offset === EU_REG.barrierWait || a.offset === EU_REG.barrierTrigger))) {
      for (const a of acc) if (a.req && a.we && a.offset === EU_REG.barrierMask) a.we = false;
    }
    // Golden: the cycle's accesses in core order, then the sleepers retried.
    if (dmaDone) gold.raise(all, 4);
    for (let i = 0; i < cores; i++) {
      const a = acc[i]!;
      if (!a.req) continue;
      if (a.we) {
        gold.write(i, a.offset, a.wdata);
        goldAnswers[i]!.push(`${t}:w`);
        continue;
      }
      const v = gold.read(i, a.offset);
      if (v === SLEEP) sleeping[i] = true;
      else goldAnswers[i]!.push(`${t}:0x${(v! >>> 0).toString(16)}`);
    }
    gold.endAccesses();
    for (let i = 0; i < cores; i++) {
      if (!sleeping[i]) continue;
      const v = gold.read(i, EU_REG.wait);
      if (v === SLEEP) continue;
      sleeping[i] = false;
      goldAnswers[i]!.push(`${t}:0x${(v! >>> 0).toString(16)}`);
    }
    gold.endCycle();
    log.push(`${t}: ${dmaDone ? 'dma ' : ''}${acc.map((a, i) => `c${i}:${a.req ? `${a.we ? 'W' : 'R'}${a.offset.toString(16)}=${a.wdata}` : '-'}`).join(' ')} | gold sleeping ${sleeping.map(Number).join('')} waiting ${[...gold.waiting].join('')} buf ${[...gold.buffer].join(',')} mask ${[...gold.mask].join(',')} bm ${gold.barrierMask} arr ${gold.arrived} | rtl waiting ${rtl.waiting.join('')} buf ${rtl.buffer.join(',')} arr ${rtl.arrived} bm ${rtl.barrierMask}`);
    // Reference: offsets are word indices; an answer with rvalid in cycle t belongs to cycle t - 1.
    const out = rtl.cycle(acc.map((a) => ({ ...a, offset: a.offset >> 2 })), dmaDone);
    for (let i = 0; i < cores; i++) {
      if (acc[i]!.req && !out[i]!.gnt) throw new Error(`cycle ${t}: the reference refused core ${i}'s access (it thinks the core sleeps)\n${log.slice(-8).join('\n')}`);
      if (out[i]!.rvalid) rtlAnswers[i]!.push(lastWasWrite(i) ? `${t - 1}:w` : `${t - 1}:0x${(out[i]!.rdata >>> 0).toString(16)}`);
    }
    prevAcc = acc;
  }
  function lastWasWrite(i: number): boolean {
    return prevAcc[i]?.req === true && prevAcc[i]!.we;
  }
  return { goldAnswers, rtlAnswers, barriers: gold.barriersCompleted, rtlBarriers: rtl.barriersCompleted };
}

describe('golden event unit vs the RTL event unit reference, random traffic', () => {
  for (const cores of [1, 2, 5, 8]) {
    it(`${cores} cores, 4 seeds x 3000 cycles: same answers in the same cycles`, () => {
      for (let seed = 1; seed <= 4; seed++) {
        const r = campaign(cores, seed * 31 + cores, 3000, seed === 4);
        let total = 0;
        for (let i = 0; i < cores; i++) {
          // Compare answer for answer (the RTL's last answer may still be in flight).
          const n = Math.min(r.goldAnswers[i]!.length, r.rtlAnswers[i]!.length);
          expect(r.goldAnswers[i]!.length - n).toBeLessThanOrEqual(1);
          expect(r.goldAnswers[i]!.slice(0, n), `core ${i} seed ${seed}`).toEqual(r.rtlAnswers[i]!.slice(0, n));
          total += n;
          // Seed 4 breaks the software rule (mask changes during barriers): cores waiting on a barrier they
          // left sleep for good there, in both models, so fewer answers.
          if (seed !== 4) expect(n).toBeGreaterThan(100);
        }
        expect(total).toBeGreaterThan(100);
        expect(r.barriers).toBe(r.rtlBarriers);
        if (cores > 1 && seed !== 4) expect(r.barriers).toBeGreaterThan(5);
      }
    });
  }
});

import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/iss/cluster.ts';
import { EU_REG, L2_BASE, PERIPH, PERIPH_BASE, TCDM_BASE } from '../../src/platform/memory-map.ts';
import * as P from './cluster-programs.ts';
import { put } from './helpers.ts';

const CORES = [1, 2, 4, 8, 16];

describe('golden cluster: SPMD programs', () => {
  const cases: Array<[string, string]> = [
    ['barrier over all cores', P.BARRIER_SUM],
    ['barrier over a subset (BARRIER_MASK) released by a software event', P.SUBSET_BARRIER],
    ['sleeping EVT_WAIT_CLEAR woken by software events around a ring', P.EVENT_RING],
    ['DMA 1D L2->TCDM polled, 2D TCDM->L2 on the event, refused START', P.DMA_ROUNDTRIP],
    ['spinning on a shared TCDM flag', P.SPIN_FLAG],
    ['DMA completion polled through EVT_BUFFER and DONE_COUNT', P.DMA_POLLS],
  ];
  for (const [name, src] of cases) {
    it(`${name}: EOC 0 on ${CORES.join('/')} cores, several quanta`, () => {
      for (const cores of CORES) {
        for (const quantum of [1, 5, 1000]) {
          const c = P.cluster(src, cores);
          const r = c.run(1e6, quantum);
          expect({ cores, quantum, reason: r.reason, value: r.value }).toEqual({ cores, quantum, reason: 'eoc', value: 0 });
          // Harts other than 0 either finished or park asleep; none used its budget.
          for (const i of r.sleeping) expect(c.asleep(i)).toBe(true);
        }
      }
    });
  }

  it('barrier counts: two completed barriers; the DMA program moves 64 + 32 words in 2 transfers', () => {
    const b = P.cluster(P.BARRIER_SUM, 8);
    b.run(1e6, 3);
    expect(b.periph.eu.barriersCompleted).toBe(2);
    const d = P.cluster(P.DMA_ROUNDTRIP, 4);
    d.run(1e6, 3);
    expect(d.periph.dma.doneCount).toBe(2);
    expect(d.periph.dma.wordsCopied).toBe(64 + 32);
  });

  it('EOC stops the run with the written status while other harts still run or sleep', () => {
    for (const cores of CORES) {
      const r = P.cluster(P.EOC_STATUS, cores).run(1e6, 4);
      expect(r.reason).toBe('eoc');
      expect(r.value >>> 0).toBe(0x5a0000 | ((cores - 1) << 8) | cores);
    }
  });

  it('deadlock: every hart asleep halts with the sleeping mask and a description of each wait', () => {
    for (const cores of [1, 3, 16]) {
      const c = P.cluster(P.DEADLOCK, cores);
      const r = c.run(1e6);
      expect(r.reason).toBe('deadlock');
      expect(r.value >>> 0).toBe(cores === 32 ? 0xffffffff : (1 << cores) - 1);
      expect(r.sleeping).toHaveLength(cores);
      const lines = c.describeSleepers();
      expect(lines).toHaveLength(cores);
      expect(lines[0]).toMatch(/^hart 0 at pc 0x8[0-9a-f]+ sleeps on EVT_WAIT \(event mask 0x0/);
    }
  });

  it('deferred DMA, free-running: harts sleeping on the DMA event are no deadlock, the transfer completes', () => {
    // DMA_POLLS with both polls replaced by a sleeping EVT_WAIT_CLEAR on the DMA event.
    const src = P.DMA_POLLS.replace(/1: lw t0, 4\(s1\)\n  andi t0, t0, 4\n  beqz t0, 1b/, 'li t0, 4\n  sw t0, 0(s1)\n  lw t0, 0x10(s1)')
      .replace(/2: lw t0, 0x20\(s2\)\n  li t1, 2\n  bne t0, t1, 2b/, 'lw t0, 0x10(s1)');
    expect(src.match(/lw t0, 0x10\(s1\)/g)).toHaveLength(2);
    for (const cores of [1, 4]) {
      const c = P.cluster(src, cores, { dmaCompletion: 'deferred' });
      const r = c.run(1e6, 10);
      expect({ cores, reason: r.reason, value: r.value }).toEqual({ cores, reason: 'eoc', value: 0 });
      expect(c.periph.dma.doneCount).toBe(2);
    }
    // Polling STATUS keeps a hart runnable: with deferred completion it spins until its budget.
    const spin = P.cluster(P.DMA_ROUNDTRIP, 2, { dmaCompletion: 'deferred' });
    expect(spin.run(20_000, 50).reason).toBe('limit');
    expect(spin.periph.dma.busy).toBe(true);
  });

  it('a sleeping hart neither retires nor moves; its instruction budget is not a deadlock', () => {
    const c = P.cluster(P.DEADLOCK, 2);
    const r = c.run(5); // hart budgets end before both sleep
    expect(r.reason).toBe('limit');
    const r2 = c.run(1e6);
    expect(r2.reason).toBe('deadlock');
    const pcs = c.harts.map((h) => h.pc), ns = c.harts.map((h) => h.n);
    expect(c.step(0)).toBe('halted'); // the deadlock halt stands
    c.mem.clearHalt();
    expect(c.step(0)).toBe('asleep');
    expect(c.harts.map((h) => h.pc)).toEqual(pcs);
    expect(c.harts.map((h) => h.n)).toEqual(ns);
  });

  it('traced and untraced runs retire the same instructions; records carry the hart index', () => {
    const a = P.cluster(P.DMA_ROUNDTRIP, 4);
    const harts = new Set<number>();
    let records = 0;
    const ra = a.run(1e6, 7, (r) => {
      harts.add(r.hart);
      records++;
    });
    const b = P.cluster(P.DMA_ROUNDTRIP, 4);
    const rb = b.run(1e6, 7);
    expect(ra.instructions).toEqual(rb.instructions);
    expect(records).toBe(ra.instructions.reduce((x, y) => x + y, 0));
    expect(harts).toEqual(new Set([0, 1, 2, 3]));
  });
});

describe('golden cluster: peripheral registers', () => {
  /** Runs one hart's `lw x5, off(x31)` on a fresh cluster and returns x5 (x31 = peripheral base). */
  function readReg(cores: number, hart: number, off: number): number {
    const c = new Cluster('flexv', cores);
    put(c.mem, [['lw', { rd: 5, rs1: 31, imm: off }]]);
    const h = c.harts[hart]!;
    h.pc = L2_BASE | 0;
    h.x[31] = PERIPH_BASE;
    expect(c.step(hart)).toBe('retired');
    return h.x[5]!;
  }

  it('core count, core id (= mhartid), barrier mask reset, write-only registers read 0', () => {
    expect(readReg(8, 5, PERIPH.coreCount)).toBe(8);
    expect(readReg(8, 5, PERIPH.coreId)).toBe(5);
    expect(readReg(8, 0, PERIPH.eventUnit + EU_REG.barrierMask)).toBe(0xff);
    expect(readReg(4, 1, PERIPH.eventUnit + EU_REG.swTrigger)).toBe(0);
    expect(readReg(4, 1, PERIPH.dma + 0x14)).toBe(1); // ROWS resets to 1
  });

  it('unmapped event-unit and DMA offsets, and sub-word peripheral accesses, are bus errors', () => {
    for (const [off, id] of [[PERIPH.eventUnit + 0x24, 'lw'], [PERIPH.dma + 0x24, 'lw'], [PERIPH.eventUnit + EU_REG.mask, 'lb']] as const) {
      const c = new Cluster('flexv', 2);
      put(c.mem, [[id, { rd: 5, rs1: 31, imm: off }]]);
      c.harts[0]!.pc = L2_BASE | 0;
      c.harts[0]!.x[31] = PERIPH_BASE;
      expect(c.step(0)).toBe('halted');
      expect(c.mem.haltReason).toBe('bus-error');
      expect(c.mem.haltValue >>> 0).toBe((PERIPH_BASE + off) >>> 0);
    }
  });

  it('bad core counts are refused', () => {
    expect(() => new Cluster('flexv', 0)).toThrow(/core count must be an integer 1..32, got 0/);
    expect(() => new Cluster('flexv', 33)).toThrow(/got 33/);
    expect(() => new Cluster('flexv', 2.5)).toThrow(/got 2.5/);
  });

  it('a DMA with a side outside RAM halts with a bus error at that address', () => {
    const c = new Cluster('flexv', 1);
    const dma = c.periph.dma;
    dma.write(0x00, TCDM_BASE);
    dma.write(0x04, 0x4000_0000);
    dma.write(0x08, 8);
    dma.write(0x18, 0);
    expect(c.mem.haltReason).toBe('bus-error');
    expect(c.mem.haltValue >>> 0).toBe(0x4000_0000);
  });
});

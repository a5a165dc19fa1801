import { describe, expect, it } from 'vitest';
import { EventUnit, WaitKind } from '../../src/iss/cluster/event-unit.ts';
import { Dma } from '../../src/iss/cluster/dma.ts';
import { Memory, SLEEP } from '../../src/iss/memory.ts';
import { DMA_REG, EU_REG, L2_BASE, TCDM_BASE } from '../../src/platform/memory-map.ts';

const SW = 1, BAR = 2, DMA_EV = 4;

describe('golden event unit', () => {
  it('waits: EVT_WAIT keeps the events, EVT_WAIT_CLEAR clears only those it returns; masks are per core', () => {
    const eu = new EventUnit(2);
    eu.write(0, EU_REG.mask, SW | DMA_EV);
    eu.raise(0b11, SW | BAR);
    eu.endCycle(); // (free-running, every access is a cycle of its own)
    expect(eu.read(0, EU_REG.wait)).toBe(SW);
    expect(eu.read(0, EU_REG.buffer)).toBe(SW | BAR);
    expect(eu.read(0, EU_REG.waitClear)).toBe(SW);
    expect(eu.read(0, EU_REG.buffer)).toBe(BAR);
    expect(eu.read(1, EU_REG.buffer)).toBe(SW | BAR); // core 1's buffer is its own
    expect(eu.read(1, EU_REG.wait)).toBe(SLEEP); // core 1's mask is 0
    expect(eu.asleep(1)).toBe(true);
    expect(eu.waiting[1]).toBe(WaitKind.any);
  });

  it('a sleeping wait is answered when re-read after its event, with every event of that cycle', () => {
    const eu = new EventUnit(2);
    eu.write(0, EU_REG.mask, SW | BAR | DMA_EV);
    expect(eu.read(0, EU_REG.waitClear)).toBe(SLEEP);
    eu.raise(1, SW);
    eu.raise(0b11, DMA_EV);
    expect(eu.asleep(0)).toBe(false);
    expect(eu.read(0, EU_REG.waitClear)).toBe(SW | DMA_EV);
    expect(eu.read(0, EU_REG.buffer)).toBe(0);
  });

  it('SW_EVENT_TRIGGER raises the software event in the cores of the written mask only', () => {
    const eu = new EventUnit(4);
    eu.write(2, EU_REG.swTrigger, 0b1010 | 0xf0); // bits above the core count are ignored
    eu.endCycle();
    expect([0, 1, 2, 3].map((i) => eu.read(i, EU_REG.buffer))).toEqual([0, SW, 0, SW]);
  });

  it('same cycle: a plain buffer read does not see an event raised in that cycle; the next cycle does', () => {
    const eu = new EventUnit(2);
    eu.write(1, EU_REG.swTrigger, 0b01);
    expect(eu.read(0, EU_REG.buffer)).toBe(0);
    eu.write(0, EU_REG.mask, SW);
    expect(eu.read(0, EU_REG.wait)).toBe(SW); // waits see it at once
    eu.endCycle();
    expect(eu.read(0, EU_REG.buffer)).toBe(SW);
  });

  it('same cycle: an explicit buffer clear wins over an event raised in that cycle, whatever the order', () => {
    for (const clearFirst of [true, false]) {
      const eu = new EventUnit(2);
      if (clearFirst) eu.write(0, EU_REG.bufferClear, SW);
      eu.write(1, EU_REG.swTrigger, 0b01);
      if (!clearFirst) eu.write(0, EU_REG.bufferClear, SW);
      eu.endCycle();
      expect(eu.read(0, EU_REG.buffer)).toBe(0);
      eu.write(1, EU_REG.swTrigger, 0b01); // a later cycle's event is kept
      eu.endCycle();
      expect(eu.read(0, EU_REG.buffer)).toBe(SW);
    }
  });

  it('barrier: completes on the last member, once per arrival even when the wait is re-read; returns and clears the event', () => {
    const eu = new EventUnit(3);
    expect(eu.read(0, EU_REG.barrierWait)).toBe(SLEEP);
    expect(eu.read(0, EU_REG.barrierWait)).toBe(SLEEP); // the retry does not arrive again
    expect(eu.arrived).toBe(0b001);
    eu.write(1, EU_REG.barrierTrigger, 0);
    expect(eu.barriersCompleted).toBe(0);
    expect(eu.read(2, EU_REG.barrierWait)).toBe(BAR); // the last arrival is answered at once
    expect(eu.barriersCompleted).toBe(1);
    expect(eu.read(0, EU_REG.barrierWait)).toBe(BAR);
    eu.endCycle();
    expect(eu.read(1, EU_REG.buffer)).toBe(BAR); // core 1 only triggered: it waits later
    expect(eu.read(1, EU_REG.waitClear)).toBe(SLEEP); // mask 0: EVT_WAIT does not see the barrier event
    eu.write(1, EU_REG.mask, BAR);
    expect(eu.read(1, EU_REG.waitClear)).toBe(BAR);
  });

  it('barrier mask: the first write of a cycle wins and takes effect after it; arrivals outside the mask are forgotten', () => {
    const eu = new EventUnit(4);
    eu.write(2, EU_REG.barrierTrigger, 0);
    eu.write(0, EU_REG.barrierMask, 0b0011);
    eu.write(1, EU_REG.barrierMask, 0b1111);
    expect(eu.read(3, EU_REG.barrierMask)).toBe(0b1111); // still the old mask in this cycle
    eu.endCycle();
    expect(eu.read(3, EU_REG.barrierMask)).toBe(0b0011);
    eu.write(0, EU_REG.barrierTrigger, 0);
    eu.write(1, EU_REG.barrierTrigger, 0);
    expect(eu.barriersCompleted).toBe(1);
    expect(eu.arrived).toBe(0); // core 2's arrival is forgotten
    eu.endCycle();
    expect([0, 1, 2, 3].map((i) => eu.read(i, EU_REG.buffer))).toEqual([BAR, BAR, 0, 0]);
  });

  it('a barrier completing in the cycle its mask is rewritten uses the old mask', () => {
    const eu = new EventUnit(2);
    eu.write(0, EU_REG.barrierTrigger, 0);
    eu.write(0, EU_REG.barrierMask, 0b01); // would complete with core 0 alone
    expect(eu.barriersCompleted).toBe(0);
    eu.write(1, EU_REG.barrierTrigger, 0);
    expect(eu.barriersCompleted).toBe(1);
  });
});

describe('golden DMA', () => {
  function setup(completion: 'immediate' | 'deferred' = 'immediate') {
    const mem = new Memory({ tcdm: 4096, l2: 8192 });
    let events = 0;
    const dma = new Dma(mem, () => events++, completion);
    return { mem, dma, events: () => events };
  }
  const cfg = (dma: Dma, src: number, dst: number, len: number, rows = 1, ss = 0, ds = 0) => {
    dma.write(DMA_REG.src, src);
    dma.write(DMA_REG.dst, dst);
    dma.write(DMA_REG.len, len);
    dma.write(DMA_REG.rows, rows);
    dma.write(DMA_REG.srcStride, ss);
    dma.write(DMA_REG.dstStride, ds);
  };

  it('2D copy: rows of LEN bytes with both strides, low address bits ignored; registers read back', () => {
    const { mem, dma, events } = setup();
    for (let i = 0; i < 64; i++) mem.write(L2_BASE + 4 * i, 4, 1000 + i);
    cfg(dma, L2_BASE + 2, TCDM_BASE + 0x40, 12, 3, 40, 16);
    expect(dma.read(DMA_REG.len)).toBe(12);
    expect(dma.read(DMA_REG.srcStride)).toBe(40);
    dma.write(DMA_REG.start, 0);
    expect(dma.read(DMA_REG.status)).toBe(0);
    expect(dma.read(DMA_REG.doneCount)).toBe(1);
    expect(events()).toBe(1);
    const got = Array.from({ length: 12 }, (_, k) => mem.read(TCDM_BASE + 0x40 + 4 * k, 4));
    expect(got).toEqual([1000, 1001, 1002, 0, 1010, 1011, 1012, 0, 1020, 1021, 1022, 0]);
  });

  it('START is refused unless exactly one side is in the TCDM window, and while busy (deferred)', () => {
    const { dma, events } = setup('deferred');
    cfg(dma, L2_BASE, L2_BASE + 64, 8);
    dma.write(DMA_REG.start, 0);
    expect(dma.read(DMA_REG.status)).toBe(2);
    cfg(dma, TCDM_BASE, TCDM_BASE + 64, 8);
    dma.write(DMA_REG.start, 0);
    expect(dma.read(DMA_REG.status)).toBe(2);
    cfg(dma, TCDM_BASE, L2_BASE, 8);
    dma.write(DMA_REG.start, 0);
    expect(dma.read(DMA_REG.status)).toBe(1); // accepted, busy until completed
    dma.write(DMA_REG.start, 0);
    expect(dma.read(DMA_REG.status)).toBe(3); // refused while busy
    expect(events()).toBe(0);
    expect(dma.complete()).toBe(true);
    expect(dma.read(DMA_REG.status)).toBe(2);
    expect(dma.read(DMA_REG.doneCount)).toBe(1);
    expect(events()).toBe(1);
    expect(dma.complete()).toBe(false);
  });

  it('zero rows or zero length copy nothing but still complete', () => {
    const { dma, events } = setup();
    cfg(dma, TCDM_BASE, L2_BASE, 0);
    dma.write(DMA_REG.start, 0);
    cfg(dma, TCDM_BASE, L2_BASE, 16, 0);
    dma.write(DMA_REG.start, 0);
    expect(dma.read(DMA_REG.doneCount)).toBe(2);
    expect(dma.wordsCopied).toBe(0);
    expect(events()).toBe(2);
  });
});

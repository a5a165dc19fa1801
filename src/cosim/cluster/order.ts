import { DMA_REG, EU_REG, EVENT, PERIPH, PERIPH_BASE } from '../../platform/memory-map.ts';
import type { Retirement } from '../../iss/retire.ts';

const DMA_STATUS = (PERIPH_BASE + PERIPH.dma + DMA_REG.status) >>> 0;
const DMA_DONE_COUNT = (PERIPH_BASE + PERIPH.dma + DMA_REG.doneCount) >>> 0;
const EVENT_READS = new Set([EU_REG.buffer, EU_REG.wait, EU_REG.waitClear].map((o) => (PERIPH_BASE + PERIPH.eventUnit + o) >>> 0));
const EVENT_BUFFER = (PERIPH_BASE + PERIPH.eventUnit + EU_REG.buffer) >>> 0;
export const DMA_EVENT = 1 << EVENT.dma;

/**
 * Does this RTL retirement show that the DMA transfer in progress has completed? The golden model has no
 * clock, so lockstep takes the completion time from the RTL (as it takes cycle-counter values): a STATUS
 * read with busy low, a DONE_COUNT read that moved, or an event-unit read (buffer, wait) carrying a DMA
 * event the golden core does not have pending (a stale event of an earlier transfer proves nothing). Only
 * single-word reads of those registers count.
 */
/** Is this a plain read of the event buffer (which sees only events raised in earlier cycles)? */
export function readsEventBuffer(r: Retirement): boolean {
  return r.trap < 0 && r.memCount === 1 && !r.mem[0]!.write && (r.mem[0]!.addr >>> 0) === EVENT_BUFFER;
}

export function dmaCompletionSeen(r: Retirement, goldDoneCount: number, goldPending: number): boolean {
  if (r.trap >= 0 || r.memCount !== 1 || r.mem[0]!.write) return false;
  const addr = r.mem[0]!.addr >>> 0, v = r.mem[0]!.data;
  if (addr === DMA_STATUS) return (v & 1) === 0;
  if (addr === DMA_DONE_COUNT) return v !== goldDoneCount;
  return EVENT_READS.has(addr) && (v & DMA_EVENT) !== 0 && (goldPending & DMA_EVENT) === 0;
}

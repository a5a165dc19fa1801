import type { Rng } from '../../isa/random.ts';
import { DMA_SLOT_BYTES, L2_SRC_BYTES, PUBLISH_BYTES, type ClusterLayout } from './layout.ts';

/** How the issuing hart learns that its transfer is over. */
export type DmaWait = 'status' | 'count' | 'event';

/** One DMA transfer (docs/cluster.md, "DMA"): addresses are numbers (TCDM) or label expressions (L2). */
export interface DmaPlan {
  /** 'in': L2 -> TCDM, 'out': TCDM -> L2. */
  dir: 'in' | 'out';
  issuer: number;
  src: number | string;
  srcOffset: number;
  dst: number | string;
  len: number;
  rows: number;
  srcStride: number;
  dstStride: number;
  wait: DmaWait;
  /** Words of the destination the issuer loads after the wait (assembler operands). */
  reads: string[];
}

/** What every hart does together in one phase (the same plan for all: they must agree on it). */
export interface PhasePlan {
  dma?: DmaPlan;
  /** A software-event round: hart h raises the event of hart (h + shift) mod N. */
  eventShift?: number;
}

const words = (n: number) => 4 * n;

/**
 * The phases' shared plan. A transfer into the TCDM fills this phase's DMA slot from the L2 source table;
 * a transfer to L2 copies publish rows of an earlier phase (rows of consecutive harts in 2D) into this
 * phase's L2 output slot. Sources and destinations are never written while a transfer runs, and nothing
 * but the issuer reads a destination before the phase's barrier.
 */
export function planPhases(rng: Rng, cores: number, phases: number, layout: ClusterLayout): PhasePlan[] {
  const plan: PhasePlan[] = [];
  for (let p = 0; p < phases; p++) {
    const ph: PhasePlan = {};
    if (rng.int(0, 1) === 0) ph.eventShift = rng.int(0, cores - 1);
    if (rng.int(0, 3) !== 0) ph.dma = p > 0 && rng.int(0, 1) === 0 ? outTransfer(rng, p, cores, layout) : inTransfer(rng, p, cores, layout);
    plan.push(ph);
  }
  return plan;
}

const WAITS: DmaWait[] = ['status', 'count', 'event'];

function inTransfer(rng: Rng, p: number, cores: number, layout: ClusterLayout): DmaPlan {
  const rows = rng.int(0, 1) ? 1 : rng.int(2, 4);
  const len = rows === 1 ? words(rng.int(1, DMA_SLOT_BYTES / 4)) : words(rng.int(1, 24));
  const dstStride = rows === 1 ? 0 : len + words(rng.int(0, 8));
  const srcStride = rows === 1 ? 0 : len + words(rng.int(0, 32));
  const span = (rows - 1) * srcStride + len;
  const d: DmaPlan = {
    dir: 'in', issuer: rng.int(0, cores - 1), src: 'l2_src', srcOffset: words(rng.int(0, (L2_SRC_BYTES - span) / 4)), dst: layout.dmaSlot(p),
    len, rows, srcStride, dstStride, wait: rng.pick(WAITS), reads: [],
  };
  d.reads = pickReads(rng, d);
  return d;
}

function outTransfer(rng: Rng, p: number, cores: number, layout: ClusterLayout): DmaPlan {
  const first = rng.int(0, cores - 1);
  const rows = Math.min(rng.int(0, 1) ? 1 : rng.int(2, 4), cores - first);
  const off = words(rng.int(0, PUBLISH_BYTES / 8));
  const len = words(rng.int(1, Math.min((PUBLISH_BYTES - off) / 4, rows === 1 ? 64 : 24)));
  const d: DmaPlan = {
    dir: 'out', issuer: rng.int(0, cores - 1), src: layout.publish(first, rng.int(0, p - 1)), srcOffset: off, dst: `l2_out+${p * DMA_SLOT_BYTES}`,
    len, rows, srcStride: rows === 1 ? 0 : layout.blockBytes, dstStride: rows === 1 ? 0 : len + words(rng.int(0, 8)), wait: rng.pick(WAITS), reads: [],
  };
  d.reads = pickReads(rng, d);
  return d;
}

function pickReads(rng: Rng, d: DmaPlan): string[] {
  const out: string[] = [];
  for (let k = rng.int(1, 3); k > 0; k--) {
    const r = rng.int(0, d.rows - 1), w = rng.int(0, d.len / 4 - 1);
    const off = r * d.dstStride + 4 * w;
    out.push(typeof d.dst === 'number' ? `0x${(d.dst + off).toString(16)}` : `${d.dst}+${off}`);
  }
  return out;
}

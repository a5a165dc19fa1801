import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ElfImage } from '../../elf/read.ts';
import type { ClusterParams } from '../../cluster/cluster-params.ts';
import { UserError } from '../../util/errors.ts';
import { clusterRecordBytes, decodeClusterRecord, newClusterRetirement, type ClusterRetirement } from './protocol.ts';
import { coreImage } from '../image.ts';
import { runHarness } from '../harness-process.ts';
import { L2_BASE } from '../../platform/memory-map.ts';

/** How a cluster run ended and what every core did, as the harness reports it. */
export interface ClusterRunEnd {
  reason: 'tohost' | 'eoc' | 'bus-error' | 'limit' | 'stopped';
  value: number;
  cycles: number;
  /** Seconds inside the simulation loop (no process start, no image load). */
  seconds: number;
  /** CPU seconds of the harness process inside the simulation loop (absent when the run was stopped). */
  cpuSeconds?: number;
  /** Per core: retired instructions, cycles with a data request refused, cycles asleep in the event unit. */
  instret: number[];
  stallCycles: number[];
  sleepCycles: number[];
  /** Per core, from the interconnect's counters: granted TCDM accesses, accesses refused at least once, stall cycles. */
  tcdmRequests: number[];
  tcdmConflicts: number[];
  tcdmStalls: number[];
  /** The DMA's TCDM counters. */
  dma: { requests: number; conflicts: number; stalls: number };
  /** The final L2 bytes, from L2_BASE (with `keepL2`). */
  l2?: Buffer;
}

export interface ClusterRunOptions {
  maxCycles?: number;
  /** L2 response latency in cycles (default 1). */
  l2Latency?: number;
  /** Called per batch of raw records (`count` complete records from offset 0, read them with decodeClusterRecord); false stops. */
  onChunk?: (buf: Buffer, count: number) => boolean | void;
  /** Called per retirement (a reused record); return false to stop the run. */
  onRetire?: (r: ClusterRetirement) => boolean | void;
  fst?: { path: string; from: number; to: number };
  /** Write the per-core activity changes (`cycle core state` lines) to this file. */
  timeline?: string;
  /** Keep the final L2 contents (`end.l2`): what the program left there. */
  keepL2?: boolean;
  /** Put a DMA completion record (the destination as the RTL's memory holds it) into the stream. */
  dmaCheck?: boolean;
  /** Test-only bugs planted by the harness (test/cosim-cluster): see sim/cluster/harness.cpp. */
  plant?: ClusterPlant;
}

export interface ClusterPlant {
  /** Flip a bit of the last destination byte of the k-th DMA transfer (1-based) in the RTL's memory. */
  dmaByte?: number;
  /** Hold the peripheral cycle counter at its value after reset. */
  stuckCycles?: boolean;
}

/** Runs a program image on a built cluster harness. */
export async function runCluster(exe: string, elf: ElfImage, fileName: string, params: ClusterParams, opts: ClusterRunOptions = {}): Promise<ClusterRunEnd> {
  const dir = await mkdtemp(join(tmpdir(), 'flexv-cluster-'));
  try {
    const image = join(dir, 'image.bin');
    await writeFile(image, coreImage(elf, fileName, { tcdm: params.tcdmBytes, l2: params.l2Bytes }));
    const args = [image, '--max-cycles', String(opts.maxCycles ?? 100_000_000), '--l2-latency', String(opts.l2Latency ?? 1)];
    const wantRecords = opts.onRetire !== undefined || opts.onChunk !== undefined;
    if (wantRecords) args.push('--retire');
    if (opts.fst) args.push('--fst', opts.fst.path, '--fst-from', String(opts.fst.from), '--fst-to', String(opts.fst.to));
    if (opts.timeline) args.push('--timeline', opts.timeline);
    const l2Out = join(dir, 'l2.bin');
    if (opts.keepL2) args.push('--l2-out', l2Out);
    if (opts.dmaCheck) args.push('--dma-check');
    if (opts.plant?.dmaByte !== undefined) args.push('--plant-dma-byte', String(opts.plant.dmaByte));
    if (opts.plant?.stuckCycles) args.push('--plant-stuck-cycles');
    const records = wantRecords ? { recordBytes: clusterRecordBytes, decode: decodeClusterRecord, rec: newClusterRetirement(), onChunk: opts.onChunk, onRetire: opts.onRetire } : undefined;
    const zeros = () => new Array<number>(params.cores).fill(0);
    const end = await runHarness<ClusterRunEnd, ClusterRetirement>(exe, args, records, 'cluster harness', fileName, () => ({
      reason: 'stopped', value: 0, cycles: 0, seconds: 0, instret: zeros(), stallCycles: zeros(), sleepCycles: zeros(),
      tcdmRequests: zeros(), tcdmConflicts: zeros(), tcdmStalls: zeros(), dma: { requests: 0, conflicts: 0, stalls: 0 },
    }));
    if (opts.keepL2 && end.reason !== 'stopped') end.l2 = await readFile(l2Out);
    return end;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The 32-bit word at byte address `addr` of a run's final L2 (`keepL2`), or a located error. */
export function readL2Word(end: ClusterRunEnd, addr: number): number {
  if (!end.l2) throw new UserError('the run did not keep its L2 (pass keepL2)');
  const off = (addr >>> 0) - L2_BASE;
  if (off < 0 || off + 4 > end.l2.length) throw new UserError(`address 0x${(addr >>> 0).toString(16)} is outside the L2 (0x${L2_BASE.toString(16)}, ${end.l2.length} bytes)`);
  return end.l2.readUInt32LE(off);
}

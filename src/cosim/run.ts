import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readElfFile, type ElfImage } from '../elf/read.ts';
import { coreImage } from './image.ts';
import { decodeRecord, newCoreRetirement, recordBytes, type CoreRetirement } from './protocol.ts';
import { runHarness } from './harness-process.ts';
import { RtlMemory } from './rtl-memory.ts';

/** How a core run ended, as the harness reports it. */
export interface CoreRunEnd {
  reason: 'tohost' | 'eoc' | 'bus-error' | 'limit' | 'stopped';
  value: number;
  cycles: number;
  instret: number;
  /** Seconds inside the simulation loop (no process start, no image load). */
  seconds: number;
  /** CPU seconds of the simulation loop (the figure that does not depend on the machine's load). */
  cpuSeconds: number;
  /** The harness's RAM at the end (with `dumpMemory`; not when the run was stopped by a callback). */
  memory?: RtlMemory;
}

export interface CoreRunOptions {
  maxCycles?: number;
  /** Called per retirement (a reused record); return false to stop the run. */
  onRetire?: (r: CoreRetirement) => boolean | void;
  /** Called per batch of raw records (`count` complete records from offset 0, read them with decodeRecord); false stops. */
  onChunk?: (buf: Buffer, count: number) => boolean | void;
  fst?: { path: string; from: number; to: number };
  /** Random grants and response latencies on both ports, from this seed (0 or absent: none). */
  stallSeed?: number;
  /** Read the harness's RAM back at the end of the run (`memory` of the result). */
  dumpMemory?: boolean;
}

export async function loadProgram(path: string): Promise<ElfImage> {
  return readElfFile(path);
}

/** Runs a program image on a built core harness. */
export async function runCore(exe: string, elf: ElfImage, fileName: string, opts: CoreRunOptions = {}): Promise<CoreRunEnd> {
  const dir = await mkdtemp(join(tmpdir(), 'flexv-core-'));
  try {
    const image = join(dir, 'image.bin');
    await writeFile(image, coreImage(elf, fileName));
    const args = [image, '--max-cycles', String(opts.maxCycles ?? 100_000_000)];
    const wantRecords = opts.onRetire !== undefined || opts.onChunk !== undefined;
    if (wantRecords) args.push('--retire');
    if (opts.stallSeed) args.push('--stall-seed', String(opts.stallSeed));
    const dump = join(dir, 'memory.bin');
    if (opts.dumpMemory) args.push('--dump', dump);
    if (opts.fst) args.push('--fst', opts.fst.path, '--fst-from', String(opts.fst.from), '--fst-to', String(opts.fst.to));
    const records = wantRecords ? { recordBytes, decode: decodeRecord, rec: newCoreRetirement(), onChunk: opts.onChunk, onRetire: opts.onRetire } : undefined;
    const end = await runHarness<CoreRunEnd, CoreRetirement>(exe, args, records, 'core harness', fileName, () => ({ reason: 'stopped', value: 0, cycles: 0, instret: 0, seconds: 0, cpuSeconds: 0 }));
    if (opts.dumpMemory && end.reason !== 'stopped') end.memory = new RtlMemory(await readFile(dump), {}, fileName);
    return end;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

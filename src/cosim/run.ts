import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readElfFile, type ElfImage } from '../elf/read.ts';
import { UserError } from '../util/errors.ts';
import { coreImage } from './image.ts';
import { decodeRecord, newCoreRetirement, recordBytes, type CoreRetirement } from './protocol.ts';
import { readRecords } from './record-stream.ts';

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
    if (opts.fst) args.push('--fst', opts.fst.path, '--fst-from', String(opts.fst.from), '--fst-to', String(opts.fst.to));
    return await new Promise<CoreRunEnd>((resolve, reject) => {
      const child = spawn(exe, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      const stopped = readRecords(child, wantRecords ? { recordBytes, decode: decodeRecord, rec: newCoreRetirement(), onChunk: opts.onChunk, onRetire: opts.onRetire } : undefined);
      let err = '';
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      child.on('error', reject);
      child.on('close', (code) => {
        if (stopped()) {
          resolve({ reason: 'stopped', value: 0, cycles: 0, instret: 0, seconds: 0, cpuSeconds: 0 });
          return;
        }
        const line = err.trim().split('\n').pop() ?? '';
        try {
          const j = JSON.parse(line) as CoreRunEnd & { error?: string };
          if (j.error) reject(new UserError(`core harness: ${j.error}`, fileName));
          else resolve(j);
        } catch {
          reject(new UserError(`core harness exited with code ${code}: ${err.trim()}`, fileName));
        }
      });
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

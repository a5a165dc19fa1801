import type { Config } from '../isa/index.ts';
import { readElfFile, type ElfImage } from '../elf/read.ts';
import { Hart } from './hart.ts';
import { loadElf } from './loader.ts';
import { Memory, type HaltReason } from './memory.ts';
import type { MemorySizes } from '../platform/memory-map.ts';
import type { RetireCallback } from './retire.ts';

export interface RunOptions {
  config?: Config;
  maxInstr?: number;
  onRetire?: RetireCallback;
  linuxSyscalls?: boolean;
  sizes?: Partial<MemorySizes>;
}

export interface RunResult {
  /** Why the run stopped: a halt reason, or 'limit' when maxInstr instructions retired first. */
  reason: HaltReason | 'limit';
  /** tohost / EOC / exit value, or the faulting address of a bus error or trap loop. */
  value: number;
  instructions: number;
  hart: Hart;
  image: ElfImage;
  seconds: number;
}

/** Loads an ELF into a fresh single-hart memory map and runs it to its end or the instruction limit. */
export async function runElf(path: string, opts: RunOptions = {}): Promise<RunResult> {
  const image = await readElfFile(path);
  return runImage(image, path, opts);
}

export function runImage(image: ElfImage, fileName: string, opts: RunOptions = {}): RunResult {
  const mem = new Memory(opts.sizes);
  const hart = new Hart({ config: opts.config ?? 'flexv', mem, linuxSyscalls: opts.linuxSyscalls });
  mem.cycles = () => hart.n;
  hart.pc = loadElf(mem, image, fileName);
  const t0 = performance.now();
  hart.run(opts.maxInstr ?? 1e9, opts.onRetire);
  const seconds = (performance.now() - t0) / 1000;
  return {
    reason: mem.halted ? mem.haltReason! : 'limit',
    value: mem.haltValue,
    instructions: hart.n,
    hart,
    image,
    seconds,
  };
}

import { readElfFile, type ElfImage } from '../elf/read.ts';
import { runImage } from '../iss/index.ts';
import { UserError } from '../util/errors.ts';
import { buildKernel } from './build.ts';
import { layerDataSource } from './c-data.ts';
import type { Build } from './formats.ts';
import type { Layer } from './layer.ts';
import { unpack } from './ref/pack.ts';

/** What one kernel run on the golden model produced and cost. */
export interface KernelRun {
  build: Build;
  /** Accumulators and requantized outputs read back from memory, [pixel][channel]. */
  acc: Int32Array;
  out: Int32Array;
  /** Instructions retired by the linear kernel (activation preparation included) and by requantization. */
  kernelInstr: number;
  requantInstr: number;
  /** Cycles of the same two parts (`rdcycle`): equal to the instructions on the golden model, stalls included on the RTL. */
  kernelCycles: number;
  requantCycles: number;
  macs: number;
  instrPerMac: number;
  elf: string;
}

/** The core configuration each build needs (spec §1). */
export const CONFIG_OF_BUILD = { baseline: 'baseline', xpulpnn: 'xpulpnn', flexv: 'flexv' } as const;

/** Builds the kernel of `build` for the layer, runs it on the golden model and reads its outputs by symbol. */
export async function runKernel(build: Build, layer: Layer, maxInstr = 2e8): Promise<KernelRun> {
  const elf = await buildKernel({ build, a: layer.a, w: layer.w, outBits: layer.outBits }, layerDataSource(layer));
  const image = await readElfFile(elf);
  const r = runImage(image, elf, { config: CONFIG_OF_BUILD[build], maxInstr });
  if (r.reason !== 'tohost' || r.value !== 1) {
    throw new UserError(`kernel ${build} a${layer.a}w${layer.w} ended with ${r.reason} (value ${r.value}, pc 0x${(r.hart.pc >>> 0).toString(16)})`, elf);
  }
  return { build, ...readKernelOutputs(image, r.hart.mem, layer, elf), elf };
}

/** Where a kernel's results are read from: a memory the program ran in (golden model, or lockstep's copy). */
interface WordMemory {
  read(addr: number, size: number): number;
}

/** Reads a finished kernel's accumulators, packed outputs and instruction counters back by symbol. */
export function readKernelOutputs(image: ElfImage, mem: WordMemory, layer: Layer, elf: string): Omit<KernelRun, 'build' | 'elf'> {
  const addr = (name: string) => {
    const s = image.symbol(name);
    if (!s) throw new UserError(`symbol '${name}' missing`, elf);
    return s.value | 0;
  };
  const words = (name: string, count: number) => Int32Array.from({ length: count }, (_, i) => mem.read(addr(name) + 4 * i, 4));
  const count = layer.pixels * layer.n;
  const acc = words('acc_out', count);
  const out = unpack(words('y_out', (count * layer.outBits) / 32), layer.outBits, count, false);
  const kernelInstr = mem.read(addr('perf_kernel'), 4) >>> 0;
  const requantInstr = mem.read(addr('perf_requant'), 4) >>> 0;
  const kernelCycles = mem.read(addr('perf_kernel_cycles'), 4) >>> 0;
  const requantCycles = mem.read(addr('perf_requant_cycles'), 4) >>> 0;
  const macs = count * layer.k;
  return { acc, out, kernelInstr, requantInstr, kernelCycles, requantCycles, macs, instrPerMac: kernelInstr / macs };
}

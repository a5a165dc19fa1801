import { endDifference, formatMismatch, lockstep, type LockstepResult } from '../cosim/lockstep.ts';
import { readElfFile } from '../elf/read.ts';
import { UserError } from '../util/errors.ts';
import { buildKernel } from './build.ts';
import { layerDataSource } from './c-data.ts';
import type { Build } from './formats.ts';
import type { Layer } from './layer.ts';
import { CONFIG_OF_BUILD, readKernelOutputs, type KernelRun } from './run.ts';

/** A kernel run on the generated core, every retirement checked against the golden model. */
export interface CoreKernelRun extends KernelRun {
  config: string;
  /** Core cycles of the whole program (start-up, kernel, requantization). */
  cycles: number;
  instructions: number;
  compared: number;
  /** Output words that differ from the TypeScript reference (0 when bit-exact). */
  wrongAcc: number;
  wrongOut: number;
  seconds: number;
}

/**
 * Builds the kernel of `build` for `layer`, runs it on the core of the matching configuration in lockstep
 * and reads the results back from the core's own memory (the harness's RAM at the end of the run, not the
 * golden model's), then compares them with the layer's TypeScript reference. Lockstep has compared every
 * bus beat of the core with the golden model and, at the end, the two memories byte for byte.
 * `stallSeed`: random bus grants and 1-3 cycle responses (lockstep's option).
 */
export async function runKernelOnCore(build: Build, layer: Layer, opts: { stallSeed?: number } = {}): Promise<CoreKernelRun> {
  const config = CONFIG_OF_BUILD[build];
  const elf = await buildKernel({ build, a: layer.a, w: layer.w, outBits: layer.outBits }, layerDataSource(layer));
  const r = await lockstep(config, elf, { stallSeed: opts.stallSeed, memory: true });
  return kernelRunFromLockstep(build, layer, elf, r);
}

/**
 * The kernel's results from a lockstep run of its ELF (with `memory`): a mismatch, a wrong end or memories
 * that differ at the end are errors; the outputs and counters are read from the RTL's memory.
 */
export async function kernelRunFromLockstep(build: Build, layer: Layer, elf: string, r: LockstepResult): Promise<CoreKernelRun> {
  const config = CONFIG_OF_BUILD[build];
  if (r.mismatch) throw new UserError(`lockstep mismatch running ${build} a${layer.a}w${layer.w}:\n${formatMismatch(config, r.mismatch)}`, elf);
  if (!r.end || r.end.reason !== 'tohost' || r.end.value !== 1) {
    throw new UserError(`kernel ${build} a${layer.a}w${layer.w} on the ${config} core ended with ${r.end?.reason} (value ${r.end?.value})`, elf);
  }
  const differs = endDifference(r);
  if (differs) throw new UserError(`kernel ${build} a${layer.a}w${layer.w} on the ${config} core: ${differs}`, elf);
  if (!r.rtlMemory) throw new UserError(`kernel ${build} a${layer.a}w${layer.w}: lockstep ran without reading the core's memory back (option memory)`, elf);
  const outputs = readKernelOutputs(await readElfFile(elf), r.rtlMemory, layer, elf);
  return {
    build,
    config,
    elf,
    ...outputs,
    cycles: r.end.cycles,
    instructions: r.end.instret,
    compared: r.compared,
    wrongAcc: countDifferent(outputs.acc, layer.acc),
    wrongOut: countDifferent(outputs.out, layer.out),
    seconds: r.seconds,
  };
}

function countDifferent(a: Int32Array, b: Int32Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
  return n + Math.abs(a.length - b.length);
}

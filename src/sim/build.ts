import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../util/errors.ts';
import { cachedVerilatorBuild } from './cached-build.ts';
import { MODEL_PREFIX, modelHeader } from './codegen.ts';
import { checkDesign, type SimDesign } from './design.ts';
import { PROJECT_ROOT } from './verilator.ts';

export interface BuildOptions {
  /** Compile in FST tracing (`--trace-fst`); needed to pass `fst` when starting a simulator. */
  trace?: boolean;
  /** Cache root; default `build/verilator` (or `$FLEXV_BUILD_DIR/verilator`). */
  cacheDir?: string;
  /** Extra Verilator arguments (e.g. `-GW=8`, `--x-initial unique`); part of the cache key. */
  verilatorArgs?: string[];
  /** C++ optimisation of the model code (default `DEFAULT_CXX_OPT`). */
  cxxOpt?: CxxOpt;
}

/** A built harness executable and what it was built from; start simulators on it with `startSimulator`. */
export interface VerilatedModel {
  design: SimDesign;
  exe: string;
  trace: boolean;
  /** False when the executable came from the cache. */
  built: boolean;
  /** Seconds spent building (0 when cached). */
  buildSeconds: number;
}

export const HARNESS_SOURCE = join(PROJECT_ROOT, 'sim', 'harness.cpp');

/**
 * Verilator flags, chosen by measurement (docs/sim.md): Verilator's own optimisations on, no timing
 * (emitted RTL has no delays), warnings left to `flexv lint`.
 */
const VERILATOR_FLAGS = ['--cc', '--exe', '-O3', '--no-timing', '-Wno-fatal', '-Wno-lint', '-Wno-style'];
/** The Verilator runtime (verilated.o, ...) is compiled once per cache, so it gets full optimisation. */
const RUNTIME_OPT = 'OPT_GLOBAL=-O2';

/** C++ optimisation levels for the model code. */
export const CXX_OPTS = ['-O0', '-O1', '-Os', '-O2', '-O3'] as const;
export type CxxOpt = (typeof CXX_OPTS)[number];
/** Default chosen by measurement (`npm run bench -- sim`, docs/sim.md): builds fast, runs fast. */
export const DEFAULT_CXX_OPT: CxxOpt = '-O1';

/**
 * Builds (or finds in the cache) the harness executable for a design (src/sim/cached-build.ts): the key
 * covers the emitted SystemVerilog, the harness source, the generated port header, the flags and the
 * Verilator version; concurrent builders of the same model (two test workers) build it once.
 */
export async function buildModel(design: SimDesign, opts: BuildOptions = {}): Promise<VerilatedModel> {
  checkDesign(design);
  const trace = opts.trace ?? false;
  const cxxOpt = opts.cxxOpt ?? DEFAULT_CXX_OPT;
  if (!CXX_OPTS.includes(cxxOpt)) throw new UserError(`cxxOpt '${cxxOpt}' is not one of ${CXX_OPTS.join(', ')}`);
  const b = await cachedVerilatorBuild({
    name: design.top,
    what: design.top,
    where: `design ${design.top}`,
    top: design.top,
    prefix: MODEL_PREFIX,
    rtl: design.files, // in the emitter's order: packages before their users
    support: [
      { name: 'flexv_model.h', text: modelHeader(design) },
      { name: 'harness.cpp', text: await readFile(HARNESS_SOURCE, 'utf8') },
    ],
    inputs: ['harness.cpp'],
    flags: [...VERILATOR_FLAGS, ...(trace ? ['--trace-fst'] : []), ...(opts.verilatorArgs ?? [])],
    makeVars: [`OPT_FAST=${cxxOpt}`, `OPT_SLOW=${cxxOpt}`, RUNTIME_OPT],
    runtime: { trace },
    ...(opts.cacheDir ? { cacheDir: opts.cacheDir } : {}),
  });
  return { design, exe: b.exe, trace, built: b.built, buildSeconds: b.buildSeconds };
}

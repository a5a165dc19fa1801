import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { emitCore } from '../core/core.ts';
import type { EmitResult } from '../hdl/index.ts';
import type { CoreOptions } from '../core/configs.ts';
import { SIM_TOP, simTop } from './sim-top.ts';
import { buildOnce, cachedVerilatorBuild } from '../sim/cached-build.ts';
import { PROJECT_ROOT } from '../sim/verilator.ts';

export const CORE_HARNESS = join(PROJECT_ROOT, 'sim', 'core', 'harness.cpp');
/** The image loader shared with the cluster harness, copied beside the harness and hashed with it. */
export const IMAGE_HEADER = join(PROJECT_ROOT, 'sim', 'common', 'image.h');
/**
 * Verilator's optimisations on, warnings left to the lint test; the model code at -O2 (it runs long).
 * The core, mutant-schema and cluster models all build with these.
 */
export const VERILATOR_FLAGS = ['--cc', '--exe', '-O3', '--no-timing', '-Wno-fatal', '-Wno-lint', '-Wno-style', '--x-assign', 'fast', '--x-initial', 'fast'];
export const MAKE_VARS = ['OPT_FAST=-O2', 'OPT_SLOW=-O1', 'OPT_GLOBAL=-O2'];

export interface CoreSim {
  exe: string;
  config: string;
  trace: boolean;
  built: boolean;
  buildSeconds: number;
}

/** The core harness and the image loader it includes, as build support files. */
export async function coreHarnessFiles(): Promise<Array<{ name: string; text: string }>> {
  return [
    { name: 'harness.cpp', text: await readFile(CORE_HARNESS, 'utf8') },
    { name: 'image.h', text: await readFile(IMAGE_HEADER, 'utf8') },
  ];
}

/**
 * The Verilator executable of a core configuration with the core harness, built once and cached by
 * content (src/sim/cached-build.ts; build/verilator/core-*).
 */
export function buildCoreSim(config: string, opts: { trace?: boolean; core?: Partial<CoreOptions>; design?: EmitResult } = {}): Promise<CoreSim> {
  // A given design (a test's planted bug) instead of the configuration's: its content is the cache key.
  if (opts.design) return build(config, opts);
  // One elaboration and cache lookup per process and model: lockstep runs call this once per program.
  return buildOnce(built, `${config}:${opts.trace ?? false}:${JSON.stringify(opts.core ?? {})}`, () => build(config, opts));
}

const built = new Map<string, Promise<CoreSim>>();

async function build(config: string, opts: { trace?: boolean; core?: Partial<CoreOptions>; design?: EmitResult }): Promise<CoreSim> {
  const trace = opts.trace ?? false;
  const design = opts.design ?? emitCore(config, opts.core);
  const b = await cachedVerilatorBuild({
    name: `core-${config}${trace ? '-fst' : ''}`,
    what: `the ${config} core`,
    top: SIM_TOP,
    prefix: 'Vcore',
    rtl: [...design.files.map((f) => ({ name: f.name, text: f.text })), simTop(design)],
    support: await coreHarnessFiles(),
    inputs: ['harness.cpp'],
    flags: [...VERILATOR_FLAGS, ...(trace ? ['--trace-fst'] : [])],
    makeVars: MAKE_VARS,
    info: { config, trace },
  });
  return { exe: b.exe, config, trace, built: b.built, buildSeconds: b.buildSeconds };
}

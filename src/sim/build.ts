import { execa } from 'execa';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../util/errors.ts';
import { requireTool } from '../util/tools.ts';
import { MODEL_PREFIX, modelHeader } from './codegen.ts';
import { checkDesign, type SimDesign } from './design.ts';
import { defaultCacheDir, PROJECT_ROOT, requireCxxToolchain, verilatorVersion } from './verilator.ts';

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
/** This file's TypeScript source, also from the compiled copy (dist/sim/build.js): both share the cache. */
const RECIPE_FILE = fileURLToPath(import.meta.url).replace(/([/\\])dist([/\\]sim[/\\]build)\.js$/, '$1src$2.ts');
const EXE = 'harness';
const DONE_MARK = 'flexv-build.json';

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
 * Builds (or finds in the cache) the harness executable for a design. The cache key covers the emitted
 * SystemVerilog, the harness source, the generated port header, the flags and the Verilator version.
 * Builds happen in a private temporary directory that is renamed into place, so concurrent builders of
 * the same model (two test workers) never see a half-built one.
 */
export async function buildModel(design: SimDesign, opts: BuildOptions = {}): Promise<VerilatedModel> {
  checkDesign(design);
  const verilator = await requireTool('verilator');
  const version = await verilatorVersion();
  const trace = opts.trace ?? false;
  const header = modelHeader(design);
  const harness = await readFile(HARNESS_SOURCE, 'utf8');
  // This file is the build recipe: any change to it (flags, steps) must also invalidate cached models.
  const recipe = await readFile(RECIPE_FILE, 'utf8');
  const cxxOpt = opts.cxxOpt ?? DEFAULT_CXX_OPT;
  if (!CXX_OPTS.includes(cxxOpt)) throw new UserError(`cxxOpt '${cxxOpt}' is not one of ${CXX_OPTS.join(', ')}`);
  const makeVars = [`OPT_FAST=${cxxOpt}`, `OPT_SLOW=${cxxOpt}`, RUNTIME_OPT];
  const vflags = [...VERILATOR_FLAGS, ...(trace ? ['--trace-fst'] : []), ...(opts.verilatorArgs ?? [])];
  const files = design.files; // in the emitter's order: packages before their users
  const key = sha256(JSON.stringify({ version, vflags, makeVars, recipe, harness, header, top: design.top, files }));
  const cacheRoot = opts.cacheDir ?? defaultCacheDir();
  const finalDir = join(cacheRoot, `${design.top}-${key.slice(0, 20)}`);
  const exe = join(finalDir, EXE);
  if (existsSync(join(finalDir, DONE_MARK))) return { design, exe, trace, built: false, buildSeconds: 0 };

  const t0 = performance.now();
  await requireCxxToolchain();
  await mkdir(cacheRoot, { recursive: true });
  await removeAbandonedBuilds(cacheRoot);
  const tmp = join(cacheRoot, `.tmp-${key.slice(0, 12)}-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await mkdir(join(tmp, 'src'), { recursive: true });
    for (const f of files) {
      if (f.name.includes('/') || f.name.includes('\\') || f.name.startsWith('.')) {
        throw new UserError(`file name '${f.name}' must be a plain file name`, `design ${design.top}`);
      }
      await writeFile(join(tmp, 'src', f.name), f.text);
    }
    await writeFile(join(tmp, 'flexv_model.h'), header);
    await writeFile(join(tmp, 'harness.cpp'), harness);
    const svFiles = files.filter((f) => /\.s?v$/.test(f.name)).map((f) => f.name);
    const obj = join(tmp, 'obj');
    const args = [
      ...vflags,
      '--top-module', design.top,
      '--prefix', MODEL_PREFIX,
      '-Mdir', obj,
      '-o', EXE,
      '-CFLAGS', `-I${tmp}`,
      '-I.',
      join(tmp, 'harness.cpp'),
      ...svFiles,
    ];
    // Run from the sources' directory with bare file names, so messages (Verilator's and the design's
    // own $display/$fatal locations) name `counter.sv:12`, not a temporary path.
    const gen = await execa(verilator, args, { reject: false, all: true, cwd: join(tmp, 'src') });
    if (gen.exitCode !== 0) {
      throw new UserError(`Verilator could not build ${design.top}:\n${gen.all ?? ''}`.trimEnd(), `design ${design.top}`);
    }
    const runtime = join(cacheRoot, `runtime-${sha256(JSON.stringify({ version, trace, RUNTIME_OPT })).slice(0, 16)}`);
    const reused = await reuseRuntime(runtime, obj);
    const make = await execa('make', ['-C', obj, '-f', `${MODEL_PREFIX}.mk`, '-j2', ...makeVars, EXE], {
      reject: false,
      all: true,
    });
    if (make.exitCode !== 0) {
      throw new UserError(`C++ build of the ${design.top} harness failed:\n${tail(make.all ?? '', 60)}`, `design ${design.top}`);
    }
    if (!reused) await saveRuntime(runtime, obj, cacheRoot);
    await rename(join(obj, EXE), join(tmp, EXE));
    await rm(obj, { recursive: true, force: true });
    const buildSeconds = (performance.now() - t0) / 1000;
    await writeFile(join(tmp, DONE_MARK), JSON.stringify({ top: design.top, version, vflags, buildSeconds }, null, 2));
    try {
      await rename(tmp, finalDir);
    } catch (e) {
      // Another builder got there first: theirs is as good as ours.
      if (!existsSync(join(finalDir, DONE_MARK))) throw e;
      await rm(tmp, { recursive: true, force: true });
    }
    return { design, exe, trace, built: true, buildSeconds };
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
}

/** Temporary build directories older than this were left by a killed process. */
const ABANDONED_MS = 60 * 60 * 1000;

async function removeAbandonedBuilds(cacheRoot: string): Promise<void> {
  for (const d of await readdir(cacheRoot)) {
    if (!d.startsWith('.tmp-')) continue;
    const path = join(cacheRoot, d);
    const age = Date.now() - (await stat(path).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
    if (age > ABANDONED_MS) await rm(path, { recursive: true, force: true });
  }
}

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

function tail(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** Verilator's runtime objects (verilated.o, ...): the same for every model, compiled once per cache. */
const isRuntimeObject = (f: string): boolean => /^verilated.*\.o$/.test(f);

/**
 * Copies precompiled runtime objects into a fresh model directory. make would rebuild them because they
 * depend on the model's makefile, so they are stamped newer than it.
 */
async function reuseRuntime(runtime: string, obj: string): Promise<boolean> {
  if (!existsSync(join(runtime, DONE_MARK))) return false;
  const now = new Date(Date.now() + 1000);
  for (const f of (await readdir(runtime)).filter(isRuntimeObject)) {
    await copyFile(join(runtime, f), join(obj, f));
    await utimes(join(obj, f), now, now);
  }
  return true;
}

async function saveRuntime(runtime: string, obj: string, cacheRoot: string): Promise<void> {
  const tmp = join(cacheRoot, `.tmp-runtime-${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(tmp, { recursive: true });
  for (const f of (await readdir(obj)).filter(isRuntimeObject)) await copyFile(join(obj, f), join(tmp, f));
  await writeFile(join(tmp, DONE_MARK), '{}\n');
  try {
    await rename(tmp, runtime);
  } catch {
    await rm(tmp, { recursive: true, force: true });
  }
}

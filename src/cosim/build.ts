import { execa } from 'execa';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { emitCore } from '../core/core.ts';
import type { EmitResult } from '../hdl/index.ts';
import type { CoreOptions } from '../core/configs.ts';
import { SIM_TOP, simTop } from './sim-top.ts';
import { defaultCacheDir, PROJECT_ROOT, verilatorVersion } from '../sim/verilator.ts';
import { UserError } from '../util/errors.ts';
import { requireTool } from '../util/tools.ts';

export const CORE_HARNESS = join(PROJECT_ROOT, 'sim', 'core', 'harness.cpp');
/** The image loader shared with the cluster harness, copied beside the harness and hashed with it. */
export const IMAGE_HEADER = join(PROJECT_ROOT, 'sim', 'common', 'image.h');
const DONE = 'flexv-build.json';
/** Verilator's optimisations on, warnings left to the lint test; the model code at -O2 (it runs long). */
export const VERILATOR_FLAGS = ['--cc', '--exe', '-O3', '--no-timing', '-Wno-fatal', '-Wno-lint', '-Wno-style', '--x-assign', 'fast', '--x-initial', 'fast'];
export const MAKE_VARS = ['OPT_FAST=-O2', 'OPT_SLOW=-O1', 'OPT_GLOBAL=-O2'];

export interface CoreSim {
  exe: string;
  config: string;
  trace: boolean;
  built: boolean;
  buildSeconds: number;
}

/**
 * The Verilator executable of a core configuration with the core harness, built once and cached by the
 * content of the emitted SV, the harness, the flags and the Verilator version (build/verilator/core-*).
 * Concurrent builders each build in a private directory and rename it into place.
 */
export function buildCoreSim(config: string, opts: { trace?: boolean; core?: Partial<CoreOptions>; design?: EmitResult } = {}): Promise<CoreSim> {
  // A given design (a test's planted bug) instead of the configuration's: its content is the cache key.
  if (opts.design) return build(config, opts);
  // One elaboration and cache lookup per process and model: lockstep runs call this once per program.
  const key = `${config}:${opts.trace ?? false}:${JSON.stringify(opts.core ?? {})}`;
  let p = built.get(key);
  if (!p) {
    p = build(config, opts);
    built.set(key, p);
    p.catch(() => built.delete(key));
  }
  return p;
}

const built = new Map<string, Promise<CoreSim>>();

async function build(config: string, opts: { trace?: boolean; core?: Partial<CoreOptions>; design?: EmitResult }): Promise<CoreSim> {
  const verilator = await requireTool('verilator');
  const trace = opts.trace ?? false;
  const design = opts.design ?? emitCore(config, opts.core);
  const harness = await readFile(CORE_HARNESS, 'utf8');
  const image = await readFile(IMAGE_HEADER, 'utf8');
  const version = await verilatorVersion();
  const vflags = [...VERILATOR_FLAGS, ...(trace ? ['--trace-fst'] : [])];
  const files = [...design.files.map((f) => ({ name: f.name, text: f.text })), simTop(design)];
  const key = createHash('sha256').update(JSON.stringify({ version, vflags, MAKE_VARS, harness, image, files })).digest('hex').slice(0, 20);
  const root = defaultCacheDir();
  const dir = join(root, `core-${config}${trace ? '-fst' : ''}-${key}`);
  const exe = join(dir, 'harness');
  if (existsSync(join(dir, DONE))) return { exe, config, trace, built: false, buildSeconds: 0 };

  const t0 = performance.now();
  const tmp = join(root, `.tmp-core-${key.slice(0, 8)}-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await mkdir(join(tmp, 'rtl'), { recursive: true });
    for (const f of files) await writeFile(join(tmp, 'rtl', f.name), f.text);
    await writeFile(join(tmp, 'harness.cpp'), harness);
    await writeFile(join(tmp, 'image.h'), image);
    const sv = files.filter((f) => f.name.endsWith('.sv')).map((f) => join(tmp, 'rtl', f.name));
    const obj = join(tmp, 'obj');
    const gen = await execa(
      verilator,
      [...vflags, '--top-module', SIM_TOP, '--prefix', 'Vcore', '-Mdir', obj, '-o', 'harness', join(tmp, 'harness.cpp'), ...sv],
      { reject: false, all: true, cwd: tmp },
    );
    if (gen.exitCode !== 0) throw new UserError(`Verilator could not build the ${config} core:\n${gen.all ?? ''}`);
    const make = await execa('make', ['-C', obj, '-f', 'Vcore.mk', '-j2', ...MAKE_VARS, 'harness'], { reject: false, all: true });
    if (make.exitCode !== 0) throw new UserError(`C++ build of the core harness failed:\n${(make.all ?? '').split('\n').slice(-40).join('\n')}`);
    await rename(join(obj, 'harness'), join(tmp, 'harness'));
    await rm(obj, { recursive: true, force: true });
    const buildSeconds = (performance.now() - t0) / 1000;
    await writeFile(join(tmp, DONE), JSON.stringify({ config, trace, version, buildSeconds }, null, 2));
    try {
      await rename(tmp, dir);
    } catch (e) {
      if (!existsSync(join(dir, DONE))) throw e;
      await rm(tmp, { recursive: true, force: true });
    }
    return { exe, config, trace, built: true, buildSeconds };
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
}

import { execa } from 'execa';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, open, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { UserError } from '../util/errors.ts';
import { requireTool } from '../util/tools.ts';
import { defaultCacheDir, requireCxxToolchain, verilatorVersion } from './verilator.ts';

/** A file written into the build directory. */
export interface BuildFile {
  name: string;
  text: string;
}

/** Everything a Verilator harness build is made from; all of it is part of the cache key. */
export interface VerilatorBuildSpec {
  /** The cache entry is `<cacheDir>/<name>-<hash>/` (e.g. `core-flexv`, or a module's top). */
  name: string;
  /** What is built, for messages: "Verilator could not build <what>". */
  what: string;
  /** Where a build error points (the UserError's location, if any), e.g. `design counter`. */
  where?: string;
  /** The model's top module, and the `--prefix` of its C++ classes (the harness includes `<prefix>.h`). */
  top: string;
  prefix: string;
  /**
   * The design's sources, written into `rtl/` under their plain names. Verilator runs there and gets the
   * `.sv`/`.v` ones by bare name in this order (packages first), so its messages and the design's own
   * `$fatal` locations name `counter.sv:12`, not a temporary path.
   */
  rtl: readonly BuildFile[];
  /** Harness sources, headers and Verilator configs, written beside `rtl/` (which is on the C++ include path). */
  support: readonly BuildFile[];
  /** Names in `support` given to Verilator before the design, in order (harness and DPI `.cpp`, `.vlt`). */
  inputs: readonly string[];
  flags: readonly string[];
  /** make variables (`OPT_FAST=-O2`, ...). */
  makeVars: readonly string[];
  /**
   * Share the compiled Verilator runtime (verilated*.o) between the models whose `runtime` values are equal
   * (say which flags change it, e.g. `{ trace }`); undefined: compiled with each model.
   */
  runtime?: unknown;
  /** Cache root; default `defaultCacheDir()` (`$FLEXV_BUILD_DIR/verilator`, else `build/verilator`). */
  cacheDir?: string;
  /** More facts for the entry's `flexv-build.json` (not part of the key). */
  info?: Record<string, unknown>;
  /** Called when a build starts (not on a cache hit), e.g. to tell the user it takes a while. */
  onBuild?: () => void;
}

export interface CachedBuild {
  /** The harness executable. */
  exe: string;
  /** The cache entry it lives in. */
  dir: string;
  /** False when it came from the cache (or another builder finished it while this one waited). */
  built: boolean;
  /** Seconds spent building (0 when cached). */
  buildSeconds: number;
}

/** This file's TypeScript source, also from the compiled copy (dist/sim/cached-build.js): both share the cache. */
const RECIPE_FILE = fileURLToPath(import.meta.url).replace(/([/\\])dist([/\\]sim[/\\]cached-build)\.js$/, '$1src$2.ts');
const EXE = 'harness';
const DONE_MARK = 'flexv-build.json';
/** Temporary build directories older than this were left by a killed process. */
const ABANDONED_MS = 2 * 60 * 60 * 1000;
const LOCK_POLL_MS = 250;
/** A builder touches its lock this often; a lock untouched for LOCK_STALE_MS has lost its builder. */
const LOCK_HEARTBEAT_MS = 15_000;
const LOCK_STALE_MS = 90_000;
const ERROR_TAIL_LINES = 60;

/**
 * Builds (or finds in the cache) a Verilator harness executable. The cache key is a SHA-256 over every
 * input: the design and support files, top, prefix, flags, make variables, this build recipe (this file)
 * and the Verilator version. One builder per entry at a time (a lock file beside it, touched while the
 * build runs; the others wait and take the result); the build runs in a private temporary directory that is renamed into place when
 * complete, so no reader ever sees a half-built model, even when a stale lock was taken over.
 */
export async function cachedVerilatorBuild(spec: VerilatorBuildSpec): Promise<CachedBuild> {
  const verilator = await requireTool('verilator');
  const version = await verilatorVersion();
  const { root, dir, key, lock } = await cacheEntry(spec);
  const cached: CachedBuild = { exe: join(dir, EXE), dir, built: false, buildSeconds: 0 };
  if (existsSync(join(dir, DONE_MARK))) return cached;

  await requireCxxToolchain();
  await mkdir(root, { recursive: true });
  if (!(await acquireLock(lock, join(dir, DONE_MARK)))) return cached;
  const heartbeat = setInterval(() => {
    const now = new Date();
    utimes(lock, now, now).catch(() => {});
  }, LOCK_HEARTBEAT_MS).unref();
  try {
    if (existsSync(join(dir, DONE_MARK))) return cached; // finished while this builder took the lock
    spec.onBuild?.();
    await removeAbandonedBuilds(root);
    const buildSeconds = await build(spec, verilator, version, root, dir, key);
    return { ...cached, built: true, buildSeconds };
  } finally {
    clearInterval(heartbeat);
    await rm(lock, { force: true });
  }
}

/** Where a spec's model is cached: its entry `dir` (by the content `key`) and the `lock` file of its builder. */
export async function cacheEntry(spec: VerilatorBuildSpec): Promise<{ root: string; dir: string; key: string; lock: string }> {
  for (const f of [...spec.rtl, ...spec.support]) {
    if (f.name.includes('/') || f.name.includes('\\') || f.name.startsWith('.')) {
      throw new UserError(`file name '${f.name}' must be a plain file name`, spec.where);
    }
  }
  const version = await verilatorVersion();
  const recipe = await readFile(RECIPE_FILE, 'utf8');
  const { top, prefix, flags, makeVars, inputs } = spec;
  const [rtl, support] = [spec.rtl, spec.support].map((files) => files.map((f) => [f.name, f.text]));
  const key = sha256(JSON.stringify({ version, recipe, top, prefix, flags, makeVars, inputs, rtl, support })).slice(0, 20);
  const root = spec.cacheDir ?? defaultCacheDir();
  return { root, dir: join(root, `${spec.name}-${key}`), key, lock: join(root, `.lock-${spec.name}-${key}`) };
}

async function build(spec: VerilatorBuildSpec, verilator: string, version: string, root: string, dir: string, key: string): Promise<number> {
  const t0 = performance.now();
  const tmp = join(root, `.tmp-${spec.name}-${key.slice(0, 8)}-${process.pid}-${randomBytes(4).toString('hex')}`);
  const where = spec.where;
  try {
    const rtlDir = join(tmp, 'rtl');
    await mkdir(rtlDir, { recursive: true });
    for (const f of spec.rtl) await writeFile(join(rtlDir, f.name), f.text);
    for (const f of spec.support) await writeFile(join(tmp, f.name), f.text);
    const obj = join(tmp, 'obj');
    const args = [
      ...spec.flags,
      '--top-module', spec.top,
      '--prefix', spec.prefix,
      '-Mdir', obj,
      '-o', EXE,
      '-CFLAGS', `-I${tmp}`,
      '-I.',
      ...spec.inputs.map((f) => join(tmp, f)),
      ...spec.rtl.filter((f) => /\.s?v$/.test(f.name)).map((f) => f.name),
    ];
    const gen = await execa(verilator, args, { reject: false, all: true, cwd: rtlDir });
    if (gen.exitCode !== 0) throw new UserError(`Verilator could not build ${spec.what}:\n${gen.all ?? ''}`.trimEnd(), where);
    const runtime = spec.runtime === undefined ? undefined : runtimeDir(root, version, spec);
    const reused = runtime !== undefined && (await reuseRuntime(runtime, obj));
    const make = await execa('make', ['-C', obj, '-f', `${spec.prefix}.mk`, '-j2', ...spec.makeVars, EXE], { reject: false, all: true });
    if (make.exitCode !== 0) throw new UserError(`C++ build of the harness of ${spec.what} failed:\n${tail(make.all ?? '', ERROR_TAIL_LINES)}`, where);
    if (runtime !== undefined && !reused) await saveRuntime(runtime, obj, root);
    await rename(join(obj, EXE), join(tmp, EXE));
    await rm(obj, { recursive: true, force: true });
    const buildSeconds = (performance.now() - t0) / 1000;
    const mark = { name: spec.name, top: spec.top, version, flags: spec.flags, ...spec.info, buildSeconds };
    await writeFile(join(tmp, DONE_MARK), JSON.stringify(mark, null, 2));
    try {
      await rename(tmp, dir);
    } catch (e) {
      // Another builder (one that took over a stale lock) got there first: theirs is as good as ours.
      if (!existsSync(join(dir, DONE_MARK))) throw e;
      await rm(tmp, { recursive: true, force: true });
    }
    return buildSeconds;
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
}

/**
 * Takes the build lock of a cache entry (true), or waits until its holder published the entry (false).
 * A lock whose process is gone (same host), or that its builder stopped touching, is taken over.
 */
async function acquireLock(lock: string, done: string): Promise<boolean> {
  const owner = JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() });
  for (;;) {
    if (existsSync(done)) return false;
    try {
      const fh = await open(lock, 'wx');
      await fh.writeFile(owner).finally(() => fh.close());
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    if (await isStale(lock)) await rm(lock, { force: true });
    else await sleep(LOCK_POLL_MS);
  }
}

async function isStale(lock: string): Promise<boolean> {
  const info = await stat(lock).catch(() => undefined);
  if (!info) return false; // released meanwhile: try again
  if (Date.now() - info.mtimeMs > LOCK_STALE_MS) return true;
  let holder: { pid?: number; host?: string };
  try {
    holder = JSON.parse(await readFile(lock, 'utf8')) as typeof holder;
  } catch {
    return false; // being written right now
  }
  return holder.host === hostname() && typeof holder.pid === 'number' && !isAlive(holder.pid);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by another user
  }
}

/**
 * One build per key and process: later and concurrent calls share the first call's promise (a caller
 * elaborating a design per call saves that too); a failed build is forgotten, so the next call retries.
 */
export function buildOnce<T>(memo: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let p = memo.get(key);
  if (!p) {
    p = make();
    memo.set(key, p);
    p.catch(() => memo.delete(key));
  }
  return p;
}

async function removeAbandonedBuilds(root: string): Promise<void> {
  for (const d of await readdir(root)) {
    if (!d.startsWith('.tmp-')) continue;
    const path = join(root, d);
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

/** Verilator's runtime objects (verilated.o, ...): model-independent, so compiled once per cache and key. */
const isRuntimeObject = (f: string): boolean => /^verilated.*\.o$/.test(f);

/** The runtime is compiled with the make variable OPT_GLOBAL; the caller's `runtime` says what else changes it. */
function runtimeDir(root: string, version: string, spec: VerilatorBuildSpec): string {
  const global = spec.makeVars.filter((v) => v.startsWith('OPT_GLOBAL='));
  return join(root, `runtime-${sha256(JSON.stringify({ version, runtime: spec.runtime, global })).slice(0, 16)}`);
}

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

async function saveRuntime(runtime: string, obj: string, root: string): Promise<void> {
  const tmp = join(root, `.tmp-runtime-${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(tmp, { recursive: true });
  for (const f of (await readdir(obj)).filter(isRuntimeObject)) await copyFile(join(obj, f), join(tmp, f));
  await writeFile(join(tmp, DONE_MARK), '{}\n');
  try {
    await rename(tmp, runtime);
  } catch {
    await rm(tmp, { recursive: true, force: true });
  }
}

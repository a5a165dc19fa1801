import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { atomicWrite, cachedFile, contentKey, gcc, headerTexts, writeRegsHeader } from '../kernels/c-cache.ts';
import { CONFORMANCE_DIR } from './archive.ts';
import type { KernelEntry } from './catalog.ts';

/**
 * Build flow of the conformance ELFs: the kernel's C file (and the kernels it calls, from the same family),
 * compiled UNMODIFIED with its family's `include/` and flexv's `pmsis.h` / `pulp_builtins.h`, plus the
 * generated driver; single core: sw/lib/crt0.S and kernels.ld (tohost); cluster: sw/cluster/crt0.S and
 * cluster.ld (EOC). Objects and ELFs are cached by content under build/conformance.
 *
 * Flags beyond flexv's usual ones, each for the PULP toolchain's dialect: `-flax-vector-conversions` (the
 * kernels mix v4s/v4u), and no `-Werror` (upstream headers warn under a newer GCC).
 */
const ROOT = resolve(import.meta.dirname, '../..');
const SW = join(ROOT, 'sw');
const CACHE = join(CONFORMANCE_DIR, 'cache');
const GEN_INCLUDE = join(CONFORMANCE_DIR, 'include');
const FLAGS = ['-march=rv32imc_zicsr', '-mabi=ilp32', '-O3', '-ffreestanding', '-fno-common', '-flax-vector-conversions', '-w'];
const LINK = ['-nostdlib', '-nostartfiles', '-static', '-Wl,--no-warn-rwx-segments'];

/** Hash of every flexv header a conformance build may include (the family headers are hashed per build). */
let headers: Promise<string> | undefined;
function flexvHeaders(): Promise<string> {
  headers ??= (async () => {
    const regs = await writeRegsHeader(GEN_INCLUDE);
    const texts = [regs, ...(await headerTexts([join(SW, 'include'), join(SW, 'cluster')]))];
    return contentKey(...texts);
  })();
  return headers;
}

const familyHeaderHash = new Map<string, string>();
function familyHeaders(includeDir: string): string {
  let h = familyHeaderHash.get(includeDir);
  if (!h) {
    h = contentKey(...['pulp_nn_utils.h', 'pulp_nn_kernels.h'].map((f) => readFileSync(join(includeDir, f), 'utf8')));
    familyHeaderHash.set(includeDir, h);
  }
  return h;
}

let running = 0;
const waiting: Array<() => void> = [];
/** At most `FLEXV_CONFORMANCE_JOBS` (default 2) compilers at a time: the machine is shared. */
async function limited<T>(f: () => Promise<T>): Promise<T> {
  const max = Number(process.env.FLEXV_CONFORMANCE_JOBS ?? 2);
  while (running >= max) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    return await f();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** The compiler, at most FLEXV_CONFORMANCE_JOBS at a time. */
const compileLimited = (args: string[], where: string) => gcc(args, where, limited);

export interface BuildTarget {
  /** NUM_CORES: 1 (single core, tohost) or the cluster size (EOC). */
  cores: number;
  /** The family's include directory (pulp_nn_utils.h, pulp_nn_kernels.h). */
  includeDir: string;
}

function includes(t: BuildTarget): string[] {
  const dirs = [t.includeDir, join(SW, 'include')];
  if (t.cores > 1) dirs.push(join(SW, 'cluster'), GEN_INCLUDE);
  return dirs.map((d) => `-I${d}`);
}

const defines = (t: BuildTarget) => [`-DNUM_CORES=${t.cores}`, ...(t.cores > 1 ? ['-DFLEXV_CLUSTER'] : [])];

async function compile(t: BuildTarget, name: string, text: string): Promise<string> {
  const key = contentKey(name, text, await flexvHeaders(), familyHeaders(t.includeDir), ...defines(t), ...FLAGS);
  const dir = join(CACHE, 'obj');
  return cachedFile(dir, `${key}.o`, async (tmp) => {
    // Named after the source, so compiler and linker messages name the kernel file.
    const src = join(dir, `${key}.${name}`);
    await atomicWrite(src, text);
    await compileLimited([...FLAGS, ...includes(t), ...defines(t), '-c', src, '-o', tmp], name);
  });
}

/** Kernels of the same family that `k`'s source calls (conv -> matmul), found by name in the source. */
export function dependencies(k: KernelEntry, family: readonly KernelEntry[]): KernelEntry[] {
  const byName = new Map(family.map((e) => [e.name, e]));
  const seen = new Set([k.name]);
  const out: KernelEntry[] = [];
  const visit = (e: KernelEntry) => {
    for (const m of readFileSync(e.file, 'utf8').matchAll(/\b(x?pulp_nn_\w+)\s*\(/g)) {
      const dep = byName.get(m[1]);
      if (dep && !seen.has(dep.name)) {
        seen.add(dep.name);
        out.push(dep);
        visit(dep);
      }
    }
  };
  visit(k);
  return out;
}

/** Builds the ELF of kernel `k` (with `deps`) and its driver source for `t`; returns the cached path. */
export async function buildConformanceElf(t: BuildTarget, k: KernelEntry, deps: KernelEntry[], driver: string): Promise<string> {
  const cluster = t.cores > 1;
  const crt0 = join(SW, cluster ? 'cluster' : 'lib', 'crt0.S');
  const ld = join(SW, cluster ? 'cluster/cluster.ld' : 'lib/kernels.ld');
  const objs = await Promise.all([
    compile(t, 'crt0.S', await readFile(crt0, 'utf8')),
    ...[k, ...deps].map(async (e) => compile(t, `${e.name}.c`, await readFile(e.file, 'utf8'))),
    compile(t, `driver-${k.name}.c`, driver),
  ]);
  const key = contentKey(await readFile(ld, 'utf8'), ...objs);
  return cachedFile(join(CACHE, 'elf'), `${key}.elf`, (tmp) => compileLimited([...FLAGS, ...LINK, '-T', ld, '-o', tmp, ...objs], ld));
}

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { UserError } from '../../util/errors.ts';
import { requireTool } from '../../util/tools.ts';
import type { Bits, Build } from '../formats.ts';
import { depthwiseWidths, type DepthwiseLanes } from './depthwise-plan.ts';
import { clusterRegsHeader } from './regs-header.ts';

/**
 * Build flow of the cluster kernels: the SPMD start-up and driver (sw/cluster), the single-core kernels'
 * linear kernel of the build (sw/kernels), the depthwise kernel, and a generated data translation unit,
 * compiled by the stock riscv64-unknown-elf-gcc and linked with sw/cluster/cluster.ld. Objects and ELFs are
 * cached by content under build/cluster-kernels (written to a temporary name, then renamed, so parallel test
 * workers can share the cache).
 */
const ROOT = resolve(import.meta.dirname, '../../..');
const SW = join(ROOT, 'sw');
export const CACHE_DIR = join(ROOT, 'build', 'cluster-kernels');
const GEN_DIR = join(CACHE_DIR, 'include');
const INCLUDE_DIRS = [join(SW, 'include'), join(SW, 'kernels'), join(SW, 'cluster'), GEN_DIR];
const FLAGS = ['-march=rv32imc_zicsr', '-mabi=ilp32', '-O3', '-ffreestanding', '-fno-common', '-Wall', '-Werror'];
const LD_SCRIPT = join(SW, 'cluster', 'cluster.ld');
const LINK_FLAGS = ['-nostdlib', '-nostartfiles', '-static', '-Wl,--no-warn-rwx-segments', '-T', LD_SCRIPT];

export interface ClusterVariant {
  build: Build;
  a: Bits;
  w: Bits;
  outBits: Bits;
  /** Depthwise column stream (default 'fastest'); sets DW_PA, DW_D. */
  lanes?: DepthwiseLanes;
}

/** Sources of every cluster kernel ELF (the data unit comes on top). */
export function clusterSources(build: Build): string[] {
  return [
    join(SW, 'cluster', 'crt0.S'),
    join(SW, 'cluster', 'main.c'),
    join(SW, 'cluster', 'layer_run.c'),
    join(SW, 'cluster', 'depthwise.c'),
    join(SW, 'kernels', `linear_${build}.c`),
  ];
}

const sha = (...parts: string[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex').slice(0, 24);
};

async function atomicWrite(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

let prepared: Promise<string> | undefined;
/** Writes the generated register header and hashes every header a source may include. */
function prepareHeaders(): Promise<string> {
  prepared ??= (async () => {
    await mkdir(GEN_DIR, { recursive: true });
    const regs = clusterRegsHeader();
    const path = join(GEN_DIR, 'cluster-regs.h');
    if (!existsSync(path) || (await readFile(path, 'utf8')) !== regs) await atomicWrite(path, regs);
    const texts: string[] = [];
    for (const dir of INCLUDE_DIRS) {
      for (const f of (await readdir(dir)).filter((n) => n.endsWith('.h')).sort()) texts.push(f, await readFile(join(dir, f), 'utf8'));
    }
    return sha(...texts);
  })();
  return prepared;
}

async function gcc(args: string[], where: string): Promise<void> {
  const bin = await requireTool('gcc');
  const r = await execa(bin, args, { reject: false });
  if (r.exitCode !== 0) throw new UserError(`riscv64-unknown-elf-gcc failed:\n${r.stderr}`, where);
}

async function compile(name: string, text: string, defines: string[]): Promise<string> {
  const key = sha(name.split('/').pop()!, text, await prepareHeaders(), ...defines, ...FLAGS);
  const dir = join(CACHE_DIR, 'obj');
  const obj = join(dir, `${key}.o`);
  if (existsSync(obj)) return obj;
  await mkdir(dir, { recursive: true });
  const src = join(dir, `${key}.src.${name.endsWith('.S') ? 'S' : 'c'}`);
  await atomicWrite(src, text);
  const tmp = `${obj}.${process.pid}.tmp`;
  await gcc([...FLAGS, ...INCLUDE_DIRS.map((d) => `-I${d}`), ...defines, '-c', src, '-o', tmp], name);
  await rename(tmp, obj);
  return obj;
}

async function link(objects: string[]): Promise<string> {
  const key = sha(await readFile(LD_SCRIPT, 'utf8'), ...objects);
  const dir = join(CACHE_DIR, 'elf');
  const elf = join(dir, `${key}.elf`);
  if (existsSync(elf)) return elf;
  await mkdir(dir, { recursive: true });
  const tmp = `${elf}.${process.pid}.tmp`;
  await gcc([...FLAGS, ...LINK_FLAGS, '-o', tmp, ...objects], LD_SCRIPT);
  await rename(tmp, elf);
  return elf;
}

/** Builds a cluster kernel ELF for a variant and its data translation unit; returns the cached ELF path. */
export async function buildClusterKernel(v: ClusterVariant, dataSource: string): Promise<string> {
  const { pa, d } = depthwiseWidths(v.build, v.a, v.w, v.lanes);
  const defs = [`-DA_BITS=${v.a}`, `-DW_BITS=${v.w}`, `-DOUT_BITS=${v.outBits}`, `-DCLUSTER_BUILD_${v.build.toUpperCase()}=1`, `-DDW_PA=${pa}`, `-DDW_D=${d}`];
  const objs = await Promise.all(clusterSources(v.build).map(async (p) => compile(p, await readFile(p, 'utf8'), defs)));
  objs.push(await compile('cluster-layer-data.c', dataSource, defs));
  return link(objs);
}

import { variantDefines } from '../build.ts';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { atomicWrite, cachedFile, contentKey, gcc, headerTexts, writeRegsHeader } from '../c-cache.ts';
import type { Bits, Build } from '../formats.ts';
import { REQUANT_SHIFT } from '../layer.ts';
import { clusterQuad } from './block.ts';
import { depthwiseWidths, type DepthwiseLanes } from './depthwise-plan.ts';

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

let prepared: Promise<string> | undefined;
/** Writes the generated register header and hashes every header a source may include. */
function prepareHeaders(): Promise<string> {
  prepared ??= (async () => {
    await writeRegsHeader(GEN_DIR);
    const texts = await headerTexts(INCLUDE_DIRS);
    return contentKey(...texts);
  })();
  return prepared;
}

async function compile(name: string, text: string, defines: string[]): Promise<string> {
  const key = contentKey(name.split('/').pop()!, text, await prepareHeaders(), ...defines, ...FLAGS);
  return cachedFile(join(CACHE_DIR, 'obj'), `${key}.o`, async (tmp) => {
    const src = join(CACHE_DIR, 'obj', `${key}.src.${name.endsWith('.S') ? 'S' : 'c'}`);
    await atomicWrite(src, text);
    await gcc([...FLAGS, ...INCLUDE_DIRS.map((d) => `-I${d}`), ...defines, '-c', src, '-o', tmp], name);
  });
}

async function link(objects: string[]): Promise<string> {
  const key = contentKey(await readFile(LD_SCRIPT, 'utf8'), ...objects);
  return cachedFile(join(CACHE_DIR, 'elf'), `${key}.elf`, (tmp) => gcc([...FLAGS, ...LINK_FLAGS, '-o', tmp, ...objects], LD_SCRIPT));
}

/** Builds a cluster kernel ELF for a variant and its data translation unit; returns the cached ELF path. */
export async function buildClusterKernel(v: ClusterVariant, dataSource: string): Promise<string> {
  const { pa, d } = depthwiseWidths(v.build, v.a, v.w, v.lanes);
  const defs = [...variantDefines(v), `-DCLUSTER_BUILD_${v.build.toUpperCase()}=1`, `-DDW_PA=${pa}`, `-DDW_D=${d}`, `-DCLUSTER_QUAD=${clusterQuad(v.build, v.a, v.w) ? 1 : 0}`, `-DRQ_SHIFT=${REQUANT_SHIFT}`];
  const objs = await Promise.all(clusterSources(v.build).map(async (p) => compile(p, await readFile(p, 'utf8'), defs)));
  objs.push(await compile('cluster-layer-data.c', dataSource, defs));
  return link(objs);
}

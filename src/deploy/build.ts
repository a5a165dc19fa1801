/**
 * Build of a deployed network: the generated units (one per layer + the network data) with the deployment
 * kernels and driver (sw/deploy) and the cluster start-up (sw/cluster/crt0.S, cluster.ld), compiled by the
 * project's riscv64-unknown-elf-gcc. Objects and the ELF are cached by content under build/deploy
 * (temporary name, then rename), so an unchanged layer is not recompiled.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { atomicWrite, cachedFile, contentKey, gcc, headerTexts, writeRegsHeader } from '../kernels/c-cache.ts';
import type { Config } from '../isa/index.ts';
import type { GeneratedProgram } from './codegen.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SW = join(ROOT, 'sw');
export const DEPLOY_CACHE = join(ROOT, 'build', 'deploy');
const GEN_DIR = join(DEPLOY_CACHE, 'include');
const INCLUDE_DIRS = [join(SW, 'include'), join(SW, 'cluster'), join(SW, 'kernels'), join(SW, 'deploy'), GEN_DIR];
// 8-bit activations, weights and outputs: the formats the build's linear kernel is compiled for.
const FLAGS = ['-march=rv32imc_zicsr', '-mabi=ilp32', '-O3', '-ffreestanding', '-fno-common', '-fno-tree-loop-distribute-patterns', '-Wall', '-Werror', '-DA_BITS=8', '-DW_BITS=8', '-DOUT_BITS=8'];
const LD_SCRIPT = join(SW, 'cluster', 'cluster.ld');
const LINK_FLAGS = ['-nostdlib', '-nostartfiles', '-static', '-Wl,--no-warn-rwx-segments', '-T', LD_SCRIPT];
const fixedSources = (build: Config) => [join(SW, 'cluster', 'crt0.S'), join(SW, 'deploy', 'network.c'), join(SW, 'deploy', 'kernels.c'), join(SW, 'deploy', 'depthwise.c'), join(SW, 'kernels', `linear_${build}.c`)];

let headers: Promise<string> | undefined;
function prepareHeaders(): Promise<string> {
  headers ??= (async () => {
    await writeRegsHeader(GEN_DIR);
    const texts = await headerTexts(INCLUDE_DIRS);
    return contentKey(...texts);
  })();
  return headers;
}

async function compile(name: string, text: string, build: Config): Promise<string> {
  const defs = [`-DCLUSTER_BUILD_${build.toUpperCase()}=1`];
  const key = contentKey(name, text, await prepareHeaders(), ...FLAGS, ...defs);
  const dir = join(DEPLOY_CACHE, 'obj');
  return cachedFile(dir, `${key}.o`, async (tmp) => {
    const src = join(dir, `${key}.src.${name.endsWith('.S') ? 'S' : 'c'}`);
    await atomicWrite(src, text);
    await gcc([...FLAGS, ...defs, ...INCLUDE_DIRS.map((d) => `-I${d}`), '-c', src, '-o', tmp], name);
  });
}

export interface BuiltProgram {
  elf: string;
  /** generated sources written next to the ELF for reading (`--out`) */
  objects: number;
}

/** Compiles (cached) and links the program; writes the generated sources into `outDir` when given. */
export async function buildProgram(p: GeneratedProgram, build: Config, outDir?: string): Promise<BuiltProgram> {
  const names = [...p.files.keys()].sort();
  if (outDir) {
    await mkdir(outDir, { recursive: true });
    for (const n of names) await writeFile(join(outDir, n), p.files.get(n)!);
  }
  const objs: string[] = [];
  for (const f of fixedSources(build)) objs.push(await compile(f.slice(ROOT.length + 1), await readFile(f, 'utf8'), build));
  // Two compilers at a time at most (the machine is shared).
  for (let i = 0; i < names.length; i += 2) {
    objs.push(...(await Promise.all(names.slice(i, i + 2).map((n) => compile(n, p.files.get(n)!, build)))));
  }
  const key = contentKey(await readFile(LD_SCRIPT, 'utf8'), ...objs);
  const elf = await cachedFile(join(DEPLOY_CACHE, 'elf'), `${key}.elf`, (tmp) => gcc([...FLAGS, ...LINK_FLAGS, '-o', tmp, ...objs, '-lgcc'], LD_SCRIPT));
  return { elf, objects: objs.length };
}

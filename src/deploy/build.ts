/**
 * Build of a deployed network: the generated units (one per layer + the network data) with the deployment
 * kernels and driver (sw/deploy) and the cluster start-up (sw/cluster/crt0.S, cluster.ld), compiled by the
 * project's riscv64-unknown-elf-gcc. Objects and the ELF are cached by content under build/deploy
 * (temporary name, then rename), so an unchanged layer is not recompiled.
 */
import { variantDefines } from '../kernels/build.ts';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { atomicWrite, cachedFile, contentKey, gcc, headerTexts, writeRegsHeader } from '../kernels/c-cache.ts';
import type { Config } from '../isa/index.ts';
import { clusterQuad } from '../kernels/cluster/block.ts';
import type { GeneratedProgram } from './codegen.ts';
import { type Formats, variantSymbol } from './packed.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SW = join(ROOT, 'sw');
export const DEPLOY_CACHE = join(ROOT, 'build', 'deploy');
const GEN_DIR = join(DEPLOY_CACHE, 'include');
const INCLUDE_DIRS = [join(SW, 'include'), join(SW, 'cluster'), join(SW, 'kernels'), join(SW, 'deploy'), GEN_DIR];
// 8-bit activations, weights and outputs: the formats the build's linear kernel is compiled for.
const BASE_FLAGS = ['-march=rv32imc_zicsr', '-mabi=ilp32', '-O3', '-ffreestanding', '-fno-common', '-fno-tree-loop-distribute-patterns', '-Wall', '-Werror'];
const formatFlags = (f: Formats) => variantDefines({ a: f.a, w: f.w, outBits: f.out });
const FLAGS = [...BASE_FLAGS, ...formatFlags({ a: 8, w: 8, out: 8 })];
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

async function compile(name: string, text: string, build: Config, flags: string[] = FLAGS): Promise<string> {
  const defs = [`-DCLUSTER_BUILD_${build.toUpperCase()}=1`];
  const key = contentKey(name, text, await prepareHeaders(), ...flags, ...defs);
  const dir = join(DEPLOY_CACHE, 'obj');
  return cachedFile(dir, `${key}.o`, async (tmp) => {
    const src = join(dir, `${key}.src.${name.endsWith('.S') ? 'S' : 'c'}`);
    await atomicWrite(src, text);
    await gcc([...flags, ...defs, ...INCLUDE_DIRS.map((d) => `-I${d}`), '-c', src, '-o', tmp], name);
  });
}

/** The packed sub-byte layers' kernels (sw/deploy/packed.h). */
const PACKED_SOURCE = join(SW, 'deploy', 'packed.c');
/** The build's pipeline for one format triple, its public entry points renamed (sw/deploy/packed.h). */
const VARIANT_ENTRIES = ['linear_s32', 'linear_requant_pixels', 'linear_requant_quad'] as const;

/** sw/kernels/linear_<build>.c for formats f: linear_requant_pixels → dp_rq_pixels_a<A>w<W>o<OUT>, the 4 x 4 block (when the build has it) → dp_rq_quad_…. */
async function compileVariant(f: Formats, build: Config): Promise<string> {
  const file = join(SW, 'kernels', `linear_${build}.c`);
  const rename = VARIANT_ENTRIES.map((e) => `-D${e}=${e === 'linear_requant_quad' ? variantSymbol(f, 'quad') : e === 'linear_requant_pixels' ? variantSymbol(f, 'pixels') : `dp_${e}_a${f.a}w${f.w}o${f.out}`}`);
  const flags = [...BASE_FLAGS, ...formatFlags(f), `-DCLUSTER_QUAD=${clusterQuad(build, f.a, f.w) ? 1 : 0}`, ...rename];
  return compile(file.slice(ROOT.length + 1), await readFile(file, 'utf8'), build, flags);
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
  for (const f of [...fixedSources(build), PACKED_SOURCE]) objs.push(await compile(f.slice(ROOT.length + 1), await readFile(f, 'utf8'), build));
  for (const v of p.variants) objs.push(await compileVariant(v, build));
  // Two compilers at a time at most (the machine is shared).
  for (let i = 0; i < names.length; i += 2) {
    objs.push(...(await Promise.all(names.slice(i, i + 2).map((n) => compile(n, p.files.get(n)!, build)))));
  }
  const key = contentKey(await readFile(LD_SCRIPT, 'utf8'), ...objs);
  const elf = await cachedFile(join(DEPLOY_CACHE, 'elf'), `${key}.elf`, (tmp) => gcc([...FLAGS, ...LINK_FLAGS, '-o', tmp, ...objs, '-lgcc'], LD_SCRIPT));
  return { elf, objects: objs.length };
}

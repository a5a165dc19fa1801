/**
 * Build of a deployed network: the generated units (one per layer + the network data) with the deployment
 * kernels and driver (sw/deploy) and the cluster start-up (sw/cluster/crt0.S, cluster.ld), compiled by the
 * project's riscv64-unknown-elf-gcc. Objects and the ELF are cached by content under build/deploy
 * (temporary name, then rename), so an unchanged layer is not recompiled.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { clusterRegsHeader } from '../kernels/cluster/regs-header.ts';
import { UserError } from '../util/errors.ts';
import { requireTool } from '../util/tools.ts';
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
const fixedSources = (build: Config) => [join(SW, 'cluster', 'crt0.S'), join(SW, 'deploy', 'network.c'), join(SW, 'deploy', 'kernels.c'), join(SW, 'kernels', `linear_${build}.c`)];

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

let headers: Promise<string> | undefined;
function prepareHeaders(): Promise<string> {
  headers ??= (async () => {
    await mkdir(GEN_DIR, { recursive: true });
    const regs = clusterRegsHeader();
    const path = join(GEN_DIR, 'cluster-regs.h');
    if (!existsSync(path) || (await readFile(path, 'utf8')) !== regs) await atomicWrite(path, regs);
    const texts: string[] = [];
    for (const dir of INCLUDE_DIRS) for (const f of (await readdir(dir)).filter((n) => n.endsWith('.h')).sort()) texts.push(f, await readFile(join(dir, f), 'utf8'));
    return sha(...texts);
  })();
  return headers;
}

async function gcc(args: string[], where: string): Promise<void> {
  const r = await execa(await requireTool('gcc'), args, { reject: false });
  if (r.exitCode !== 0) throw new UserError(`riscv64-unknown-elf-gcc failed:\n${r.stderr}`, where);
}

async function compile(name: string, text: string, build: Config): Promise<string> {
  const defs = [`-DCLUSTER_BUILD_${build.toUpperCase()}=1`];
  const key = sha(name, text, await prepareHeaders(), ...FLAGS, ...defs);
  const dir = join(DEPLOY_CACHE, 'obj');
  const obj = join(dir, `${key}.o`);
  if (existsSync(obj)) return obj;
  await mkdir(dir, { recursive: true });
  const src = join(dir, `${key}.src.${name.endsWith('.S') ? 'S' : 'c'}`);
  await atomicWrite(src, text);
  const tmp = `${obj}.${process.pid}.tmp`;
  await gcc([...FLAGS, ...defs, ...INCLUDE_DIRS.map((d) => `-I${d}`), '-c', src, '-o', tmp], name);
  await rename(tmp, obj);
  return obj;
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
  const key = sha(await readFile(LD_SCRIPT, 'utf8'), ...objs);
  const dir = join(DEPLOY_CACHE, 'elf');
  const elf = join(dir, `${key}.elf`);
  if (!existsSync(elf)) {
    await mkdir(dir, { recursive: true });
    const tmp = `${elf}.${process.pid}.tmp`;
    await gcc([...FLAGS, ...LINK_FLAGS, '-o', tmp, ...objs, '-lgcc'], LD_SCRIPT);
    await rename(tmp, elf);
  }
  return { elf, objects: objs.length };
}

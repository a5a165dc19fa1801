import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { requireTool } from '../util/tools.ts';
import { UserError } from '../util/errors.ts';
import type { Bits, Build } from './formats.ts';

/**
 * Build flow of the kernels: each C/assembly file is compiled to an object cached under build/kernels by
 * the hash of its text, every header it may include, the defines and the flags; objects are linked at
 * 0x8000_0000 with sw/lib/kernels.ld. Writes go to a temporary name and are renamed, so parallel test
 * workers can share the cache.
 */
const ROOT = resolve(import.meta.dirname, '../..');
export const SW_DIR = join(ROOT, 'sw');
const INCLUDE_DIRS = [join(SW_DIR, 'include'), join(SW_DIR, 'kernels')];
export const CACHE_DIR = join(ROOT, 'build', 'kernels');
const FLAGS = ['-march=rv32imc_zicsr', '-mabi=ilp32', '-O3', '-ffreestanding', '-fno-common', '-Wall', '-Werror'];
const LINK_FLAGS = ['-nostdlib', '-nostartfiles', '-static', '-Wl,--no-warn-rwx-segments', '-T', join(SW_DIR, 'lib', 'kernels.ld')];

export interface KernelVariant {
  build: Build;
  a: Bits;
  w: Bits;
  outBits: Bits;
}

/** The sources of one variant: start-up, driver, shared helpers and the build's kernel. */
export function kernelSources(build: Build): string[] {
  return [
    join(SW_DIR, 'lib', 'crt0.S'),
    join(SW_DIR, 'kernels', 'main.c'),
    join(SW_DIR, 'kernels', 'requant.c'),
    join(SW_DIR, 'kernels', 'conv.c'),
    join(SW_DIR, 'kernels', `linear_${build}.c`),
  ];
}

const sha = (...parts: string[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex').slice(0, 24);
};

let headersHash: Promise<string> | undefined;
/** One hash over every header a kernel may include (cheap, and never misses a dependency). */
function allHeadersHash(): Promise<string> {
  headersHash ??= (async () => {
    const texts: string[] = [];
    for (const dir of INCLUDE_DIRS) {
      for (const f of (await readdir(dir)).filter((n) => n.endsWith('.h')).sort()) texts.push(f, await readFile(join(dir, f), 'utf8'));
    }
    return sha(...texts);
  })();
  return headersHash;
}

async function atomicWrite(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

async function gcc(args: string[], where: string): Promise<void> {
  const bin = await requireTool('gcc');
  const r = await execa(bin, args, { reject: false });
  if (r.exitCode !== 0) throw new UserError(`riscv64-unknown-elf-gcc failed:\n${r.stderr}`, where);
}

/** Compiles one source text (named `name` for messages and the language) to a cached object. */
export async function compileObject(name: string, text: string, defines: string[]): Promise<string> {
  const key = sha(name.split('/').pop()!, text, await allHeadersHash(), ...defines, ...FLAGS);
  const dir = join(CACHE_DIR, 'obj');
  const obj = join(dir, `${key}.o`);
  if (existsSync(obj)) return obj;
  await mkdir(dir, { recursive: true });
  const ext = name.endsWith('.S') ? 'S' : 'c';
  const src = join(dir, `${key}.src.${ext}`);
  await atomicWrite(src, text);
  const tmp = `${obj}.${process.pid}.tmp`;
  await gcc([...FLAGS, ...INCLUDE_DIRS.map((d) => `-I${d}`), ...defines, '-c', src, '-o', tmp], name);
  await rename(tmp, obj);
  return obj;
}

/** Links objects into a cached ELF. */
export async function linkElf(objects: string[]): Promise<string> {
  const ld = await readFile(join(SW_DIR, 'lib', 'kernels.ld'), 'utf8');
  const key = sha(ld, ...objects);
  const dir = join(CACHE_DIR, 'elf');
  const elf = join(dir, `${key}.elf`);
  if (existsSync(elf)) return elf;
  await mkdir(dir, { recursive: true });
  const tmp = `${elf}.${process.pid}.tmp`;
  await gcc([...FLAGS, ...LINK_FLAGS, '-o', tmp, ...objects], 'sw/lib/kernels.ld');
  await rename(tmp, elf);
  return elf;
}

/** The defines that select a kernel's formats (sw/kernels read A_BITS, W_BITS, OUT_BITS). */
export function variantDefines(v: Pick<KernelVariant, 'a' | 'w' | 'outBits'>): string[] {
  return [`-DA_BITS=${v.a}`, `-DW_BITS=${v.w}`, `-DOUT_BITS=${v.outBits}`];
}

/** Builds a variant's ELF with the given data translation unit. */
export async function buildKernel(v: KernelVariant, dataSource: string): Promise<string> {
  const defs = variantDefines(v);
  const objs = await Promise.all(
    kernelSources(v.build).map(async (path) => compileObject(path, await readFile(path, 'utf8'), defs)),
  );
  objs.push(await compileObject('layer-data.c', dataSource, []));
  return linkElf(objs);
}

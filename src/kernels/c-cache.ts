import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { UserError } from '../util/errors.ts';
import { requireTool } from '../util/tools.ts';
import { clusterRegsHeader } from './cluster/regs-header.ts';

/**
 * The content-addressed C build shared by every flow that compiles RISC-V programs with the stock GCC (the
 * cluster kernels, the conformance drivers, deployed networks): objects and ELFs named by a hash of
 * everything that made them, written under a temporary name and renamed, so parallel test workers and
 * campaign shards share one cache safely.
 */

/** The cache key of a list of inputs (texts, flags, other keys). */
export function contentKey(...parts: string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex').slice(0, 24);
}

export async function atomicWrite(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

/** Runs riscv64-unknown-elf-gcc; a failure is a user error naming `where` with the compiler's messages. */
export async function gcc(args: string[], where: string, run: <T>(f: () => Promise<T>) => Promise<T> = (f) => f()): Promise<void> {
  const bin = await requireTool('gcc');
  const r = await run(() => execa(bin, args, { reject: false }));
  if (r.exitCode !== 0) throw new UserError(`riscv64-unknown-elf-gcc failed:\n${r.stderr}`, where);
}

/** Writes the generated cluster register header into `genDir` (only when it changed); returns its text. */
export async function writeRegsHeader(genDir: string): Promise<string> {
  await mkdir(genDir, { recursive: true });
  const regs = clusterRegsHeader();
  const path = join(genDir, 'cluster-regs.h');
  if (!existsSync(path) || (await readFile(path, 'utf8')) !== regs) await atomicWrite(path, regs);
  return regs;
}

/** Name and text of every header in `dirs`, in order (what a cached object's key must cover). */
export async function headerTexts(dirs: readonly string[]): Promise<string[]> {
  const texts: string[] = [];
  for (const dir of dirs) {
    for (const f of (await readdir(dir)).filter((n) => n.endsWith('.h')).sort()) texts.push(f, await readFile(join(dir, f), 'utf8'));
  }
  return texts;
}

/**
 * A cached output `<cacheDir>/<sub>/<key><suffix>`: made by `make(tmp)` when missing, under a temporary name
 * renamed into place. Returns its path.
 */
export async function cachedFile(dir: string, name: string, make: (tmp: string) => Promise<void>): Promise<string> {
  const out = join(dir, name);
  if (existsSync(out)) return out;
  await mkdir(dir, { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  await make(tmp);
  await rename(tmp, out);
  return out;
}

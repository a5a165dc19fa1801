import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[]; version: string };
/** What `npm pack` ships (package.json `files`), plus package.json and the README npm always adds. */
const PACKAGE_ENTRIES = ['package.json', 'README.md', ...pkg.files.map((f) => f.replace(/\/$/, ''))];
export const VERSION = pkg.version;

/**
 * A copy of the package as `npm pack` would ship it, with its `prepare` build (scripts/build.js) run, so
 * the compiled CLI is tested without touching the working tree's dist/ (other tests may be running it).
 * Cached under build/test-cli by the content of every shipped file; built in a private directory and
 * renamed into place, so concurrent test files share one build.
 */
export async function stagedPackage(): Promise<string> {
  const hash = createHash('sha256');
  for (const entry of PACKAGE_ENTRIES) {
    for (const file of filesOf(join(ROOT, entry))) hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  const parent = join(ROOT, 'build', 'test-cli');
  const dir = join(parent, `stage-${hash.digest('hex').slice(0, 16)}`);
  if (existsSync(join(dir, 'dist', 'build-stamp.json'))) return dir;
  mkdirSync(parent, { recursive: true });
  removeOldStages(parent, dir);
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  for (const entry of PACKAGE_ENTRIES) cpSync(join(ROOT, entry), join(tmp, entry), { recursive: true });
  symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(tmp, 'node_modules'));
  await execa('node', ['scripts/build.js'], { cwd: tmp });
  try {
    renameSync(tmp, dir);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(join(dir, 'dist', 'build-stamp.json'))) throw e;
  }
  return dir;
}

function filesOf(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** Stages of earlier sources, untouched for an hour (a test run in progress keeps using its own). */
function removeOldStages(parent: string, keep: string): void {
  for (const name of readdirSync(parent)) {
    const path = join(parent, name);
    if (!name.startsWith('stage-') || path === keep) continue;
    if (Date.now() - statSync(path).mtimeMs > 3600_000) rmSync(path, { recursive: true, force: true });
  }
}

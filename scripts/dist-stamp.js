// Is dist/ (the compiled tool, `npm run build`) current with src/? One answer for bin/flexv.js, which
// must never run stale code, and for scripts/build.js, which writes the stamp. Plain JS: it runs before
// anything can transpile TypeScript. Cheap by design: one directory walk and a stat per file (~430 files,
// ~6 ms of CPU); only files modified after the build are read, and they count as changed only when their
// content differs from what was compiled (a `git checkout` or `git stash` round trip, a `touch`, a branch
// switch that leaves a file as it was: dist/ stays in use instead of the 10x slower tsx start).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const STAMP = join(ROOT, 'dist', 'build-stamp.json');
/** Besides src/, the files whose change changes the compiled output. */
const CONFIG_FILES = ['tsconfig.json', 'tsconfig.build.json'];

/** The files the build compiles from, relative to `root` with '/' separators: src/**, then the configs. */
function sourceFiles(root) {
  const files = [];
  for (const e of readdirSync(join(root, 'src'), { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    // String concatenation, not path.join/relative: this runs on every `flexv` call.
    const dir = (e.parentPath ?? e.path).slice(root.length).split(sep).join('/');
    files.push(`${dir.replace(/^\/+/, '')}/${e.name}`);
  }
  return [...files, ...CONFIG_FILES];
}

/** Content hash of one source file, as the stamp records it. */
export function contentHash(path) {
  return createHash('sha1').update(readFileSync(path)).digest('base64').slice(0, 16);
}

/**
 * Number of source files (src/, without the compiler settings), the newest modification among them all,
 * and (with `hashes`) each file's content hash: what the stamp records.
 */
export function sourceState(root = ROOT, { hashes = false } = {}) {
  const base = root.endsWith(sep) ? root : root + sep;
  const names = sourceFiles(base);
  let newestMs = 0;
  let newest = '';
  const hash = {};
  for (const name of names) {
    const path = base + name;
    const ms = statSync(path).mtimeMs;
    if (ms > newestMs) {
      newestMs = ms;
      newest = name;
    }
    if (hashes) hash[name] = contentHash(path);
  }
  return { files: names.length - CONFIG_FILES.length, newestMs, newest, ...(hashes ? { hashes: hash } : {}) };
}

/**
 * `{ fresh: true }`, or `{ fresh: false, reason }` saying why dist/ cannot be used: missing, built from a
 * different set of source files, or a source whose content changed since the build (a developer edited
 * src/). In a package installed under node_modules, a built dist/ is always current.
 */
export function distState(root = ROOT) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(root, 'dist', 'build-stamp.json'), 'utf8'));
  } catch {
    return { fresh: false, reason: 'dist/ is not built' };
  }
  // An installed package (npm ci/install of the tarball) is never edited in place, and npm gives its
  // files the time of extraction, so mtimes say nothing there: its dist/ shipped with its src/.
  if (root.split(sep).includes('node_modules')) return { fresh: true };
  const base = root.endsWith(sep) ? root : root + sep;
  let names;
  try {
    names = sourceFiles(base);
  } catch (e) {
    return { fresh: false, reason: `cannot read src/ (${e.message})` };
  }
  const files = names.length - CONFIG_FILES.length;
  if (files !== stamp.files) return { fresh: false, reason: `dist/ was built from ${stamp.files} source files, src/ has ${files}` };
  const known = stamp.hashes ?? {};
  for (const name of names) {
    // A file renamed or replaced by another (same count): not what was compiled.
    if (stamp.hashes && known[name] === undefined) return { fresh: false, reason: `${name} is not in dist/ (added since the build)` };
    let ms;
    try {
      ms = statSync(base + name).mtimeMs;
    } catch (e) {
      return { fresh: false, reason: `cannot read ${name} (${e.message})` };
    }
    // 1 ms of slack: copies that keep timestamps (cp -p, tar) may round them.
    if (ms - stamp.newestMs <= 1) continue;
    // Modified after the build: stale unless its content is what was compiled.
    if (known[name] !== contentHash(base + name)) return { fresh: false, reason: `${name} changed since dist/ was built` };
  }
  return { fresh: true };
}

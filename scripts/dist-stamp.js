// Is dist/ (the compiled tool, `npm run build`) current with src/? One answer for bin/flexv.js, which
// must never run stale code, and for scripts/build.js, which writes the stamp. Plain JS: it runs before
// anything can transpile TypeScript. Cheap by design (one directory walk and a stat per file: ~300 files).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const STAMP = join(ROOT, 'dist', 'build-stamp.json');
/** Besides src/, the files whose change changes the compiled output. */
const CONFIG_FILES = ['tsconfig.json', 'tsconfig.build.json'];

/** Number of source files and the newest modification among them (src/ and the compiler settings). */
export function sourceState(root = ROOT) {
  let files = 0;
  let newestMs = 0;
  let newest = '';
  const note = (path) => {
    const ms = statSync(path).mtimeMs;
    if (ms > newestMs) {
      newestMs = ms;
      newest = path;
    }
  };
  for (const e of readdirSync(join(root, 'src'), { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    files++;
    note(join(e.parentPath ?? e.path, e.name));
  }
  for (const f of CONFIG_FILES) note(join(root, f));
  return { files, newestMs, newest: relative(root, newest) };
}

/**
 * `{ fresh: true }`, or `{ fresh: false, reason }` saying why dist/ cannot be used: missing, built from a
 * different set of source files, or older than the newest source (a developer edited src/ since). In a
 * package installed under node_modules, a built dist/ is always current.
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
  let now;
  try {
    now = sourceState(root);
  } catch (e) {
    return { fresh: false, reason: `cannot read src/ (${e.message})` };
  }
  if (now.files !== stamp.files) return { fresh: false, reason: `dist/ was built from ${stamp.files} source files, src/ has ${now.files}` };
  // 1 ms of slack: copies that keep timestamps (cp -p, tar) may round them.
  if (now.newestMs - stamp.newestMs > 1) return { fresh: false, reason: `${now.newest} is newer than dist/` };
  return { fresh: true };
}

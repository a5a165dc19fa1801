import { execa } from 'execa';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireTool } from '../util/tools.ts';

/** The repository root (this file is `src/sim/verilator.ts`): templates live in `sim/`, caches in `build/`. */
export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where Verilator builds are cached unless the caller says otherwise (`FLEXV_BUILD_DIR` overrides). */
export function defaultCacheDir(): string {
  return join(process.env.FLEXV_BUILD_DIR ?? join(PROJECT_ROOT, 'build'), 'verilator');
}

let version: Promise<string> | undefined;

/** `Verilator 5.006 2023-01-22 rev ...`: part of every cache key, so an upgrade rebuilds every model. */
export function verilatorVersion(): Promise<string> {
  version ??= (async () => {
    const bin = await requireTool('verilator');
    const r = await execa(bin, ['--version']);
    return r.stdout.trim();
  })();
  return version;
}

let buildTools: Promise<void> | undefined;

/**
 * Verilator's Debian package does not pull in the C++ tool chain its `--exe` builds need: check for
 * make and g++ once (the shared tool table names their packages).
 */
export function requireCxxToolchain(): Promise<void> {
  buildTools ??= Promise.all([requireTool('make'), requireTool('gxx')]).then(() => undefined);
  return buildTools;
}

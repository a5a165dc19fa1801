/**
 * Module-resolution hooks for loading user designs (`flexv emit design.ts`), registered by
 * `load-setup.ts` with `node:module` `register()` after tsx's own hooks, so they run in Node's loader
 * thread and see tsx's answer first. Two jobs:
 *
 * 1. A design is TypeScript ESM wherever it lives. tsx takes a `.ts` file outside a `"type": "module"`
 *    package (a user's own folder: no package.json, or npm's `"type": "commonjs"`) for CommonJS, which
 *    Node then loads without tsx and fails with "Cannot require() ES Module ... in a cycle", hiding the
 *    design's real error. A design imports the HDL, so it is written as ESM: every `.ts`/`.tsx` file
 *    outside node_modules is loaded as ESM (`.cts` stays CommonJS, packages keep their own type).
 * 2. One copy of the HDL. The CLI runs either the compiled `dist/` or the `src/` TypeScript; a design may
 *    import either (`../../src/hdl/index.ts` in the examples, `flexv/hdl` -> `dist/` in a user's project).
 *    Two copies would mean two elaboration contexts, so imports of the other copy are redirected to the
 *    one the CLI runs (`from` -> `to`, `.ts` <-> `.js`), when that file exists.
 *
 * Only node: built-ins here: this file is loaded by itself in the loader thread.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Redirect the files of one tree of this package to the other: URLs end with `/`. */
export interface DesignHookData {
  from: { root: string; ext: '.ts' | '.js' };
  to: { root: string; ext: '.ts' | '.js' };
}

interface ResolveResult {
  url: string;
  format?: string | null;
  [key: string]: unknown;
}
type NextResolve = (specifier: string, context: unknown) => Promise<ResolveResult>;

let redirect: DesignHookData | undefined;

export function initialize(data: DesignHookData | undefined): void {
  redirect = data;
}

export async function resolve(specifier: string, context: unknown, nextResolve: NextResolve): Promise<ResolveResult> {
  const r = await nextResolve(specifier, context);
  if (!r.url.startsWith('file:')) return r;
  const other = otherCopy(r.url);
  if (other) return { ...r, url: other, format: 'module' };
  if (r.format !== 'module' && /\.tsx?$/.test(new URL(r.url).pathname) && !r.url.includes('/node_modules/')) return { ...r, format: 'module' };
  return r;
}

function otherCopy(url: string): string | undefined {
  if (!redirect) return undefined;
  const { from, to } = redirect;
  if (!url.startsWith(from.root) || !url.endsWith(from.ext)) return undefined;
  const target = to.root + url.slice(from.root.length, -from.ext.length) + to.ext;
  return existsSync(fileURLToPath(target)) ? target : undefined;
}

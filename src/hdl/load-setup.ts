import { register } from 'node:module';
import type { DesignHookData } from './load-hooks.ts';

/** Is this module the compiled `dist/` copy (true) or the TypeScript source run through tsx/vitest? */
export const COMPILED = import.meta.url.endsWith('.js');

let enabled = false;

/**
 * Makes `import(design.ts)` work the way `flexv emit` needs (see load-hooks.ts): tsx for TypeScript when
 * this is the compiled copy (the source copy already runs under tsx: `bin/flexv.js` registered it), then
 * our hooks. Once per process. Not for vitest: its module runner loads designs itself.
 */
export async function enableDesignLoading(): Promise<void> {
  if (enabled) return;
  enabled = true;
  if (COMPILED) {
    const tsx = await import('tsx/esm/api');
    tsx.register();
  }
  register(new URL(`./load-hooks${COMPILED ? '.js' : '.ts'}`, import.meta.url), { data: hookData() });
}

/** Redirects imports of the package's other copy (src <-> dist) to the one running. */
function hookData(): DesignHookData {
  const src = { root: new URL('../../src/', import.meta.url).href, ext: '.ts' as const };
  const dist = { root: new URL('../../dist/', import.meta.url).href, ext: '.js' as const };
  return COMPILED ? { from: src, to: dist } : { from: dist, to: src };
}

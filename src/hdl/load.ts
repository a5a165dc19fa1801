import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from '../util/errors.ts';
import { COMPILED, enableDesignLoading } from './load-setup.ts';
import { isModuleGenerator, type ModuleGenerator } from './module.ts';

/** Parameter values from the command line: numbers, booleans, else strings. */
export function parseParams(pairs: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UserError(`--param '${pair}' is not name=value`);
    const name = pair.slice(0, eq);
    const text = pair.slice(eq + 1);
    out[name] = text === 'true' ? true : text === 'false' ? false : text !== '' && !Number.isNaN(Number(text)) ? Number(text) : text;
  }
  return out;
}

/**
 * Loads a design file whose default export is a module generator (parameters are passed to it) or a
 * function of the parameters that returns one.
 */
export async function loadDesign(file: string, params: Record<string, unknown>): Promise<{ gen: ModuleGenerator; params: Record<string, unknown> }> {
  const path = resolve(file);
  try {
    await access(path);
  } catch {
    throw new UserError(`design file not found: ${file}`);
  }
  // The compiled CLI loads TypeScript designs through tsx from here on (the source CLI did at start-up).
  if (COMPILED) await enableDesignLoading();
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(path).href)) as { default?: unknown };
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`cannot load ${file}: ${(e as Error).message}`, file);
  }
  const exported = mod.default;
  if (isModuleGenerator(exported)) {
    checkParamNames(exported, params, file);
    return { gen: exported, params };
  }
  if (typeof exported === 'function') {
    const gen = (exported as (p: Record<string, unknown>) => unknown)(params);
    if (isModuleGenerator(gen)) return { gen, params: {} };
    throw new UserError('the default export is a function that did not return a module (make one with module())', file);
  }
  throw new UserError('the default export must be a module (module(...)) or a function returning one', file);
}

function checkParamNames(gen: ModuleGenerator, params: Record<string, unknown>, file: string): void {
  const known = Object.keys(gen.defaults);
  if (known.length === 0) return;
  for (const k of Object.keys(params)) {
    if (!known.includes(k)) throw new UserError(`module '${gen.name}' has no parameter '${k}' (parameters: ${known.join(', ')})`, file);
  }
}

import { parseParams as parseParamPairs } from '../hdl/load.ts';

export type Params = Record<string, unknown>;

/**
 * `k=v` generator parameters, parsed by the HDL's rule (numbers, booleans, else strings; the same as
 * `flexv emit --param`). `k=v,k2=v2` lists several in one argument: the form `--compare` sides use.
 */
export function parseParams(items: string[]): Params {
  return parseParamPairs(items.flatMap((i) => i.split(',')).map((i) => i.trim()).filter((i) => i !== ''));
}

/** `depth=4 width=8` for labels. */
export function formatParams(params: Params): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
}

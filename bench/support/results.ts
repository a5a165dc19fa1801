// Reading a benchmark's stored results back (e.g. `npm run bench -- kernels --merge` keeps earlier rows).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { BenchResult } from './meta.ts';

/**
 * The figures stored in a bench/results/<name>.json, or undefined when there is no such file. Files written
 * before bench/run.ts recorded the machine and commit hold the bare figures: those are returned as they are.
 */
export async function storedFigures<T>(file: string): Promise<T | undefined> {
  if (!existsSync(file)) return undefined;
  const data = JSON.parse(await readFile(file, 'utf8')) as unknown;
  return isWrapped(data) ? (data.figures as T) : (data as T);
}

function isWrapped(data: unknown): data is BenchResult {
  return typeof data === 'object' && data !== null && !Array.isArray(data) && 'figures' in data && 'machine' in data && 'benchmark' in data;
}

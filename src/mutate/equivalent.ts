import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../sim/verilator.ts';
import { UserError } from '../util/errors.ts';

/** The committed list of mutants shown equivalent to the original design, each with its reason. */
export const EQUIVALENT_FILE = join(PROJECT_ROOT, 'src', 'mutate', 'equivalent.json');

export interface EquivalentEntry {
  /** the core configuration (a key's rank counts points of one design, so keys differ between configurations) */
  config: string;
  /** the mutation point's key (`module|operator|file:line:col|rank`, as the report prints it) */
  key: string;
  /** one line: why no program can tell the mutant from the original */
  reason: string;
}

/** The list's entries for one configuration, key -> reason; a malformed entry is an error naming the file and the entry. */
export function readEquivalents(config: string, path = EQUIVALENT_FILE): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(path)) return out;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UserError(`cannot parse the equivalent-mutant list: ${(e as Error).message}`, path);
  }
  if (!Array.isArray(data)) throw new UserError('the equivalent-mutant list must be a JSON array of { key, reason }', path);
  data.forEach((e: Partial<EquivalentEntry>, i) => {
    if (typeof e?.config !== 'string' || typeof e.key !== 'string' || typeof e.reason !== 'string' || !e.reason.trim() || e.reason.includes('\n')) {
      throw new UserError(`entry ${i}: needs a string 'config' and 'key' and a one-line 'reason'`, path);
    }
    if (e.config !== config) return;
    if (out.has(e.key)) throw new UserError(`entry ${i}: key '${e.key}' is listed twice`, path);
    out.set(e.key, e.reason);
  });
  return out;
}

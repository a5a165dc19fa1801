import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from '../sim/verilator.ts';
import { provenance, readReference, REFERENCE_DIR } from './reference.ts';
import { findRegions, replaceRegions } from './regions.ts';
import { tableDef } from './registry.ts';

export const DOCS_DIR = join(PROJECT_ROOT, 'docs');

export interface PageResult {
  file: string;
  tables: string[];
  before: string;
  after: string;
}

/** The page with every generated table rendered again from the reference results in `referenceDir`. */
export function regeneratePage(file: string, text: string, referenceDir = REFERENCE_DIR): PageResult {
  const shown = relative(PROJECT_ROOT, file);
  const regions = findRegions(text, shown);
  const after = replaceRegions(text, regions, (r) => {
    const def = tableDef(r.id, `${shown}:${r.line}`);
    const ref = readReference(def.benchmark, referenceDir);
    return `${def.render(ref.figures, ref).trimEnd()}\n\n${provenance(ref, def.benchmark, def.command)}\n`;
  });
  return { file, tables: regions.map((r) => r.id), before: text, after };
}

/** Every docs page that has generated tables, regenerated (nothing written). */
export function regenerateDocs(docsDir = DOCS_DIR, referenceDir = REFERENCE_DIR): PageResult[] {
  return readdirSync(docsDir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => regeneratePage(join(docsDir, f), readFileSync(join(docsDir, f), 'utf8'), referenceDir))
    .filter((p) => p.tables.length > 0);
}

/** The first differing line of two texts (1-based) with both versions, for a readable --check failure. */
export function firstDifference(a: string, b: string): { line: number; doc: string; generated: string } | undefined {
  const x = a.split('\n'), y = b.split('\n');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] !== y[i]) return { line: i + 1, doc: x[i] ?? '(end of page)', generated: y[i] ?? '(end of page)' };
  }
  return undefined;
}

import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstDifference, regenerateDocs, regeneratePage } from '../../src/docs-tables/generate.ts';
import { REFERENCE_DIR } from '../../src/docs-tables/reference.ts';
import { findRegions, replaceRegions } from '../../src/docs-tables/regions.ts';
import { allTables } from '../../src/docs-tables/registry.ts';

describe('docs tables', () => {
  it('every generated table in docs/ agrees with its data in bench/reference', () => {
    const pages = regenerateDocs();
    // The docs carry generated tables (a check over no table would pass for nothing).
    expect(pages.flatMap((p) => p.tables).length).toBeGreaterThan(0);
    for (const p of pages) {
      const d = firstDifference(p.before, p.after);
      expect(d, `${p.file}:${d?.line}: run \`npm run docs:tables\` (page: ${d?.doc} / generated: ${d?.generated})`).toBeUndefined();
    }
  });

  it('every table the registry knows is used by a page', () => {
    const used = new Set(regenerateDocs().flatMap((p) => p.tables));
    expect(allTables().map((t) => t.id).filter((id) => !used.has(id))).toEqual([]);
  });

  it('a changed figure in the data makes the page disagree (the check can fail)', () => {
    const page = regenerateDocs()[0]!;
    const id = page.tables[0]!;
    const def = allTables().find((t) => t.id === id)!;
    const dir = mkdtempSync(join(tmpdir(), 'flexv-ref-'));
    cpSync(REFERENCE_DIR, dir, { recursive: true });
    const file = join(dir, `${def.benchmark}.json`);
    // Plant: every number in the figures one larger.
    const bump = (v: unknown): unknown =>
      typeof v === 'number' ? v + 1 : Array.isArray(v) ? v.map(bump) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, bump(x)])) : v;
    const data = JSON.parse(readFileSync(file, 'utf8')) as { figures: unknown };
    writeFileSync(file, JSON.stringify({ ...data, figures: bump(data.figures) }));
    const again = regeneratePage(page.file, page.before, dir);
    expect(again.after).not.toEqual(page.before);
  });

  it('regions: replaced between the markers only, errors at file:line', () => {
    const text = 'intro\n<!-- table: a -->\nold\n<!-- /table -->\noutro\n';
    const regions = findRegions(text, 'x.md');
    expect(regions.map((r) => [r.id, r.line, r.body])).toEqual([['a', 2, 'old\n']]);
    expect(replaceRegions(text, regions, () => 'new')).toBe('intro\n<!-- table: a -->\nnew\n<!-- /table -->\noutro\n');
    expect(() => findRegions('a\n<!-- table: a -->\nb\n', 'x.md')).toThrow(/x\.md:2: table 'a' has no closing/);
    expect(() => findRegions('<!-- /table -->\n', 'x.md')).toThrow(/x\.md:1: '<!-- \/table -->' without an opening/);
    expect(() => findRegions('<!-- table:Bad -->\n', 'x.md')).toThrow(/x\.md:1: malformed table marker/);
    expect(() => regeneratePage('docs/x.md', '<!-- table: nope -->\n<!-- /table -->\n')).toThrow(/x\.md:1: unknown table 'nope' \(known: /);
  });
});

import { moduleKey } from './names.ts';

/** Cell counts by type of each module, from `stat -json` (instances of submodules included as cells). */
export type ModuleCells = Map<string, Record<string, number>>;

export function parseStatJson(text: string): ModuleCells {
  let json: { modules?: Record<string, { num_cells_by_type?: Record<string, number> }> };
  try {
    json = JSON.parse(withoutStrayLines(text));
  } catch (e) {
    throw new Error(`cannot read Yosys stat -json output: ${(e as Error).message}`);
  }
  const cells: ModuleCells = new Map();
  for (const [id, stats] of Object.entries(json.modules ?? {})) {
    const byType: Record<string, number> = {};
    for (const [type, n] of Object.entries(stats.num_cells_by_type ?? {})) byType[moduleKey(type)] = n;
    cells.set(moduleKey(id), byType);
  }
  return cells;
}

/**
 * Yosys 0.23's `stat -json -top` prints the hierarchy listing (`  ram_1r1w   4`) into the JSON of the
 * "design" section when a module has several child modules. Such lines carry no quote; JSON lines with
 * content always do (only bare brackets do not), so the stray ones are the quote-less, bracket-less ones.
 */
function withoutStrayLines(text: string): string {
  return text
    .split('\n')
    .filter((line) => line.includes('"') || /^\s*[\]{}[,]*\s*$/.test(line))
    .join('\n');
}

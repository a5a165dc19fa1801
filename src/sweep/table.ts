import { firstLine } from './csv.ts';
import { pointName } from './grid.ts';
import type { PointResult } from './types.ts';

/**
 * The table `flexv sweep` prints: one row per point, then one line per failure with its reason (first
 * line), and where the whole report is when `details` has a file for that point.
 */
export function formatSweepTable(results: PointResult[], details?: Map<PointResult, string>): string {
  const header = ['cores', 'banking', 'cycles', 'MAC/cycle', 'speed-up', 'conflicts', 'checked', 'kNAND2 logic', 'kNAND2 +mem', 'status'];
  const rows = results.map((r) => [
    String(r.point.cores),
    String(r.point.banking),
    r.perf ? String(r.perf.cycles) : '-',
    r.macPerCycle !== undefined ? r.macPerCycle.toFixed(2) : '-',
    r.speedup !== undefined ? `${r.speedup.toFixed(2)}x` : '-',
    r.perf ? String(r.perf.conflicts) : '-',
    r.perf ? String(r.perf.retirementsCompared) : '-',
    r.area ? (r.area.nand2 / 1000).toFixed(1) : '-',
    r.area ? (r.area.nand2WithMacros / 1000).toFixed(1) : '-',
    r.failures.length ? `FAILED (${r.failures.map((f) => f.stage).join(', ')})` : 'ok',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padStart(widths[i]!))).join('  ').trimEnd();
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  const failed = results.filter((r) => r.failures.length);
  if (failed.length) {
    out.push('', `${failed.length} of ${results.length} points failed:`);
    for (const r of failed) {
      for (const f of r.failures) out.push(`  ${pointName(r.point)}: ${f.stage}: ${firstLine(f.message)}`);
      const file = details?.get(r);
      if (file) out.push(`    full report: ${file}`);
    }
  }
  return out.join('\n');
}

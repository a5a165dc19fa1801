import type { CompareReport } from './compare.ts';
import type { SynthReport } from './report.ts';
import { blockRole } from './block-roles.ts';
import { collapseArrays } from './collapse.ts';
import { displayName } from './names.ts';

/** Plain-text tables of a report, for the terminal. `maxLevel` limits how deep the block list goes. */
export function formatReport(r: SynthReport, maxLevel = 2): string {
  const out: string[] = [];
  out.push(`synthesis of ${r.label} (${r.target}, top ${r.top}): Yosys 0.23 generic gates, ${r.seconds.toFixed(1)} s`);
  out.push(`area: NAND2-equivalents, ${r.model.cellTable}; macro memories ${r.model.macroNand2PerBit} NAND2/bit`);
  out.push('');
  out.push(
    table(
      ['module', 'inst', 'NAND2 own', 'NAND2 subtree', 'flops', 'macro bits', 'depth', 'longest path (own logic)'],
      r.modules.map((m) => [
        m.name,
        String(m.instances),
        fmt(m.own.nand2),
        fmt(m.subtree.nand2),
        String(m.own.flops),
        String(m.own.macroBits),
        m.depth ? String(m.depth.cells) : '-',
        m.depth && m.depth.cells > 0 ? `${m.depth.from} -> ${m.depth.to}` : '',
      ]),
      [false, true, true, true, true, true, true, false],
    ),
  );
  const blocks = collapseArrays(
    r.blocks.map((b) => ({ ...b, segments: b.path.split('.').slice(1), signature: `${b.module}` })),
    r.blocks[0]?.path ?? r.top,
  ).filter((b) => b.level <= maxLevel);
  if (blocks.length > 1) {
    out.push('');
    out.push(
      table(
        ['block', 'NAND2', 'flops', 'macro bits'],
        blocks.map(({ row, level, name }) => ['  '.repeat(level) + name, fmt(row.summary.nand2), String(row.summary.flops), String(row.summary.macroBits)]),
        [false, true, true, true],
      ),
    );
  }
  if (r.memories.length) {
    out.push('');
    out.push('memories:');
    const instances = new Map(r.modules.map((m) => [m.module, m.instances]));
    for (const m of r.memories) {
      const how = m.kind === 'macro' ? `macro, ~${fmt(m.nand2)} NAND2` : 'flip-flops';
      const n = instances.get(m.module) ?? 1;
      const times = n > 1 ? ` (x${n} instances)` : '';
      out.push(`  ${displayPath(m.module, m.name)}${times}: ${m.words} x ${m.width} = ${m.bits} bits, ${how} (${m.reason})`);
      if (m.kind === 'macro' && !m.syncRead) {
        out.push('    warning: read combinationally, which an SRAM macro cannot do; mark it (* flexv_regfile *) if it is a register file');
      }
    }
  }
  const t = r.total;
  out.push('');
  out.push(`total: ${fmt(t.nand2)} NAND2 logic, ${t.flops} flip-flops, ${t.latches} latches`);
  if (t.macroBits) out.push(`       + macros ${t.macroBits} bits ~ ${fmt(t.macroNand2)} NAND2 = ${fmt(t.nand2WithMacros)} NAND2 with macros`);
  if (t.depth && t.depth.cells > 0) out.push(`longest combinational path (flattened): ${t.depth.cells} cells, ${t.depth.from} -> ${t.depth.to}`);
  else out.push('longest combinational path (flattened): 0 cells (no combinational logic between flops, macros and ports)');
  out.push(`cells: ${Object.entries(t.cells).sort((x, y) => y[1] - x[1]).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  const unknown = Object.entries(r.unweighted);
  if (unknown.length) out.push(`warning: no NAND2 weight for ${unknown.map(([k, n]) => `${k} (${n})`).join(', ')}: counted as 0`);
  out.push(`run directory: ${r.runDir}`);
  return out.join('\n');
}

/** The side-by-side table of a comparison with B's overhead over A. */
export function formatCompare(c: CompareReport, maxLevel = 2): string {
  const rows = collapseArrays(
    c.rows.map((r) => ({ ...r, segments: r.block === '(top)' ? [] : r.block.split('.'), signature: `${r.a}|${r.b}` })),
    '(top)',
  ).filter((r) => r.level <= maxLevel);
  const t = c.total;
  const line = (name: string, a: number | undefined, b: number | undefined, p: number | undefined) => [
    name,
    a === undefined ? '-' : fmt(a),
    b === undefined ? '-' : fmt(b),
    p === undefined ? (a === undefined ? 'new' : b === undefined ? 'removed' : '-') : signedPct(p),
  ];
  const body = rows.map(({ row, level, name }) => line('  '.repeat(level) + name, row.a, row.b, row.overheadPct));
  body.push(line('total logic', t.a_nand2, t.b_nand2, t.overhead_pct));
  body.push(line('total with macros', t.a_nand2_with_macros, t.b_nand2_with_macros, t.overhead_with_macros_pct));
  body.push(['flip-flops', String(t.a_flops), String(t.b_flops), t.a_flops ? signedPct(((t.b_flops - t.a_flops) / t.a_flops) * 100) : '-']);
  if (t.a_depth !== undefined && t.b_depth !== undefined) body.push(['logic depth (cells)', String(t.a_depth), String(t.b_depth), '']);
  return [
    `A = ${c.a}`,
    `B = ${c.b}`,
    'area in NAND2-equivalents, same flow and same run for both; overhead = (B - A) / A',
    '',
    table(['block', 'A', 'B', 'overhead'], body, [false, true, true, true]),
    '',
    formatBreakdown(c),
    ...(c.feature ? ['', formatFeature(c.feature, t.a_nand2)] : []),
  ].join('\n');
}

/**
 * One feature of B on its own (B without it against B): the blocks it changes, its area, and its share of
 * A's total (the same denominator as the breakdown's shares).
 */
function formatFeature(f: NonNullable<CompareReport['feature']>, totalA: number): string {
  const t = f.total;
  const body = f.breakdown
    .filter((r) => Math.abs(r.delta) >= 0.05)
    .sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta))
    .map((r) => [r.piece, fmt(r.a), fmt(r.b), `${r.delta >= 0 ? '+' : ''}${fmt(r.delta)}`]);
  const delta = t.b_nand2 - t.a_nand2;
  body.push(['total logic', fmt(t.a_nand2), fmt(t.b_nand2), `${delta >= 0 ? '+' : ''}${fmt(delta)}`]);
  const depth = t.a_depth !== undefined && t.b_depth !== undefined ? `; logic depth ${t.a_depth} -> ${t.b_depth} cells` : '';
  return [
    `${f.name} of B on its own: ${f.a} against B (${signedPct(t.overhead_pct)} of B without them, ${signedPct(totalA > 0 ? (delta / totalA) * 100 : 0)} of A${depth}):`,
    table(['piece', 'B without', 'B', 'B - B without'], body, [false, true, true, true]),
  ].join('\n');
}

/**
 * The overhead cut into pieces that add up to the total: blocks at the cut depth, own logic above it.
 * `share` is the piece's B - A over A's total logic, so the shares add up to the total overhead.
 */
export function formatBreakdown(c: CompareReport): string {
  const t = c.total;
  const rows = [...c.breakdown].sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta) || x.piece.localeCompare(y.piece));
  const count = (n: number) => (n > 1 ? ` x${n}` : '');
  const body = rows.map((r) => [
    r.piece + (r.countA === r.countB || !r.countA || !r.countB ? count(Math.max(r.countA, r.countB)) : ` x${r.countA}/x${r.countB}`),
    blockRole(r.piece),
    r.countA ? fmt(r.a) : '-',
    r.countB ? fmt(r.b) : '-',
    `${r.delta >= 0 ? '+' : ''}${fmt(r.delta)}`,
    r.overheadPct === undefined ? (r.countA ? '-' : 'new') : signedPct(r.overheadPct),
    signedPct(r.sharePct),
  ]);
  // The pieces' deltas over A's total: equal to the total overhead when the pieces partition the design.
  const sumDelta = c.breakdown.reduce((s, r) => s + r.delta, 0);
  const sumShare = t.a_nand2 > 0 ? Math.round((sumDelta / t.a_nand2) * 10000) / 100 : 0;
  body.push(['total logic', '', fmt(t.a_nand2), fmt(t.b_nand2), `${t.b_nand2 >= t.a_nand2 ? '+' : ''}${fmt(t.b_nand2 - t.a_nand2)}`, signedPct(t.overhead_pct), signedPct(sumShare)]);
  return [
    `overhead by block (cut ${c.breakdownDepth} level${c.breakdownDepth > 1 ? 's' : ''} below the top; arrays summed; share = (B - A) / total A, the shares add up to the total):`,
    table(['piece', 'what', 'A', 'B', 'B - A', 'overhead', 'share'], body, [false, false, true, true, true, true, true]),
  ].join('\n');
}

function displayPath(module: string, name: string): string {
  return `${displayName(module)}/${name}`;
}

function fmt(x: number): string {
  return x.toFixed(1);
}

function signedPct(p: number): string {
  if (!Number.isFinite(p)) return 'new';
  return `${p >= 0 ? '+' : ''}${p.toFixed(2)}%`;
}

function table(head: string[], rows: string[][], right: boolean[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const render = (cells: string[]) =>
    cells
      .map((c, i) => (right[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [render(head), render(widths.map((w) => '-'.repeat(w))), ...rows.map(render)].join('\n');
}

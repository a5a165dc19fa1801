import { blockRole } from '../../synth/block-roles.ts';
import { grouped, markdownTable, signedPercent } from '../markdown.ts';
import type { TableDef } from '../table-def.ts';

/** One block of a two-sided comparison as bench/synth.ts writes it (`a` = the side named first). */
interface Block {
  block: string;
  a: number;
  b: number;
  delta: number;
  overhead: number | null;
  share: number;
}

interface Side {
  names: [string, string];
  a: number;
  b: number;
  overhead: number;
  flops: [number, number];
  depth?: [number | null, number | null];
  blocks: Block[];
}

/** What bench/synth.ts writes, as far as these tables read it. */
interface SynthFigures {
  baseline_nand2: number;
  flexv_nand2: number;
  overhead_pct: number;
  flops: { baseline: number; flexv: number };
  depth_cells: { baseline: number | null; flexv: number | null };
  blocks: Array<{ block: string; baseline_nand2: number; flexv_nand2: number; delta_nand2: number; overhead_pct: number | null; share_of_total_pct: number }>;
  feature?: { name: string; without_nand2: number; with_nand2: number; delta_nand2: number; overhead_pct: number } | null;
  over_xpulpnn?: {
    xpulpnn_nand2: number;
    flexv_nand2: number;
    overhead_pct: number;
    flops: { xpulpnn: number; flexv: number };
    blocks: Array<{ block: string; xpulpnn_nand2: number; flexv_nand2: number; delta_nand2: number; overhead_pct: number | null; share_of_total_pct: number }>;
  };
}

const signed = (x: number) => `${x >= 0 ? '+' : ''}${grouped(x)}`;

/** The overhead block by block, largest change first; unchanged blocks on one row. */
function overheadTable(s: Side): string {
  const rows = [...s.blocks].sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta) || x.block.localeCompare(y.block));
  const same = rows.filter((r) => r.delta === 0);
  const body = rows
    .filter((r) => r.delta !== 0)
    .map((r) => [
      `\`${r.block}\``,
      blockRole(r.block),
      r.a ? grouped(r.a) : '-',
      r.b ? grouped(r.b) : '-',
      signed(r.delta),
      r.overhead === null ? (r.a ? '-' : 'new') : signedPercent(r.overhead),
      signedPercent(r.share),
    ]);
  if (same.length) body.push([`${same.length} blocks identical in both`, same.map((r) => `\`${r.block}\``).join(', '), '', '', '0', '', '']);
  body.push(['**core, logic**', '', `**${grouped(s.a)}**`, `**${grouped(s.b)}**`, signed(s.b - s.a), `**${signedPercent(s.overhead)}**`, signedPercent(s.overhead)]);
  body.push(['flip-flops', '', String(s.flops[0]), String(s.flops[1]), signed(s.flops[1] - s.flops[0]), '', '']);
  if (s.depth) body.push(['logic depth (cells, flattened)', '', String(s.depth[0] ?? '-'), String(s.depth[1] ?? '-'), '', '', '']);
  const [a, b] = s.names;
  return markdownTable(['piece', 'what', `${a} NAND2`, `${b} NAND2`, `${b} - ${a}`, 'overhead', 'share of the total'], body, [false, false, true, true, true, true, true]);
}

function overBaseline(raw: unknown): string {
  const f = raw as SynthFigures;
  const table = overheadTable({
    names: ['baseline', 'flexv'],
    a: f.baseline_nand2,
    b: f.flexv_nand2,
    overhead: f.overhead_pct,
    flops: [f.flops.baseline, f.flops.flexv],
    depth: [f.depth_cells.baseline, f.depth_cells.flexv],
    blocks: f.blocks.map((r) => ({ block: r.block, a: r.baseline_nand2, b: r.flexv_nand2, delta: r.delta_nand2, overhead: r.overhead_pct, share: r.share_of_total_pct })),
  });
  if (!f.feature) return table;
  const x = f.feature;
  const without = ((x.without_nand2 - f.baseline_nand2) / f.baseline_nand2) * 100;
  return (
    `${table}\n\nOf the overhead, ${x.name}: flexv without them ${grouped(x.without_nand2)} NAND2, with them ` +
    `${grouped(x.with_nand2)} (${signed(x.delta_nand2)}, ${signedPercent(x.overhead_pct)}); without them flexv is ` +
    `${signedPercent(without)} over the baseline core.`
  );
}

function overXpulpnn(raw: unknown): string {
  const x = (raw as SynthFigures).over_xpulpnn;
  if (!x) return '(bench/reference/synth.json has no over_xpulpnn section: measure it again)';
  return overheadTable({
    names: ['xpulpnn', 'flexv'],
    a: x.xpulpnn_nand2,
    b: x.flexv_nand2,
    overhead: x.overhead_pct,
    flops: [x.flops.xpulpnn, x.flops.flexv],
    blocks: x.blocks.map((r) => ({ block: r.block, a: r.xpulpnn_nand2, b: r.flexv_nand2, delta: r.delta_nand2, overhead: r.overhead_pct, share: r.share_of_total_pct })),
  });
}

const command = 'npm run bench -- synth skip=cluster';

export const synthTables: TableDef[] = [
  { id: 'synth-core-overhead', benchmark: 'synth', command, render: overBaseline },
  { id: 'synth-core-over-xpulpnn', benchmark: 'synth', command, render: overXpulpnn },
];

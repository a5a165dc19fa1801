import { CONFIGS, FAMILIES } from '../../conformance/catalog.ts';
import { TARGETS } from '../../campaign/kinds/conformance.ts';
import { benchCommand, type ConformanceFigures, type Counts, type SelectionFigures } from '../../conformance/figures.ts';
import { grouped, markdownTable } from '../markdown.ts';
import type { TableDef } from '../table-def.ts';

/** `runs` of a selection: all of them, or how many of the planned ones a campaign not yet finished holds. */
const runsOf = (s: SelectionFigures) => (s.runs === s.planned ? grouped(s.runs) : `${grouped(s.runs)} of ${grouped(s.planned)} (${s.shardsDone}/${s.shards} shards)`);
const sample = (s: SelectionFigures) =>
  s.selection.every >= 1000 ? 'the first kernel of each family/kind/tile group' : s.selection.every > 1 ? `every ${s.selection.every}th kernel of each family/kind/tile group` : 'every kernel';
const minutes = (x: number) => (x >= 120 ? `${Math.round(x / 60)} min` : `${Math.round(x)} s`);

/** One row per selection: its command, how many runs it holds and their verdicts, its campaign's time. */
function selections(raw: unknown): string {
  const f = raw as ConformanceFigures;
  const rows = f.selections.map((s) => [
    `\`${s.command}\``, `${s.selection.targets.join(', ')}; ${sample(s)}`, runsOf(s), grouped(s.pass), grouped(s.explained), `**${s.fail}**`, grouped(s.skip),
    `${minutes(s.campaignWallSeconds)} / ${minutes(s.campaignCpuSeconds)}`,
  ]);
  const bench = f.selections.map((s) => `\`${benchCommand(s.selection, s.runs !== s.planned)}\``);
  return [
    markdownTable(['command', 'targets; kernels', 'runs', 'pass', 'explained', 'fail', 'skip', 'campaign wall (first shard start to last end) / CPU'], rows, [false, false, true, true, true, true, true, true]),
    '',
    `Each row measured by ${bench.join('; ')} (the figures of a campaign still running or stopped: \`--partial\`).`,
  ].join('\n');
}

/** Totals per configuration, family and target over every selection (a run counted once per selection that has it). */
function perConfig(raw: unknown): string {
  const f = raw as ConformanceFigures;
  const rows: string[][] = [];
  f.selections.forEach((s, n) => {
    const by = new Map<string, Counts>();
    for (const [key, g] of Object.entries(s.groups)) {
      const [config, family, , target] = key.split(' ');
      const k = `${config} ${family} ${target}`;
      const t = by.get(k) ?? { runs: 0, pass: 0, explained: 0, fail: 0, skip: 0 };
      for (const c of ['runs', 'pass', 'explained', 'fail', 'skip'] as const) t[c] += g[c];
      by.set(k, t);
    }
    // In the order of the configurations, families and targets (baseline before xpulpnn before flexv).
    const rank = (k: string) => {
      const [config, family, target] = k.split(' ');
      return (CONFIGS.indexOf(config as (typeof CONFIGS)[number]) * 10 + FAMILIES.indexOf(family as (typeof FAMILIES)[number])) * 10 + TARGETS.indexOf(target as (typeof TARGETS)[number]);
    };
    for (const [k, t] of [...by].sort(([a], [b]) => rank(a) - rank(b))) {
      const [config, family, target] = k.split(' ');
      rows.push([String(n + 1), config, family, target, grouped(t.runs), grouped(t.pass), grouped(t.explained), `**${t.fail}**`, grouped(t.skip)]);
    }
  });
  return markdownTable(['row of the table above', 'config', 'family', 'target', 'runs', 'pass', 'explained', 'fail', 'skip'], rows, [true, false, false, false, true, true, true, true, true]);
}

export const conformanceTables: TableDef[] = [
  { id: 'conformance-selections', benchmark: 'conformance', command: 'npm run bench -- conformance ... --merge (each row\'s command below the table)', render: selections },
  { id: 'conformance-per-config', benchmark: 'conformance', command: 'npm run bench -- conformance ... --merge (each row\'s command below the first table)', render: perConfig },
];

import { markdownTable } from '../markdown.ts';
import type { TableDef } from '../table-def.ts';

/** What bench/mutate.ts writes, as far as this table reads it. */
interface MutateFigures {
  config: string;
  count: number;
  seed: number;
  regression: string;
  killed: number;
  survived: number;
  equivalent: number;
  kill_rate: number;
  wall_seconds: number;
  schema_build_seconds: number;
  points: number;
  /** the regression's programs by name ('random seed N', 'directed NAME', each maybe '(stalls)') */
  programs: string[];
  killedBy: Record<string, number>;
  /** cluster campaigns: cores, each block's counts, the equivalents with their reasons, original run lengths */
  cores?: number;
  units?: Array<{ unit: string; killed: number; survived: number; kill_rate: number }>;
  equivalents?: Array<{ reason: string }>;
  original_cycles?: number[];
}

function regression(f: MutateFigures): string {
  const random = f.programs.filter((p) => p.startsWith('random')).length;
  const directed = new Set(f.programs.filter((p) => p.startsWith('directed')).map((p) => p.replace(/ \(stalls\)$/, ''))).size;
  return `${f.regression}: ${f.programs.length} programs (${random} random; ${directed} directed, each with and without bus stalls)`;
}

const pct = (r: number) => `${(r * 100).toFixed(1)} %`;
const causesOf = (f: MutateFigures) => Object.entries(f.killedBy).filter(([, n]) => n > 0).map(([c, n]) => `${c} ${n}`).join(', ');
const wallTime = (f: MutateFigures) =>
  `${Math.round(f.wall_seconds)} s${f.schema_build_seconds ? `, of which the one schema Verilator build ${Math.round(f.schema_build_seconds)} s` : ' (schema model cached)'}`;

function score(raw: unknown): string {
  const f = raw as MutateFigures;
  const rows = [
    ['mutants', `${f.count} of ${f.points.toLocaleString('en-US')} points of the ${f.config} core (seed ${f.seed}, all operators)`],
    ['killed / survived / equivalent', `${f.killed} / ${f.survived} / ${f.equivalent}`],
    [`**kill rate** (of the ${f.killed + f.survived} non-equivalent)`, `**${pct(f.kill_rate)}** (goal: 95 %)`],
    ['killed by', causesOf(f)],
    ['regression', regression(f)],
    ['wall time', wallTime(f)],
  ];
  return markdownTable(['figure', 'value'], rows);
}

/** The cluster fabric's score: the same figures, the equivalents that rest on run length, and each block. */
function clusterScore(raw: unknown): string {
  const f = raw as MutateFigures;
  const bounded = (f.equivalents ?? []).filter((e) => e.reason.startsWith('bounded:')).length;
  const random = f.programs.filter((p) => p.startsWith('random')).length;
  const directed = new Set(f.programs.filter((p) => p.startsWith('directed')).map((p) => p.replace(/ \(.*\)$/, ''))).size;
  const longest = Math.max(...(f.original_cycles ?? [0]));
  const rows = [
    ['mutants', `${f.count} of ${f.points.toLocaleString('en-US')} points of the ${f.cores}-core ${f.config} fabric (seed ${f.seed}, all operators)`],
    ['killed / survived / equivalent', `${f.killed} / ${f.survived} / ${f.equivalent} (${bounded} of the ${f.equivalent} \`bounded:\`)`],
    [`**kill rate** (of the ${f.killed + f.survived} non-equivalent)`, `**${pct(f.kill_rate)}** (goal: 90 %)`],
    ['killed by', causesOf(f)],
    ['regression', `${f.regression}: ${f.programs.length} runs (${random} random, ${directed} directed programs, some also with a slow L2); longest original run ${longest.toLocaleString('en-US')} cycles`],
    ['wall time', wallTime(f)],
  ];
  const blocks = (f.units ?? []).map((u) => [`\`${u.unit.replace(/^src\//, '')}\``, pct(u.kill_rate), `${u.killed} / ${u.survived}`]);
  return `${markdownTable(['figure', 'value'], rows)}\n\n${markdownTable(['block', 'kill rate', 'killed / survived'], blocks, [false, true, true])}`;
}

export const mutateTables: TableDef[] = [
  { id: 'mutate-core-score', benchmark: 'mutate', command: 'npm run bench -- mutate', render: score },
  { id: 'mutate-cluster-score', benchmark: 'mutate-cluster', command: 'npm run bench -- mutate-cluster', render: clusterScore },
];

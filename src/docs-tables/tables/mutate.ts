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
}

function regression(f: MutateFigures): string {
  const random = f.programs.filter((p) => p.startsWith('random')).length;
  const directed = new Set(f.programs.filter((p) => p.startsWith('directed')).map((p) => p.replace(/ \(stalls\)$/, ''))).size;
  return `${f.regression}: ${f.programs.length} programs (${random} random; ${directed} directed, each with and without bus stalls)`;
}

function score(raw: unknown): string {
  const f = raw as MutateFigures;
  const causes = Object.entries(f.killedBy).filter(([, n]) => n > 0).map(([c, n]) => `${c} ${n}`).join(', ');
  const rows = [
    ['mutants', `${f.count} of ${f.points.toLocaleString('en-US')} points of the ${f.config} core (seed ${f.seed}, all operators)`],
    ['killed / survived / equivalent', `${f.killed} / ${f.survived} / ${f.equivalent}`],
    [`**kill rate** (of the ${f.killed + f.survived} non-equivalent)`, `**${(f.kill_rate * 100).toFixed(1)} %** (goal: 95 %)`],
    ['killed by', causes],
    ['regression', regression(f)],
    ['wall time', `${Math.round(f.wall_seconds)} s${f.schema_build_seconds ? `, of which the one schema Verilator build ${Math.round(f.schema_build_seconds)} s` : ' (schema model cached)'}`],
  ];
  return markdownTable(['figure', 'value'], rows);
}

export const mutateTables: TableDef[] = [{ id: 'mutate-core-score', benchmark: 'mutate', command: 'npm run bench -- mutate', render: score }];

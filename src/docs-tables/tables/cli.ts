import { loadClause, markdownTable } from '../markdown.ts';
import type { TableDef } from '../table-def.ts';

/** One timed command as bench/cli.ts writes it. */
interface Timing {
  command: string;
  runs: number;
  median_s: number;
  min_s: number;
  cpu_median_s: number | null;
}

/** What bench/cli.ts writes, as far as this table reads it. */
interface CliFigures {
  program_instructions: number;
  dist: { help: Timing; run: Timing; npx_help: Timing };
  sources: { help: Timing; run: Timing; npx_help: Timing };
  node_floor: Timing;
  goals: { help_s: number; run_s: number; help_met: boolean; run_met: boolean; help_cpu_met?: boolean | null; run_cpu_met?: boolean | null; floor_wall_per_cpu?: number | null };
}

const s = (x: number | null | undefined) => (x === null || x === undefined ? '-' : `${x.toFixed(2)} s`);
const wall = (t: Timing | undefined) => (t ? `${s(t.median_s)} (min ${s(t.min_s)})` : '');

function startup(raw: unknown, ref: { machine: { loadAverage?: number[] } }): string {
  const f = raw as CliFigures;
  const rows: Array<[string, Timing, Timing | undefined]> = [
    ['`node -e 0` (Node alone, the floor)', f.node_floor, undefined],
    ['`node bin/flexv.js --help`', f.dist.help, f.sources.help],
    [`\`node bin/flexv.js run\` (${f.program_instructions} instructions)`, f.dist.run, f.sources.run],
    ['`npx flexv --help`', f.dist.npx_help, f.sources.npx_help],
  ];
  const table = markdownTable(
    ['call', 'dist/: wall, median', 'dist/: CPU (user + sys), median', 'sources (tsx): wall, median', 'sources: CPU'],
    rows.map(([name, d, src]) => [name, wall(d), s(d.cpu_median_s), src ? wall(src) : '', src ? s(src.cpu_median_s) : '']),
    [false, true, true, true, true],
  );
  const goal = (name: string, t: Timing, limit: number, met: boolean) =>
    `${name} ${s(t.median_s)} wall against ${limit} s: ${met ? 'met' : '**not met**'}; CPU ${s(t.cpu_median_s)}`;
  return (
    `${table}\n\n` +
    `Goals (median wall time): ${goal('`--help`', f.dist.help, f.goals.help_s, f.goals.help_met)}; ` +
    `${goal('`run`', f.dist.run, f.goals.run_s, f.goals.run_met)}. ` +
    (f.goals.floor_wall_per_cpu ? `Node alone took ${f.goals.floor_wall_per_cpu.toFixed(1)} times its CPU time in wall time (the load). ` : '') +
    `${f.dist.help.runs} runs per dist/ figure, ${f.sources.help.runs} per source figure; ${loadClause(ref.machine.loadAverage)}.`
  );
}

export const cliTables: TableDef[] = [{ id: 'cli-startup', benchmark: 'cli', command: 'npm run bench -- cli', render: startup }];

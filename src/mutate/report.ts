import { relative } from 'node:path';
import { PROJECT_ROOT } from '../sim/verilator.ts';
import { EQUIVALENT_FILE } from './equivalent.ts';
import type { MutateReport } from './run.ts';

const EQUIVALENT_REL = relative(PROJECT_ROOT, EQUIVALENT_FILE);

const pct = (r: number | null) => (r === null ? '-' : `${(r * 100).toFixed(1)} %`);

/** The printed report: score, per-unit table, every survivor with operator and source location. */
export function formatReport(r: MutateReport): string {
  const lines: string[] = [];
  lines.push(`mutation campaign: ${r.target} ${r.config}${r.cores !== undefined ? ` (${r.cores} cores, fabric only)` : ''}, ${r.mutants.length} mutants (seed ${r.seed}, ${r.points} points), regression ${r.regression} (${r.programs.length} programs)`);
  lines.push(`killed ${r.killed}, survived ${r.survived}, equivalent ${r.equivalent}: kill rate ${pct(r.kill_rate)} of non-equivalent mutants; wall time ${r.wall_seconds} s (schema build ${r.build.built ? `${r.build.seconds} s` : 'cached'})`);
  const w = Math.max(4, ...r.units.map((u) => u.unit.length));
  lines.push('', `${'unit'.padEnd(w)}  killed  survived  equiv  kill rate`);
  for (const u of r.units) lines.push(`${u.unit.padEnd(w)}  ${String(u.killed).padStart(6)}  ${String(u.survived).padStart(8)}  ${String(u.equivalent).padStart(5)}  ${pct(u.kill_rate).padStart(9)}`);
  const causes = new Map<string, number>();
  for (const m of r.mutants) if (m.cause) causes.set(m.cause, (causes.get(m.cause) ?? 0) + 1);
  lines.push('', `killed by: ${[...causes].map(([c, n]) => `${c} ${n}`).join(', ') || '-'}`);
  const survivors = r.mutants.filter((m) => m.status === 'survived');
  if (survivors.length) {
    lines.push('', 'survivors (operator, source, what; key for the equivalent list):');
    for (const m of survivors) lines.push(`  #${m.id} ${m.operator} at ${m.where}: ${m.detail}`, `      ${m.key}`);
  }
  const eq = r.mutants.filter((m) => m.status === 'equivalent');
  if (eq.length) {
    lines.push('', `equivalent (${EQUIVALENT_REL}):`);
    for (const m of eq) lines.push(`  #${m.id} ${m.operator} at ${m.where}: ${m.reason}`);
  }
  if (r.wronglyListed.length) {
    lines.push('', `listed as equivalent but killed (remove from ${EQUIVALENT_REL}):`);
    for (const k of r.wronglyListed) lines.push(`  ${k}`);
  }
  return lines.join('\n');
}

/** The --json summary: the figures first, then the mutants. */
export function reportJson(r: MutateReport): string {
  const { killed, survived, equivalent, kill_rate, wall_seconds, ...rest } = r;
  return JSON.stringify({ killed, survived, equivalent, kill_rate, wall_seconds, ...rest }, null, 2) + '\n';
}

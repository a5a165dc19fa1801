import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { endDifference, formatMismatch, lockstep, type LockstepResult } from '../cosim/lockstep.ts';
import type { MutationOperator } from '../hdl/mutation.ts';
import { UserError } from '../util/errors.ts';
import { buildSchemaSim, mutantExe } from './build.ts';
import { readEquivalents } from './equivalent.ts';
import { regressionPrograms, type RegressionLevel, type RegressionProgram } from './regression.ts';
import { coreSchema, type Mutant } from './schema.ts';

export interface MutateOptions {
  target: 'core' | 'cluster';
  config: string;
  /** cluster: cores of the cluster (default 8) */
  cores?: number;
  count: number;
  seed: number;
  operators: readonly MutationOperator[];
  regression: RegressionLevel;
  /** run only mutants with ids in [first, last] (a campaign shard); default all */
  first?: number;
  last?: number;
  log?: (line: string) => void;
  /** run only the first N programs of the regression (tests) */
  limitPrograms?: number;
  /** exactly these mutation points (keys) instead of the seeded draw */
  keys?: readonly string[];
  /** the equivalent-mutant list (default: the committed one) */
  equivalents?: Map<string, string>;
}

/**
 * How a mutant died: a retirement differs from the golden model's (`mismatch`), no end within the cycle
 * budget (`hang`), the run ended differently from the golden model or not with tohost = 1 (`end-state`),
 * or it ended correctly but after another number of cycles than the original design (`timing`: the
 * golden model is not cycle-accurate, the original design's own run is the reference). Cluster only: a DMA
 * transfer's destination differs from the golden model's at its completion (`dma`), or the run ends
 * correctly with other TCDM / stall / sleep counters than the original cluster's (`counters`).
 */
export type KillCause = 'mismatch' | 'hang' | 'end-state' | 'timing' | 'dma' | 'counters';

export interface MutantResult extends Mutant {
  status: 'killed' | 'survived' | 'equivalent';
  /** the program that killed it, and how */
  killedBy?: string;
  cause?: KillCause;
  /** first line of what the regression saw */
  message?: string;
  /** equivalent: the reason from the list */
  reason?: string;
  /** programs run on it */
  runs: number;
}

export interface UnitScore {
  unit: string;
  killed: number;
  survived: number;
  equivalent: number;
  kill_rate: number | null;
}

export interface MutateReport {
  target: 'core' | 'cluster';
  config: string;
  /** cluster: cores of the cluster */
  cores?: number;
  seed: number;
  count: number;
  operators: readonly MutationOperator[];
  regression: RegressionLevel;
  /** mutation points of the design (all operators) */
  points: number;
  programs: string[];
  /** cluster: the original design's cycles per program (the timing reference and the cycle budgets) */
  originalCycles?: number[];
  build: { built: boolean; seconds: number };
  killed: number;
  survived: number;
  equivalent: number;
  /** killed / (killed + survived): equivalent mutants are left out */
  kill_rate: number | null;
  wall_seconds: number;
  units: UnitScore[];
  mutants: MutantResult[];
  /** listed as equivalent yet killed: the list is wrong for these keys */
  wronglyListed: string[];
}

/** Cycle budget of a mutant on a program: a hang is a run past this many cycles. */
export function cycleBudget(originalCycles: number): number {
  return originalCycles * 3 + 5000;
}

/**
 * A mutation campaign on the core: one schema build with every chosen mutant, the original design
 * (select 0) checked on every program, then each mutant in lockstep against the golden model, program
 * after program until one kills it (mismatch, hang past the cycle budget, or a wrong end state).
 */
export async function runMutationCampaign(opts: MutateOptions): Promise<MutateReport> {
  if (opts.target !== 'core') throw new UserError(`runMutationCampaign runs core campaigns; --target ${opts.target} is src/mutate/cluster/run.ts`, '--target');
  const t0 = performance.now();
  const log = opts.log ?? (() => {});
  const schema = coreSchema({ config: opts.config, count: opts.count, seed: opts.seed, operators: opts.operators, keys: opts.keys });
  if (schema.mutants.length === 0) throw new UserError(`no mutation point of the chosen operators in the ${opts.config} core`, '--operators');
  log(`${schema.mutants.length} mutants from ${schema.points} mutation points of the ${opts.config} core (seed ${opts.seed})`);
  const sim = await buildSchemaSim(opts.config, schema.design, schema.selectWidth, log);
  if (sim.built) log(`built the schema model in ${sim.buildSeconds.toFixed(1)} s`);
  const equivalents = opts.equivalents ?? readEquivalents(opts.config);
  const work = await mkdtemp(join(tmpdir(), 'flexv-mutate-'));
  try {
    const programs = (await regressionPrograms(opts.config, opts.regression, opts.seed, join(work, 'programs'))).slice(0, opts.limitPrograms);
    const original = await checkOriginal(opts.config, programs, await mutantExe(sim, 0, work));
    log(`original design (select 0) passes all ${programs.length} programs in lockstep`);
    const { results, wronglyListed } = await runMutants(schema.mutants, programs, opts, equivalents, log, async (m) => {
      const exe = await mutantExe(sim, m.id, work);
      return async (p, i) => judge(opts.config, await lockstep(opts.config, p.elf, { exe, maxCycles: cycleBudget(original[i]!), stallSeed: p.stallSeed, history: 4 }), original[i]);
    });
    return {
      target: 'core', config: opts.config, seed: opts.seed, count: opts.count, operators: opts.operators, regression: opts.regression,
      points: schema.points,
      programs: programs.map((p) => p.name),
      build: { built: sim.built, seconds: Math.round(sim.buildSeconds * 10) / 10 },
      ...tally(results, wronglyListed),
      wall_seconds: Math.round((performance.now() - t0) / 100) / 10,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** A mutant's verdict on one regression program: undefined when the run looks like the original's. */
export type Verdict = { cause: KillCause; message: string } | undefined;

/**
 * The campaign loop of both targets: each mutant in [first, last] on the programs in order until one kills
 * it, then the equivalence list (a listed mutant that got killed is reported as wrongly listed).
 * `forMutant` prepares a mutant's runs (its executable) and returns how to run one program on it.
 */
export async function runMutants<P extends { name: string }>(
  mutants: readonly Mutant[],
  programs: readonly P[],
  range: { first?: number; last?: number },
  equivalents: Map<string, string>,
  log: (line: string) => void,
  forMutant: (m: Mutant) => Promise<(p: P, index: number) => Promise<Verdict>>,
): Promise<{ results: MutantResult[]; wronglyListed: string[] }> {
  const results: MutantResult[] = [];
  const wronglyListed: string[] = [];
  const first = range.first ?? 1;
  const last = range.last ?? mutants.length;
  for (const m of mutants) {
    if (m.id < first || m.id > last) continue;
    const run = await forMutant(m);
    const r: MutantResult = { ...m, status: 'survived', runs: 0 };
    for (let i = 0; i < programs.length && r.status === 'survived'; i++) {
      r.runs++;
      const verdict = await run(programs[i]!, i);
      if (verdict) Object.assign(r, { status: 'killed', killedBy: programs[i]!.name, ...verdict });
    }
    const listed = equivalents.get(m.key);
    if (listed !== undefined) {
      if (r.status === 'killed') wronglyListed.push(m.key);
      else Object.assign(r, { status: 'equivalent', reason: listed });
    }
    log(`mutant ${m.id}/${mutants.length} ${m.operator} ${m.where} (${m.detail}): ${r.status}${r.killedBy ? ` by ${r.killedBy} (${r.cause})` : ''}`);
    results.push(r);
  }
  return { results, wronglyListed };
}

/** The score fields of a report from its mutants' results. */
export function tally(results: MutantResult[], wronglyListed: string[]): Pick<MutateReport, 'killed' | 'survived' | 'equivalent' | 'kill_rate' | 'units' | 'mutants' | 'wronglyListed'> {
  const count = (s: MutantResult['status']) => results.filter((r) => r.status === s).length;
  const killed = count('killed');
  const survived = count('survived');
  return { killed, survived, equivalent: count('equivalent'), kill_rate: rate(killed, survived), units: unitScores(results), mutants: results, wronglyListed };
}

export function rate(killed: number, survived: number): number | null {
  return killed + survived === 0 ? null : Math.round((killed / (killed + survived)) * 10000) / 10000;
}

/**
 * The original design (select 0 of the schema) on every program: it must pass; returns its cycle count per
 * program (the budget and the timing reference). (That select 0 is cycle for cycle the plain core is a
 * test: test/mutate.)
 */
async function checkOriginal(config: string, programs: RegressionProgram[], exe: string): Promise<number[]> {
  const cycles: number[] = [];
  for (const p of programs) {
    const r = await lockstep(config, p.elf, { exe, stallSeed: p.stallSeed });
    const verdict = judge(config, r);
    if (verdict) throw new UserError(`the regression program '${p.name}' fails on the original design (mutant select 0): ${verdict.message}`, p.elf);
    cycles.push(r.end!.cycles);
  }
  return cycles;
}

/** Why a lockstep run kills a mutant, or undefined when the run looks like the original's. */
export function judge(config: string, r: LockstepResult, originalCycles?: number): Verdict {
  if (r.mismatch) return { cause: 'mismatch', message: formatMismatch(config, r.mismatch).split('\n')[0]! };
  const end = r.end!;
  if (end.reason === 'limit') return { cause: 'hang', message: `no end within ${end.cycles} cycles` };
  const diff = endDifference(r);
  if (diff) return { cause: 'end-state', message: diff };
  if (end.reason !== 'tohost' || end.value !== 1) return { cause: 'end-state', message: `ended with ${end.reason} = ${end.value}, not tohost = 1` };
  if (originalCycles !== undefined && end.cycles !== originalCycles) return { cause: 'timing', message: `ended correctly after ${end.cycles} cycles, the original design after ${originalCycles}` };
  return undefined;
}

export function unitScores(results: MutantResult[]): UnitScore[] {
  const by = new Map<string, UnitScore>();
  for (const r of results) {
    const u = by.get(r.unit) ?? { unit: r.unit, killed: 0, survived: 0, equivalent: 0, kill_rate: null };
    u[r.status]++;
    by.set(r.unit, u);
  }
  return [...by.values()].map((u) => ({ ...u, kill_rate: rate(u.killed, u.survived) })).sort((a, b) => a.unit.localeCompare(b.unit));
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusterTag } from '../../cluster/cluster-params.ts';
import { coreConfig } from '../../core/configs.ts';
import { clusterCosim, type ClusterCosimResult } from '../../cosim/cluster/cosim.ts';
import { formatClusterMismatch } from '../../cosim/cluster/lockstep.ts';
import type { ClusterSim } from '../../cosim/cluster/build.ts';
import type { ClusterRunEnd } from '../../cosim/cluster/run.ts';
import { UserError } from '../../util/errors.ts';
import { readEquivalents } from '../equivalent.ts';
import { cycleBudget, runMutants, tally, type MutateOptions, type MutateReport, type Verdict } from '../run.ts';
import { buildClusterSchemaSim, clusterMutantSim } from './build.ts';
import { clusterRegressionPrograms, type ClusterRegressionProgram } from './regression.ts';
import { clusterSchema } from './schema.ts';

/** The equivalent list's `config` of a cluster campaign: keys rank points of one cluster size. */
export const clusterEquivalentConfig = (tag: string) => `cluster:${tag}`;

/**
 * A mutation campaign on the cluster fabric (interconnect, TCDM, peripherals with the event unit, DMA, L2
 * port; the cores unmutated): one schema build of the whole cluster, the original (select 0) checked on
 * every program, then each mutant in cluster lockstep against the golden cluster, program after program
 * until one kills it: a retirement of any core differs (`mismatch`, which includes the cycle-counter
 * checks), a DMA destination differs at the transfer's completion (`dma`), no end within the budget
 * (`hang`), a wrong end (`end-state`), a correct end after another number of cycles (`timing`), or with
 * other end counters (TCDM accesses, conflicts, stalls, sleep cycles: `counters`) than the original cluster's.
 */
export async function runClusterMutationCampaign(opts: MutateOptions): Promise<MutateReport> {
  const t0 = performance.now();
  const log = opts.log ?? (() => {});
  const cores = opts.cores ?? 8;
  const options = { cores, config: opts.config };
  const schema = clusterSchema({ options, count: opts.count, seed: opts.seed, operators: opts.operators, keys: opts.keys });
  const tag = clusterTag(schema.params);
  if (schema.mutants.length === 0) throw new UserError(`no mutation point of the chosen operators in the fabric of the ${tag} cluster`, '--operators');
  log(`${schema.mutants.length} mutants from ${schema.points} mutation points of the fabric of the ${tag} cluster (seed ${opts.seed})`);
  const sim = await buildClusterSchemaSim(schema.params, schema.design, schema.selectWidth, log);
  if (sim.built) log(`built the cluster mutant schema in ${sim.buildSeconds.toFixed(1)} s`);
  const equivalents = opts.equivalents ?? readEquivalents(clusterEquivalentConfig(tag));
  const work = await mkdtemp(join(tmpdir(), 'flexv-mutate-cluster-'));
  try {
    const programs = (await clusterRegressionPrograms(opts.config, cores, opts.regression, opts.seed, join(work, 'programs'))).slice(0, opts.limitPrograms);
    const original = await checkOriginal(opts.config, cores, programs, await clusterMutantSim(sim, 0, work));
    const budget = (i: number) => cycleBudget(original[i]!.cycles);
    log(`original cluster (select 0) passes all ${programs.length} programs in cluster lockstep`);
    const { results, wronglyListed } = await runMutants(schema.mutants, programs, opts, equivalents, log, async (m) => {
      const msim = await clusterMutantSim(sim, m.id, work);
      return async (p, i) => judgeCluster(opts.config, await clusterCosim(options, p.elf, { sim: msim, maxCycles: budget(i), l2Latency: p.l2Latency }), original[i]);
    });
    return {
      target: 'cluster', config: opts.config, cores, seed: opts.seed, count: opts.count, operators: opts.operators, regression: opts.regression,
      points: schema.points,
      programs: programs.map((p) => p.name),
      originalCycles: original.map((o) => o.cycles),
      build: { built: sim.built, seconds: Math.round(sim.buildSeconds * 10) / 10 },
      ...tally(results, wronglyListed),
      wall_seconds: Math.round((performance.now() - t0) / 100) / 10,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** What a mutant's run is compared with beyond the golden model: the original cluster's run of the same program. */
export interface OriginalRun {
  cycles: number;
  counters: Record<string, number>;
}

/**
 * The cluster's own counters at the end of a run, by name: per master the interconnect's granted TCDM
 * accesses, conflicts and stall cycles (the DMA as the last master), per core the cycles with a data request
 * refused and asleep in the event unit. The golden model is not cycle-accurate, so these are compared with
 * the original cluster's run (deterministic: same program, same L2 latency); the conflict and MAC/cycle
 * figures rest on them.
 */
export function endCounters(end: ClusterRunEnd): Record<string, number> {
  const out: Record<string, number> = {};
  const per = (name: string, v: number[]) => v.forEach((x, i) => (out[`${name}[${i}]`] = x));
  per('tcdm requests', [...end.tcdmRequests, end.dma.requests]);
  per('tcdm conflicts', [...end.tcdmConflicts, end.dma.conflicts]);
  per('tcdm stalls', [...end.tcdmStalls, end.dma.stalls]);
  per('stall cycles', end.stallCycles);
  per('sleep cycles', end.sleepCycles);
  return out;
}

/** The original cluster (select 0) on every program: it must pass; returns its cycles and end counters per program. */
async function checkOriginal(config: string, cores: number, programs: ClusterRegressionProgram[], sim: ClusterSim): Promise<OriginalRun[]> {
  const runs: OriginalRun[] = [];
  for (const p of programs) {
    const r = await clusterCosim({ cores, config }, p.elf, { sim, l2Latency: p.l2Latency });
    const verdict = judgeCluster(config, r);
    if (verdict) throw new UserError(`the regression program '${p.name}' fails on the original cluster (mutant select 0): ${verdict.message}`, p.elf);
    runs.push({ cycles: r.end.cycles, counters: endCounters(r.end) });
  }
  return runs;
}

/** Why a cluster lockstep run kills a mutant, or undefined when the run looks like the original's. */
export function judgeCluster(config: string, r: ClusterCosimResult, original?: OriginalRun): Verdict {
  if (r.mismatch) {
    const m = r.mismatch;
    const first = formatClusterMismatch(coreConfig(config).isa, m).split('\n')[0]!;
    return { cause: m.dma ? 'dma' : 'mismatch', message: m.dma || m.fields.length === 0 ? first : `${first}; differing: ${m.fields.join(', ')}` };
  }
  const end = r.end;
  if (end.reason === 'limit') return { cause: 'hang', message: `no end within ${end.cycles} cycles` };
  const g = r.summary.goldEnd;
  if (!g) return { cause: 'end-state', message: `the RTL cluster ended with ${end.reason} = ${end.value}, the golden cluster did not end` };
  if (g.reason !== end.reason || g.value >>> 0 !== end.value >>> 0) {
    return { cause: 'end-state', message: `the golden cluster ended with ${g.reason} = ${g.value}, the RTL cluster with ${end.reason} = ${end.value}` };
  }
  if (end.reason !== 'eoc' || end.value !== 0) return { cause: 'end-state', message: `ended with ${end.reason} = ${end.value}, not EOC 0` };
  if (!original) return undefined;
  if (end.cycles !== original.cycles) return { cause: 'timing', message: `ended correctly after ${end.cycles} cycles, the original cluster after ${original.cycles}` };
  const counters = endCounters(end);
  const differs = Object.keys(original.counters).find((k) => counters[k] !== original.counters[k]);
  if (differs) return { cause: 'counters', message: `ended correctly, but ${differs} = ${counters[differs]}, the original cluster's ${original.counters[differs]}` };
  return undefined;
}

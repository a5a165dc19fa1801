import { rm } from 'node:fs/promises';
import { clusterOptionsFromFlags, type ClusterOptions } from '../../cluster/cluster-params.ts';
import { CORE_CONFIGS, coreConfig } from '../../core/configs.ts';
import { coreCoverage } from '../../core/core.ts';
import { buildCoreSim } from '../../cosim/build.ts';
import { buildClusterSim } from '../../cosim/cluster/build.ts';
import { clusterCosim } from '../../cosim/cluster/cosim.ts';
import { formatClusterMismatch } from '../../cosim/cluster/lockstep.ts';
import { endDifference, formatMismatch, lockstep } from '../../cosim/lockstep.ts';
import { buildRandomProgram } from '../../cosim/programs.ts';
import { readElf } from '../../elf/read.ts';
import { runImage } from '../../iss/run.ts';
import { buildRandomElf } from '../../randprog/assemble.ts';
import { UserError } from '../../util/errors.ts';
import { FAILURES_KEPT, type CampaignKind, type ItemFailure, type ShardResult } from '../kind.ts';
import { itemSeed, shardItems } from '../seeds.ts';
import { SHARD_FORMAT, type Campaign } from '../spec.ts';
import { expectParam, intFlag, stringFlag } from './flags.ts';

/** What a lockstep campaign runs: random programs (src/randprog) on the core or the cluster, in lockstep. */
export interface LockstepParams {
  target: 'core' | 'cluster';
  config: string;
  /** Cluster only: cores and banking factor. */
  cores?: number;
  banking?: number;
  /** Random items per program and runs of the random body (`flexv randprog --length/--repeat`). */
  length: number;
  repeat: number;
  /** The retirements asked for, and the golden model's mean per program the plan measured. */
  retirements: number;
  perProgram: number;
  maxCycles: number;
}

/** Programs the plan runs on the golden model to estimate retirements per program. */
const SAMPLE_PROGRAMS = 3;
const MAX_CYCLES = 10_000_000;

function params(c: Campaign): LockstepParams {
  return c.params as unknown as LockstepParams;
}

function clusterOptions(p: LockstepParams): ClusterOptions {
  return { cores: p.cores!, ...(p.banking !== undefined ? { banking: p.banking } : {}), config: p.config };
}

/** Instructions the core does not implement yet are left out of its programs (as the lockstep tests do). */
function excluded(config: string): readonly string[] {
  return coreCoverage(config).missing;
}

/** The random program of item `item`: the same bytes on every machine. */
function programSeed(c: Campaign, item: number): number {
  return itemSeed(c.seed, item);
}

/** Core target: every other program runs with random bus grants and latencies (`--stall-seed`). */
function stallSeedOf(p: LockstepParams, item: number, seed: number): number {
  if (p.target !== 'core' || item % 2 === 0) return 0;
  return (Math.imul(seed, 0x9e3779b1) >>> 0) % 0x7fffffff || 1;
}

export function lockstepReproducer(p: LockstepParams, seed: number, stallSeed: number): string {
  const isa = coreConfig(p.config).isa;
  const ex = excluded(p.config);
  const gen = `npx flexv randprog --config ${isa} --seed ${seed} --length ${p.length} --repeat ${p.repeat}${ex.length ? ` --exclude ${ex.join(',')}` : ''} -o prog.elf`;
  const sim =
    p.target === 'core'
      ? `npx flexv cosim --config ${p.config}${stallSeed ? ` --stall-seed ${stallSeed}` : ''} --max-cycles ${p.maxCycles} prog.elf`
      : `npx flexv cosim --target cluster --cores ${p.cores}${p.banking !== undefined ? ` --banking ${p.banking}` : ''} --config ${p.config} --max-cycles ${p.maxCycles} prog.elf`;
  return `${gen} && ${sim}`;
}

export const lockstepKind: CampaignKind = {
  name: 'lockstep',
  description: 'random programs (flexv randprog) in lockstep with the golden model, on the core or the cluster',
  unit: 'retirements',
  flags: [
    { flags: '--config <name>', description: `core configuration (${Object.keys(CORE_CONFIGS).join(', ')})`, default: 'flexv' },
    { flags: '--target <target>', description: 'core | cluster', default: 'core' },
    { flags: '--cores <n>', description: 'cluster: cores (every core runs the program)' },
    { flags: '--banking <f>', description: 'cluster: TCDM banks per core' },
    { flags: '--retirements <n>', description: 'retirements to compare in all (the plan picks the number of programs)', default: '200000' },
    { flags: '--length <n>', description: 'random items per program (flexv randprog --length)', default: '300' },
    { flags: '--repeat <n>', description: 'runs of the random body per program (flexv randprog --repeat)', default: '10' },
  ],
  plan(flags) {
    const config = stringFlag(flags.config, '--config');
    if (!CORE_CONFIGS[config]) throw new UserError(`unknown core configuration '${config}' (${Object.keys(CORE_CONFIGS).join(', ')})`, '--config');
    const target = stringFlag(flags.target, '--target');
    if (target !== 'core' && target !== 'cluster') throw new UserError(`unknown target '${target}' (core, cluster)`, '--target');
    const p: LockstepParams = {
      target, config,
      length: intFlag(flags.length, '--length', 1, 100_000),
      repeat: intFlag(flags.repeat, '--repeat', 1, 1_000_000),
      retirements: intFlag(flags.retirements, '--retirements', 1, Number.MAX_SAFE_INTEGER),
      perProgram: 0,
      maxCycles: MAX_CYCLES,
    };
    if (target === 'cluster') {
      const o = clusterOptionsFromFlags({ cores: typeof flags.cores === 'string' ? flags.cores : undefined, banking: flags.banking as string | undefined, config });
      p.cores = o.cores;
      if (o.banking !== undefined) p.banking = o.banking;
    } else {
      for (const f of ['cores', 'banking'] as const) if (flags[f] !== undefined) throw new UserError(`--${f} applies to --target cluster`, `--${f}`);
    }
    p.perProgram = measurePerProgram(p);
    return { params: p as unknown as Record<string, unknown>, items: Math.max(1, Math.ceil(p.retirements / p.perProgram)) };
  },
  check(raw) {
    const p = raw as unknown as LockstepParams;
    expectParam(p.target === 'core' || p.target === 'cluster', 'target', `must be 'core' or 'cluster', got ${JSON.stringify(p.target)}`);
    expectParam(typeof p.config === 'string' && !!CORE_CONFIGS[p.config], 'config', `must name a core configuration (${Object.keys(CORE_CONFIGS).join(', ')})`);
    for (const f of ['length', 'repeat', 'retirements', 'perProgram', 'maxCycles'] as const) {
      expectParam(Number.isSafeInteger(p[f]) && p[f] > 0, f, `must be a positive integer, got ${JSON.stringify(p[f])}`);
    }
    if (p.target === 'cluster') clusterOptionsFromFlags({ cores: String(p.cores), ...(p.banking !== undefined ? { banking: String(p.banking) } : {}), config: p.config });
  },
  async prepare(c, log) {
    const p = params(c);
    if (p.target === 'core') {
      const sim = await buildCoreSim(p.config);
      if (sim.built) log(`built the ${p.config} core model in ${sim.buildSeconds.toFixed(1)} s`);
    } else {
      const sim = await buildClusterSim(clusterOptions(p));
      if (sim.built) log(`built the ${p.cores}-core ${p.config} cluster model in ${sim.buildSeconds.toFixed(1)} s`);
    }
  },
  async runShard(c, shard, ctx) {
    const p = params(c);
    const { start, end } = shardItems(c.items, c.shards, shard);
    let retirements = 0, cycles = 0, mismatches = 0;
    const failures: ItemFailure[] = [];
    for (let item = start; item < end; item++) {
      const seed = programSeed(c, item);
      const stallSeed = stallSeedOf(p, item, seed);
      const elf = await buildRandomProgram(ctx.work, p.config, seed, p.length, p.repeat);
      let compared: number, ranCycles = 0, report: string | undefined;
      if (p.target === 'core') {
        const r = await lockstep(p.config, elf, { maxCycles: p.maxCycles, stallSeed });
        compared = r.compared;
        report = r.mismatch
          ? formatMismatch(p.config, r.mismatch)
          : endDifference(r) ?? (r.end!.reason !== 'tohost' || r.end!.value !== 1 ? `the program ended with ${r.end!.reason} = ${r.end!.value}, not tohost = 1` : undefined);
        ranCycles = r.end?.cycles ?? 0;
      } else {
        const r = await clusterCosim(clusterOptions(p), elf, { maxCycles: p.maxCycles });
        compared = r.summary.total;
        const g = r.summary.goldEnd;
        report = r.mismatch
          ? formatClusterMismatch(coreConfig(p.config).isa, r.mismatch)
          : g && (g.reason !== r.end.reason || g.value >>> 0 !== r.end.value >>> 0)
            ? `the golden model ended with ${g.reason} = ${g.value >>> 0}, the cluster with ${r.end.reason} = ${r.end.value >>> 0}`
            : r.end.reason !== 'tohost' || r.end.value !== 1 ? `the program ended with ${r.end.reason} = ${r.end.value}, not tohost = 1` : undefined;
        ranCycles = r.mismatch ? 0 : r.end.cycles;
      }
      await rm(elf, { force: true });
      retirements += compared;
      cycles += ranCycles;
      if (report) {
        mismatches++;
        const first = report.split('\n')[0]!;
        ctx.log(`item ${item} (seed ${seed}): ${first}`);
        if (failures.length < FAILURES_KEPT) failures.push({ item, seed, message: first, report, reproducer: lockstepReproducer(p, seed, stallSeed) });
      }
      ctx.progress?.(compared);
    }
    const result: ShardResult = {
      format: SHARD_FORMAT, kind: 'lockstep', shard, start, end, units: retirements, mismatches,
      totals: { programs: end - start, cycles }, failures,
    };
    return result;
  },
  cpusPerShard(c) {
    // The harness and the golden model run in two processes, one busy while the other waits on the pipe.
    return params(c).target === 'cluster' ? 2 : 1;
  },
  secondsPerItem(c) {
    // 20 k retirements/s is a slow core run; the cluster is about cores times slower per program.
    const p = params(c);
    return Math.max(5, (p.perProgram / 20_000) * (p.target === 'cluster' ? 4 : 1));
  },
};

/**
 * Retirements per program, measured on the golden model over the campaign's first sample programs (any
 * campaign seed: it is an estimate that only sets the number of programs). On the cluster every core runs
 * the program, so the estimate is the core count times the single-core one.
 */
function measurePerProgram(p: LockstepParams): number {
  const isa = coreConfig(p.config).isa;
  let total = 0;
  for (let k = 0; k < SAMPLE_PROGRAMS; k++) {
    const prog = buildRandomElf({ config: isa, seed: itemSeed(0, k), length: p.length, repeat: p.repeat, exclude: excluded(p.config) });
    const r = runImage(readElf(prog.elf, `sample-${k}.elf`), `sample-${k}.elf`, { config: isa, maxInstr: p.maxCycles });
    total += r.instructions;
  }
  return Math.max(1, Math.round((total / SAMPLE_PROGRAMS) * (p.target === 'cluster' ? p.cores! : 1)));
}

import { CORE_CONFIGS } from '../../core/configs.ts';
import { elaborateCore } from '../../core/core.ts';
import { MUTATION_OPERATORS, mutationPoints } from '../../hdl/mutation.ts';
import { buildSchemaSim } from '../../mutate/build.ts';
import { mutateOptions } from '../../mutate/options.ts';
import { RANDOM_PROGRAMS, type RegressionLevel } from '../../mutate/regression.ts';
import { runMutationCampaign, type MutantResult } from '../../mutate/run.ts';
import { coreSchema } from '../../mutate/schema.ts';
import { selectPoints } from '../../mutate/select.ts';
import { FAILURES_KEPT, type CampaignKind, type ItemFailure, type ShardResult } from '../kind.ts';
import { shardItems } from '../seeds.ts';
import { SHARD_FORMAT, type Campaign } from '../spec.ts';
import { expectParam } from './flags.ts';
import { UserError } from '../../util/errors.ts';

/** A mutation campaign (`flexv mutate`) in shards: item i is mutant i + 1 of the schema; the campaign seed selects them. */
export interface MutateParams {
  target: 'core';
  config: string;
  count: number;
  operators: string[];
  regression: RegressionLevel;
}

function params(c: Campaign): MutateParams {
  return c.params as unknown as MutateParams;
}

function schemaOf(c: Campaign) {
  const p = params(c);
  return coreSchema({ config: p.config, count: p.count, seed: c.seed, operators: p.operators as typeof MUTATION_OPERATORS[number][] });
}

export const mutateKind: CampaignKind = {
  name: 'mutate',
  description: 'mutants of the generated core (flexv mutate), each in lockstep against the golden model',
  unit: 'mutants',
  flags: [
    { flags: '--config <name>', description: `core configuration (${Object.keys(CORE_CONFIGS).join(', ')})`, default: 'flexv' },
    { flags: '--target <target>', description: 'core (cluster: not yet)', default: 'core' },
    { flags: '--count <n>', description: 'mutants to draw (the campaign seed selects them)', default: '100' },
    { flags: '--operators <list>', description: `mutation operators (default all: ${MUTATION_OPERATORS.join(', ')})` },
    { flags: '--regression <level>', description: 'quick | full', default: 'quick' },
  ],
  plan(flags, seed) {
    const o = mutateOptions({
      target: flags.target as string | undefined, config: flags.config as string | undefined, count: flags.count as string | undefined,
      operators: flags.operators as string | undefined, regression: flags.regression as string | undefined, seed: String(seed),
    });
    if (o.target !== 'core') throw new UserError('campaign mutate shards core campaigns only; run the cluster campaign with flexv mutate --target cluster', '--target');
    const items = selectPoints(mutationPoints(elaborateCore(o.config)), o).length;
    const p: MutateParams = { target: 'core', config: o.config, count: o.count, operators: [...o.operators], regression: o.regression };
    return { params: p as unknown as Record<string, unknown>, items: Math.max(1, items) };
  },
  check(raw) {
    const p = raw as unknown as MutateParams;
    expectParam(p.target === 'core', 'target', `must be 'core', got ${JSON.stringify(p.target)}`);
    expectParam(typeof p.config === 'string' && !!CORE_CONFIGS[p.config], 'config', `must name a core configuration (${Object.keys(CORE_CONFIGS).join(', ')})`);
    expectParam(Number.isSafeInteger(p.count) && p.count > 0, 'count', `must be a positive integer, got ${JSON.stringify(p.count)}`);
    expectParam(Array.isArray(p.operators) && p.operators.every((x) => (MUTATION_OPERATORS as readonly string[]).includes(x)), 'operators', `must list operators of ${MUTATION_OPERATORS.join(', ')}`);
    expectParam(p.regression === 'quick' || p.regression === 'full', 'regression', `must be 'quick' or 'full', got ${JSON.stringify(p.regression)}`);
  },
  async prepare(c, log) {
    const s = schemaOf(c);
    const sim = await buildSchemaSim(params(c).config, s.design, s.selectWidth, log);
    if (sim.built) log(`built the mutant schema in ${sim.buildSeconds.toFixed(1)} s`);
  },
  async runShard(c, shard, ctx) {
    const p = params(c);
    const { start, end } = shardItems(c.items, c.shards, shard);
    const report = await runMutationCampaign({
      target: 'core', config: p.config, count: p.count, seed: c.seed, operators: p.operators as typeof MUTATION_OPERATORS[number][],
      regression: p.regression, first: start + 1, last: end, log: (l) => ctx.log(l),
    });
    const rows = report.mutants.map(({ id, key, operator, where, unit, detail, status, killedBy, cause }: MutantResult) => ({ id, key, operator, where, unit, detail, status, killedBy, cause }));
    const survivors = report.mutants.filter((m) => m.status === 'survived');
    const failures: ItemFailure[] = survivors.slice(0, FAILURES_KEPT).map((m) => ({
      item: m.id - 1,
      message: `mutant #${m.id} survived: ${m.operator} at ${m.where} (${m.detail})`,
      reproducer: `npx flexv mutate --target core --config ${p.config} --count ${p.count} --seed ${c.seed} --operators ${p.operators.join(',')} --regression ${p.regression}`,
    }));
    ctx.progress?.(report.mutants.length);
    const result: ShardResult = {
      format: SHARD_FORMAT, kind: 'mutate', shard, start, end, units: report.mutants.length, mismatches: report.survived,
      totals: { killed: report.killed, survived: report.survived, equivalent: report.equivalent, programRuns: report.mutants.reduce((n, m) => n + m.runs, 0) },
      failures, rows,
    };
    return result;
  },
  cpusPerShard() {
    return 1;
  },
  secondsPerItem(c) {
    // a surviving mutant runs every program: a few seconds each on a slow machine
    return 10 * (RANDOM_PROGRAMS[params(c).regression] + 10);
  },
  async mergeRows(_c, rows) {
    const r = rows as Array<{ status: string }>;
    const k = r.filter((x) => x.status === 'killed').length;
    const s = r.filter((x) => x.status === 'survived').length;
    return `kill rate ${k + s ? ((100 * k) / (k + s)).toFixed(1) : '-'} % of non-equivalent mutants (${k} killed, ${s} survived, ${r.length - k - s} equivalent)`;
  },
};

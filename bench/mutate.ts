// `npm run bench -- mutate [config] [count] [seed] [quick|full]`: the mutation campaign of `flexv mutate`
// (docs/mutate.md) on the core, default the flexv core, 200 mutants, seed 1, quick regression. Writes the
// score (killed, survived, equivalent, kill_rate of the non-equivalent mutants), the wall time (schema
// build included when it was not cached) and every survivor with its operator and source location.
import { mutateOptions } from '../src/mutate/options.ts';
import { formatReport } from '../src/mutate/report.ts';
import { runMutationCampaign } from '../src/mutate/run.ts';

export default async function run(args: string[]) {
  const [config = 'flexv', count = '200', seed = '1', regression = 'quick'] = args;
  const options = mutateOptions({ target: 'core', config, count, seed, regression });
  const r = await runMutationCampaign({ ...options, log: (l) => console.error(l) });
  console.log(formatReport(r));
  return {
    target: r.target, config: r.config, count: r.mutants.length, seed: r.seed, regression: r.regression,
    killed: r.killed, survived: r.survived, equivalent: r.equivalent, kill_rate: r.kill_rate,
    wall_seconds: r.wall_seconds, schema_build_seconds: r.build.built ? r.build.seconds : 0,
    points: r.points, programs: r.programs,
    killedBy: Object.fromEntries(['mismatch', 'hang', 'end-state', 'timing'].map((c) => [c, r.mutants.filter((m) => m.cause === c).length])),
    units: r.units,
    survivors: r.mutants.filter((m) => m.status === 'survived').map((m) => ({ id: m.id, operator: m.operator, where: m.where, detail: m.detail, key: m.key })),
    equivalents: r.mutants.filter((m) => m.status === 'equivalent').map((m) => ({ id: m.id, operator: m.operator, where: m.where, reason: m.reason })),
  };
}

// `npm run bench -- mutate-cluster [cores] [count] [seed] [quick|full] [config]`: the mutation campaign of
// `flexv mutate --target cluster` (docs/mutate.md) on the cluster fabric (interconnect, TCDM, peripherals and
// event unit, DMA, L2 port; the cores unmutated), default the 8-core baseline cluster, 200 mutants, seed 1,
// quick regression. Writes the score (killed, survived, equivalent, kill_rate of the non-equivalent
// mutants), the wall time (schema build included when it was not cached), the kill rate per block and
// every survivor with its operator and source location. The core campaign stays `npm run bench -- mutate`.
import { mutateOptions } from '../src/mutate/options.ts';
import { formatReport } from '../src/mutate/report.ts';
import { runClusterMutationCampaign } from '../src/mutate/cluster/run.ts';

export default async function run(args: string[]) {
  const [cores = '8', count = '200', seed = '1', regression = 'quick', config = 'baseline'] = args;
  const options = mutateOptions({ target: 'cluster', config, cores, count, seed, regression });
  const r = await runClusterMutationCampaign({ ...options, log: (l) => console.error(l) });
  console.log(formatReport(r));
  return {
    target: r.target, config: r.config, cores: r.cores, count: r.mutants.length, seed: r.seed, regression: r.regression,
    killed: r.killed, survived: r.survived, equivalent: r.equivalent, kill_rate: r.kill_rate,
    wall_seconds: r.wall_seconds, schema_build_seconds: r.build.built ? r.build.seconds : 0,
    command: `npx flexv mutate --target cluster --config ${config} --cores ${cores} --count ${count} --seed ${seed} --regression ${regression}`,
    points: r.points, programs: r.programs, original_cycles: r.originalCycles,
    killedBy: Object.fromEntries(['mismatch', 'dma', 'hang', 'end-state', 'timing', 'counters'].map((c) => [c, r.mutants.filter((m) => m.cause === c).length])),
    units: r.units,
    survivors: r.mutants.filter((m) => m.status === 'survived').map((m) => ({ id: m.id, operator: m.operator, where: m.where, detail: m.detail, key: m.key })),
    equivalents: r.mutants.filter((m) => m.status === 'equivalent').map((m) => ({ id: m.id, operator: m.operator, where: m.where, reason: m.reason })),
  };
}

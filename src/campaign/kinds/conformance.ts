import { CLUSTER_DEFAULTS, resolveClusterParams } from '../../cluster/cluster-params.ts';
import { buildCoreSim } from '../../cosim/build.ts';
import { buildClusterSim } from '../../cosim/cluster/build.ts';
import { explain } from '../../conformance/known.ts';
import type { KernelResult, Target } from '../../conformance/run.ts';
import { catalog, configsOf, formatSummary, runItem, suiteItems, suiteSize, type SuiteItem } from '../../conformance/suite.ts';
import { UserError } from '../../util/errors.ts';
import { FAILURES_KEPT, type CampaignKind, type ItemFailure } from '../kind.ts';
import { shardItems } from '../seeds.ts';
import { SHARD_FORMAT, type Campaign } from '../spec.ts';
import { expectParam, intFlag, stringFlag } from './flags.ts';

/** The conformance suite (`flexv conformance`) as a campaign: one item per kernel, configuration and target. */
export interface ConformanceParams {
  config: string;
  kernels?: string;
  targets: Target[];
  every: number;
  clusterCores: number;
  /** The inputs' seed (`flexv conformance --seed`); the campaign seed plays no part. */
  dataSeed: number;
}

export const TARGETS: readonly Target[] = ['golden', 'rtl', 'cluster-golden', 'cluster-rtl'];

function params(c: Campaign): ConformanceParams {
  return c.params as unknown as ConformanceParams;
}

/** A row as a shard stores it: the result without the ELF's path (a cache path, not a result). */
export type ConformanceRow = Omit<KernelResult, 'elf'>;

const itemName = (i: SuiteItem) => `${i.kernel.family}/${i.kernel.name} ${i.config} ${i.target}`;

/** The single `flexv conformance` command that runs one item again. */
export function reproducer(p: ConformanceParams, i: SuiteItem): string {
  const target = { golden: '--no-cluster', rtl: '--rtl --no-cluster', 'cluster-golden': '', 'cluster-rtl': '--cluster-rtl' }[i.target];
  return `npx flexv conformance --config ${i.config} --kernels '${i.kernel.family}/${i.kernel.name}' ${target} --cores ${p.clusterCores} --seed ${p.dataSeed}`.replace(/\s+/g, ' ').trim();
}

export const conformanceKind: CampaignKind = {
  name: 'conformance',
  description: 'the PULP-NN-mixed conformance suite (flexv conformance): one run per kernel, configuration and target, against the TypeScript reference',
  unit: 'runs',
  flags: [
    { flags: '--config <list>', description: 'configurations (comma-separated) or all; each runs its family and every earlier one', default: 'all' },
    { flags: '--kernels <glob>', description: 'kernel names (shell glob, comma-separated; also family/name)' },
    { flags: '--targets <list>', description: `targets, comma-separated (${TARGETS.join(', ')})`, default: 'golden,cluster-golden' },
    { flags: '--every <n>', description: 'stratified sample: every n-th kernel of each family/kind/tile group', default: '1' },
    { flags: '--cores <n>', description: 'cluster size of the cluster targets', default: String(CLUSTER_DEFAULTS.cores) },
    { flags: '--data-seed <n>', description: 'seed of the inputs (flexv conformance --seed)', default: '1' },
  ],
  plan(flags) {
    const p: ConformanceParams = {
      config: configsOf(stringFlag(flags.config, '--config')).join(','),
      ...(typeof flags.kernels === 'string' && flags.kernels.trim() ? { kernels: flags.kernels.trim() } : {}),
      targets: stringFlag(flags.targets, '--targets').split(',').map((t) => t.trim() as Target),
      every: intFlag(flags.every, '--every', 1, 10_000),
      clusterCores: intFlag(flags.cores, '--cores', 2, 16),
      dataSeed: intFlag(flags.dataSeed, '--data-seed', 0, 2 ** 31 - 1),
    };
    this.check(p as unknown as Record<string, unknown>);
    return { params: p as unknown as Record<string, unknown>, items: suiteSize(p) };
  },
  check(raw) {
    const p = raw as unknown as ConformanceParams;
    expectParam(typeof p.config === 'string', 'config', 'must be a configuration list');
    configsOf(p.config);
    expectParam(Array.isArray(p.targets) && p.targets.length > 0, 'targets', 'must be a non-empty list');
    for (const t of p.targets) if (!TARGETS.includes(t)) throw new UserError(`unknown target '${t}' (${TARGETS.join(', ')})`, '--targets');
    expectParam(Number.isInteger(p.every) && p.every >= 1, 'every', 'must be a positive integer');
    expectParam(Number.isInteger(p.clusterCores) && (p.clusterCores & (p.clusterCores - 1)) === 0, 'clusterCores', 'must be a power of two');
  },
  async prepare(c, log) {
    const p = params(c);
    for (const config of configsOf(p.config)) {
      if (p.targets.includes('rtl')) {
        const sim = await buildCoreSim(config);
        if (sim.built) log(`built the ${config} core model in ${sim.buildSeconds.toFixed(1)} s`);
      }
      if (p.targets.includes('cluster-rtl')) {
        const sim = await buildClusterSim(resolveClusterParams({ cores: p.clusterCores, config }));
        if (sim.built) log(`built the ${p.clusterCores}-core ${config} cluster model in ${sim.buildSeconds.toFixed(1)} s`);
      }
    }
  },
  async runShard(c, shard, ctx) {
    const p = params(c);
    const { root, all, byFamily } = await catalog();
    const items = suiteItems(all, p);
    if (items.length !== c.items) throw new UserError(`the suite has ${items.length} runs, the plan ${c.items}: the archive or the catalog changed; plan again`, 'campaign.json');
    const { start, end } = shardItems(c.items, c.shards, shard);
    const rows: ConformanceRow[] = [];
    const failures: ItemFailure[] = [];
    let mismatches = 0, macs = 0, cycles = 0;
    for (let n = start; n < end; n++) {
      const it = items[n];
      const { elf: _elf, ...row } = await runItem(root, byFamily, it, { seed: p.dataSeed, clusterCores: p.clusterCores });
      rows.push(row);
      const first = row.calls[0];
      if (row.status === 'pass' && first) { macs += first.macs; cycles += first.cycles; }
      ctx.log(`${itemName(it)}: ${row.status}${row.status === 'pass' ? ` ${row.macPerCycle.toFixed(2)} MAC/cycle` : `: ${row.message}`}`);
      if (row.status === 'fail') {
        mismatches++;
        if (failures.length < FAILURES_KEPT) failures.push({ item: n, message: `${itemName(it)}: ${row.message}`, reproducer: reproducer(p, it) });
      }
      ctx.progress?.(1);
    }
    const count = (s: string) => rows.filter((r) => r.status === s).length;
    return {
      format: SHARD_FORMAT, kind: 'conformance', shard, start, end, units: rows.length, mismatches,
      totals: { pass: count('pass'), explained: count('explained'), fail: count('fail'), skip: count('skip'), macs, cycles },
      failures, rows,
    };
  },
  cpusPerShard(c) {
    // A lockstep run is two processes (the golden model and the simulator).
    return params(c).targets.some((t) => t.endsWith('rtl')) ? 2 : 1;
  },
  secondsPerItem(c) {
    return params(c).targets.includes('cluster-rtl') ? 900 : 120;
  },
  async mergeRows(_c, rows, dir) {
    // The rules are applied again: a row stored before a kernel bug was understood is explained now.
    const results = (rows as ConformanceRow[]).map((r) => explain(r as KernelResult));
    const { writeJson } = await import('../../conformance/suite.ts');
    await writeJson(`${dir}/conformance.json`, results);
    return `${formatSummary(results)}\n(every row: ${dir}/conformance.json)`;
  },
};

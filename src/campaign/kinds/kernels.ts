import { buildClusterSim } from '../../cosim/cluster/build.ts';
import { BENCH_KERNELS, clusterKernelNames } from '../../kernels/cluster/index.ts';
import { formatSummary, measureKernel, summarize, type KernelRow } from '../../kernels/cluster/measure.ts';
import { BUILDS, checkBuild, FORMAT_PAIRS, type Bits, type Build } from '../../kernels/formats.ts';
import { parseFormat, parseIntList } from '../../sweep/grid.ts';
import { UserError } from '../../util/errors.ts';
import { FAILURES_KEPT, type CampaignKind, type ItemFailure } from '../kind.ts';
import { shardItems } from '../seeds.ts';
import { SHARD_FORMAT, type Campaign } from '../spec.ts';
import { expectParam, stringFlag } from './flags.ts';

/** The kernel benchmark's grid (bench/kernels.ts): kernels x cores x builds x format pairs. */
export interface KernelsParams {
  kernels: string[];
  pairs: Array<{ a: Bits; w: Bits }>;
  builds: Build[];
  cores: number[];
}

interface KernelItem {
  kernel: string;
  a: Bits;
  w: Bits;
  build: Build;
  cores: number;
}

/** The benchmark's realistic layers, in its order. */
const DEFAULT_KERNELS = BENCH_KERNELS.join(',');
/**
 * The layers' data seed: the benchmark's (1), so a campaign's rows are the benchmark's rows and a failure is
 * reproduced by `npm run bench -- kernels` with the same selection. The campaign seed plays no part here.
 */
const DATA_SEED = 1;

function params(c: Campaign): KernelsParams {
  return c.params as unknown as KernelsParams;
}

/** Items in the benchmark's order: per kernel, per core count (DMA variants on the largest only), build, pair. */
export function kernelItems(p: KernelsParams): KernelItem[] {
  const items: KernelItem[] = [];
  for (const kernel of p.kernels) {
    const counts = kernel.endsWith('-dma') ? [Math.max(...p.cores)] : [...p.cores].sort((x, y) => y - x);
    for (const cores of counts) for (const build of p.builds) for (const { a, w } of p.pairs) items.push({ kernel, a, w, build, cores });
  }
  return items;
}

const itemName = (i: KernelItem) => `${i.kernel} a${i.a}w${i.w} ${i.build} x${i.cores}`;

export const kernelsKind: CampaignKind = {
  name: 'kernels',
  description: 'the cluster kernel benchmark (npm run bench -- kernels): MAC/cycle per kernel, pair, build, cores, bit-exact',
  unit: 'runs',
  flags: [
    { flags: '--kernels <list>', description: 'catalog kernels, comma-separated', default: DEFAULT_KERNELS },
    { flags: '--pairs <list>', description: 'format pairs aXwY, comma-separated', default: FORMAT_PAIRS.map((p) => `a${p.a}w${p.w}`).join(',') },
    { flags: '--builds <list>', description: `builds, comma-separated (${BUILDS.join(', ')})`, default: BUILDS.join(',') },
    { flags: '--cores <list>', description: 'cluster sizes, comma-separated', default: '1,8' },
  ],
  plan(flags) {
    const p: KernelsParams = {
      kernels: stringFlag(flags.kernels, '--kernels').split(',').map((s) => s.trim()),
      pairs: stringFlag(flags.pairs, '--pairs').split(',').map((s) => parseFormat(s) as { a: Bits; w: Bits }),
      builds: stringFlag(flags.builds, '--builds').split(',').map((s) => checkBuild(s.trim())),
      cores: parseIntList(stringFlag(flags.cores, '--cores'), '--cores'),
    };
    this.check(p as unknown as Record<string, unknown>);
    return { params: p as unknown as Record<string, unknown>, items: kernelItems(p).length };
  },
  check(raw) {
    const p = raw as unknown as KernelsParams;
    for (const f of ['kernels', 'pairs', 'builds', 'cores'] as const) expectParam(Array.isArray(p[f]) && p[f].length > 0, f, 'must be a non-empty list');
    const names = clusterKernelNames();
    for (const k of p.kernels) if (!names.includes(k)) throw new UserError(`unknown kernel '${k}' (${names.join(', ')})`, '--kernels');
    for (const b of p.builds) checkBuild(b);
  },
  async prepare(c, log) {
    const seen = new Set<string>();
    for (const i of kernelItems(params(c))) {
      const key = `${i.cores}|${i.build}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const sim = await buildClusterSim({ cores: i.cores, config: i.build });
      if (sim.built) log(`built the ${i.cores}-core ${i.build} cluster model in ${sim.buildSeconds.toFixed(1)} s`);
    }
  },
  async runShard(c, shard, ctx) {
    const { start, end } = shardItems(c.items, c.shards, shard);
    const items = kernelItems(params(c)).slice(start, end);
    const rows: KernelRow[] = [];
    const failures: ItemFailure[] = [];
    let mismatches = 0;
    for (const [k, i] of items.entries()) {
      let row: KernelRow | undefined;
      let message: string | undefined;
      try {
        row = await measureKernel(i.kernel, i.a, i.w, i.build, i.cores, { seed: DATA_SEED });
        if (!row.bit_exact) message = `${itemName(i)}: outputs differ from the reference`;
      } catch (e) {
        message = `${itemName(i)}: ${(e as Error).message.split('\n')[0]}`;
      }
      if (row) rows.push(row);
      ctx.log(message ?? `${itemName(i)}: ${row!.mac_per_cycle.toFixed(2)} MAC/cycle, ${row!.cycles} cycles`);
      if (message) {
        mismatches++;
        if (failures.length < FAILURES_KEPT) {
          failures.push({ item: start + k, message, reproducer: `npm run bench -- kernels --kernels ${i.kernel} --pairs a${i.a}w${i.w} --builds ${i.build} --cores ${i.cores}` });
        }
      }
      ctx.progress?.(1);
    }
    return {
      format: SHARD_FORMAT, kind: 'kernels', shard, start, end, units: items.length, mismatches,
      totals: { macs: rows.reduce((a, r) => a + r.macs, 0), cycles: rows.reduce((a, r) => a + r.cycles, 0) },
      failures, rows,
    };
  },
  cpusPerShard() {
    return 2;
  },
  secondsPerItem() {
    return 600;
  },
  async mergeRows(_c, rows) {
    return formatSummary(summarize(rows as KernelRow[]));
  },
};

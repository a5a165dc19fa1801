import { join } from 'node:path';
import { buildClusterSim } from '../../cosim/cluster/build.ts';
import { addSpeedups, runSweep } from '../../sweep/engine.ts';
import { clusterPointRunner } from '../../sweep/cluster-runner.ts';
import { DEFAULT_SWEEP_KERNEL, parseFormat, parseIntList, pointName, sweepPoints } from '../../sweep/grid.ts';
import { formatSweepTable } from '../../sweep/table.ts';
import { writeSweepFiles } from '../../sweep/output.ts';
import type { PointResult, SweepPoint } from '../../sweep/types.ts';
import { FAILURES_KEPT, type CampaignKind, type ItemFailure } from '../kind.ts';
import { shardItems } from '../seeds.ts';
import { campaignPaths, SHARD_FORMAT, type Campaign } from '../spec.ts';
import { expectParam, stringFlag } from './flags.ts';

/** The grid of `flexv sweep`: every (banking, cores) point, one item each, in the sweep's order. */
export interface SweepParams {
  cores: number[];
  banking: number[];
  config: string;
  kernel: { name: string; a: number; w: number };
  area: boolean;
  lockstep: boolean;
}

function params(c: Campaign): SweepParams {
  return c.params as unknown as SweepParams;
}

function points(p: SweepParams): SweepPoint[] {
  return sweepPoints(p.cores, p.banking, p.config, p.kernel);
}

/** The `flexv sweep` command that runs one point alone. */
function pointCommand(p: SweepParams, pt: SweepPoint): string {
  return `npx flexv sweep --cores ${pt.cores} --banking ${pt.banking} --config ${pt.config} --kernel ${pt.kernel.name} --format a${pt.kernel.a}w${pt.kernel.w}${p.area ? '' : ' --no-area'}${p.lockstep ? '' : ' --no-lockstep'}`;
}

export const sweepKind: CampaignKind = {
  name: 'sweep',
  description: 'the grid of flexv sweep (cores x banking), one point per item: kernel in lockstep and area',
  unit: 'points',
  flags: [
    { flags: '--cores <list>', description: 'cluster sizes, comma-separated', default: '1,2,4,8' },
    { flags: '--banking <list>', description: 'banking factors, comma-separated powers of two', default: '2' },
    { flags: '--config <name>', description: 'core configuration of every core', default: 'flexv' },
    { flags: '--kernel <name>', description: 'cluster kernel', default: DEFAULT_SWEEP_KERNEL.name },
    { flags: '--format <aXwY>', description: 'activation/weight bits', default: `a${DEFAULT_SWEEP_KERNEL.a}w${DEFAULT_SWEEP_KERNEL.w}` },
    { flags: '--no-area', description: 'skip the synthesis of each point' },
    { flags: '--no-lockstep', description: 'run the kernel free-running' },
  ],
  plan(flags) {
    const p: SweepParams = {
      cores: parseIntList(stringFlag(flags.cores, '--cores'), '--cores'),
      banking: parseIntList(stringFlag(flags.banking, '--banking'), '--banking'),
      config: stringFlag(flags.config, '--config'),
      kernel: { name: stringFlag(flags.kernel, '--kernel'), ...parseFormat(stringFlag(flags.format, '--format')) },
      area: flags.area !== false,
      lockstep: flags.lockstep !== false,
    };
    this.check(p as unknown as Record<string, unknown>);
    return { params: p as unknown as Record<string, unknown>, items: points(p).length };
  },
  check(raw) {
    const p = raw as unknown as SweepParams;
    expectParam(Array.isArray(p.cores) && Array.isArray(p.banking), 'cores', 'and params.banking must be lists of integers');
    expectParam(!!p.kernel && typeof p.kernel.name === 'string', 'kernel', 'must be { name, a, w }');
    // The sweep's own validation: cores range, banking, configuration, kernel name.
    const runner = clusterPointRunner({ synthRoot: 'unused' });
    for (const pt of points(p)) runner.validate(pt);
  },
  async prepare(c, log) {
    const p = params(c);
    const pts = points(p);
    if (!p.lockstep && !p.area) return;
    const seen = new Set<string>();
    for (const pt of pts) {
      const key = `${pt.cores}|${pt.banking}|${pt.config}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const sim = await buildClusterSim({ cores: pt.cores, banking: pt.banking, config: pt.config });
      if (sim.built) log(`built the ${pt.cores}-core ${pt.config} cluster model (banking ${pt.banking}) in ${sim.buildSeconds.toFixed(1)} s`);
    }
  },
  async runShard(c, shard, ctx) {
    const p = params(c);
    const { start, end } = shardItems(c.items, c.shards, shard);
    const slice = points(p).slice(start, end);
    // Synthesis runs go to the campaign directory (shared by the shards, one directory per point).
    const runner = clusterPointRunner({ synthRoot: join(campaignPaths(ctx.dir).root, 'synth'), lockstep: p.lockstep });
    const results = await runSweep(slice, runner, {
      area: p.area,
      onEvent: (e) => {
        if (e.kind === 'point-end') {
          ctx.log(`${pointName(e.result.point)}: ${e.result.failures.length ? 'FAILED ' + e.result.failures.map((f) => f.stage).join(', ') : 'ok'}`);
          ctx.progress?.(1);
        }
      },
    });
    // Wall seconds and the speed-up (which needs the 1-core point, maybe in another shard) stay out of the result.
    const rows = results.map(({ seconds: _s, speedup: _u, ...r }) => r);
    const failures: ItemFailure[] = [];
    results.forEach((r, k) => {
      if (r.failures.length && failures.length < FAILURES_KEPT) {
        const f = r.failures[0]!;
        failures.push({ item: start + k, message: `${pointName(r.point)}: ${f.stage}: ${f.message.split('\n')[0]}`, report: f.message, reproducer: pointCommand(p, r.point) });
      }
    });
    return {
      format: SHARD_FORMAT, kind: 'sweep', shard, start, end, units: results.length,
      mismatches: results.filter((r) => r.failures.length).length,
      totals: {
        retirementsCompared: results.reduce((a, r) => a + (r.perf?.retirementsCompared ?? 0), 0),
        cycles: results.reduce((a, r) => a + (r.perf?.totalCycles ?? 0), 0),
      },
      failures, rows,
    };
  },
  cpusPerShard() {
    return 2;
  },
  secondsPerItem(c) {
    return params(c).area ? 3600 : 600;
  },
  async mergeRows(c, rows, dir) {
    const results = (rows as Array<Omit<PointResult, 'seconds'>>).map((r) => ({ ...r, seconds: 0 }) as PointResult);
    addSpeedups(results);
    const files = await writeSweepFiles(join(dir, 'sweep'), results);
    return `${formatSweepTable(results)}\nsweep files: ${files.csv}${files.svg ? `, ${files.svg}` : ''}`;
  },
};

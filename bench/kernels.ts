// `npm run bench -- kernels [--kernels conv3x3,conv3x3-dma] [--pairs a2w2,a8w4] [--builds flexv,baseline] [--cores 1,8] [--merge]`
// The headline benchmark (issue 9): MAC/cycle of the cluster kernels on the RTL cluster for every format
// pair, build and core count, every run bit-exact against its TypeScript reference first. By default every
// realistic kernel of the catalog (conv3x3, conv3x3-long compute-only, pointwise, fc, depthwise, each compute-only and with DMA; the
// DMA variants on the largest cluster only); the charts show the first kernel named (conv3x3). Writes
// bench/results/kernels.{json,csv}, kernels-mac.svg (8-core MAC/cycle) and kernels-lane.svg (flexv's
// fraction of the lane limit). The golden model's instruction counts (ideal memory) come from
// `node --import tsx src/kernels/cluster/measure-golden.ts`. With `--merge` the rows already in
// bench/results/kernels.json are kept and not measured again (a long campaign can run in parts, even
// concurrently: the file is read again just before it is written).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BUILDS, FORMAT_PAIRS, type Bits, type Build } from '../src/kernels/index.ts';
import { BENCH_KERNELS, clusterKernelNames } from '../src/kernels/cluster/index.ts';
import { formatSummary, measureKernel, summarize, type KernelRow } from '../src/kernels/cluster/measure.ts';
import { objectsToCsv } from '../src/util/csv.ts';
import { barChart } from '../src/util/svg-chart.ts';
import { storedFigures } from './support/results.ts';

/** The realistic layers, headline first: the '-small' catalog entries are for quick sweeps and tests. */
const DEFAULT_KERNELS = BENCH_KERNELS;
const RESULTS = join(import.meta.dirname, 'results', 'kernels.json');
const rowKey = (r: Pick<KernelRow, 'kernel' | 'a' | 'w' | 'cores' | 'build'>) => `${r.kernel}|a${r.a}w${r.w}|${r.cores}|${r.build}`;

async function storedRows(): Promise<KernelRow[]> {
  return (await storedFigures<KernelRow[]>(RESULTS)) ?? [];
}

/** Stored rows with `fresh` replacing those of the same key, in a stable order. */
function mergeRows(stored: KernelRow[], fresh: KernelRow[]): KernelRow[] {
  const byKey = new Map(stored.map((r) => [rowKey(r), r]));
  for (const r of fresh) byKey.set(rowKey(r), r);
  return [...byKey.values()].sort((x, y) => rowKey(x).localeCompare(rowKey(y)));
}

function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
}

export default async function kernels(args: string[]): Promise<KernelRow[]> {
  const kernelsArg = option(args, 'kernels', DEFAULT_KERNELS.filter((k) => clusterKernelNames().includes(k)).join(',')).split(',');
  for (const k of kernelsArg) if (!clusterKernelNames().includes(k)) throw new Error(`unknown kernel ${k} (${clusterKernelNames().join(', ')})`);
  const pairs = option(args, 'pairs', FORMAT_PAIRS.map((p) => `a${p.a}w${p.w}`).join(',')).split(',').map((s) => {
    const m = /^a([842])w([842])$/.exec(s);
    if (!m) throw new Error(`bad pair '${s}' (expected e.g. a2w2)`);
    return { a: Number(m[1]) as Bits, w: Number(m[2]) as Bits };
  });
  const builds = option(args, 'builds', BUILDS.join(',')).split(',') as Build[];
  const coreCounts = option(args, 'cores', '1,8').split(',').map(Number);
  const tag = 'kernels';
  const merge = args.includes('--merge');
  const done = new Set(merge ? (await storedRows()).map(rowKey) : []);
  let rows: KernelRow[] = [];
  for (const kernel of kernelsArg) {
    // The DMA variant is measured on the largest cluster only: it is about feeding 8 cores.
    const counts = kernel.endsWith('-dma') ? [Math.max(...coreCounts)] : [...coreCounts].sort((x, y) => y - x);
    for (const cores of counts) {
      // Build-major: one Verilator model (cores, configuration) serves nine runs in a row.
      for (const build of builds) {
        for (const { a, w } of pairs) {
          if (done.has(rowKey({ kernel, a, w, cores, build }))) continue;
          const t0 = performance.now();
          const row = await measureKernel(kernel, a, w, build, cores);
          rows.push(row);
          console.log(
            `${kernel} a${a}w${w} ${build} x${cores}: ${row.mac_per_cycle.toFixed(2)} MAC/cycle (${(100 * row.lane_fraction).toFixed(0)} % of ${row.lane_limit}), ` +
              `${row.cycles} cycles, ${row.conflicts} conflicts, bit-exact ${row.bit_exact} [${((performance.now() - t0) / 1000).toFixed(1)} s]`,
          );
          await writeFile(join(import.meta.dirname, '..', 'build', `bench-${tag}-partial.json`), JSON.stringify(rows, null, 1));
          if (!row.bit_exact) throw new Error(`${kernel} a${a}w${w} ${build} x${cores}: outputs differ from the reference`);
        }
      }
    }
  }
  if (merge) rows = mergeRows(await storedRows(), rows);
  const summary = summarize(rows);
  console.log(`\n${formatSummary(summary)}\n`);
  const dir = join(import.meta.dirname, 'results');
  await writeFile(join(dir, `${tag}.csv`), objectsToCsv(Object.keys(rows[0]) as Array<keyof KernelRow & string>, rows as unknown as Array<Record<string, string | number | boolean>>));
  // Charts: the largest cluster measured, the first kernel asked for (conv3x3 by default).
  const maxCores = Math.max(...rows.map((r) => r.cores));
  const chartKernels = [...new Set([kernelsArg[0], ...rows.map((r) => r.kernel)])];
  const top = summary.filter((s) => s.cores === maxCores && s.kernel === chartKernels[0]);
  // MAC/cycle per build: the headline kernel as kernels-mac.svg, every kernel as kernels-mac-<kernel>.svg.
  const macChart = (kernel: string) => {
    const of = summary.filter((s) => s.cores === maxCores && s.kernel === kernel);
    return barChart({
      title: `${kernel} on ${maxCores} cores: MAC/cycle (RTL cycles, bit-exact)`,
      categories: of.map((s) => s.pair),
      series: builds.map((b) => ({ name: b, values: of.map((s) => s[b]) })),
      yLabel: 'MAC/cycle',
      valueLabels: true,
      ...(kernel === 'conv3x3' ? { reference: { value: 100, label: 'goal 2x2-bit: 100' } } : {}),
    });
  };
  await writeFile(join(dir, `${tag}-mac.svg`), macChart(chartKernels[0]));
  for (const k of chartKernels) await writeFile(join(dir, `${tag}-mac-${k}.svg`), macChart(k));
  const byKernel = chartKernels.map((k) => ({
    name: k,
    values: top.map((t) => {
      const s = summary.find((x) => x.cores === maxCores && x.kernel === k && x.pair === t.pair);
      return s && s.lane_fraction !== null ? 100 * s.lane_fraction : null;
    }),
  }));
  await writeFile(
    join(dir, `${tag}-lane.svg`),
    barChart({
      title: `flexv on ${maxCores} cores: % of the lane limit (${maxCores} x 32 / max(a, w))`,
      categories: top.map((s) => s.pair),
      series: byKernel,
      yLabel: '% of lane limit',
      valueLabels: true,
      reference: { value: 85, label: 'goal 85 %' },
    }),
  );
  return rows;
}

// `npm run bench -- synth [cores=8] [skip=cluster]`: the synthesis flow on what flexv generates, timed,
// and the Flex-V area overhead measured by one flow in one run.
//   1. core, --compare baseline flexv: flow time per side, the side-by-side table, the overhead per block
//      (baseline_nand2, flexv_nand2, overhead_pct, blocks);
//   2. the 8-core cluster, --compare baseline flexv: flow time of each cluster (the flexv side is
//      `cluster_8`), and the overhead with the TCDM macros in the denominator.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareTarget, synthTarget } from '../src/synth/run.ts';
import { formatBreakdown, formatReport } from '../src/synth/format.ts';
import { DEFAULT_SDC } from '../src/synth/sdc.ts';
import { progressPrinter } from '../src/synth/progress.ts';
import { compareReports, type CompareReport } from '../src/synth/compare.ts';
import { target } from '../src/synth/targets.ts';
import type { SynthReport } from '../src/synth/report.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const buildRoot = join(here, '..', 'build', 'bench-synth');

export default async function bench(args: string[]) {
  const opt = Object.fromEntries(args.map((a) => a.split('=') as [string, string]));
  const cores = Number(opt['cores'] ?? 8);
  if (!Number.isInteger(cores) || cores < 1) throw new Error(`cores must be a positive integer, got ${opt['cores']}`);
  const skip = new Set((opt['skip'] ?? '').split(',').filter(Boolean));

  const progress = progressPrinter(process.stderr);
  const onProgress = progress.sink;
  const core = await timed(() => compareTarget({ target: 'core', request: { params: {}, sdc: DEFAULT_SDC }, buildRoot, onProgress }, 'baseline', 'flexv'));
  progress.done();
  console.log(formatBreakdown(core.value));
  console.log(`core compare: ${core.seconds.toFixed(1)} s for both sides (${sides(core.value)})\n`);
  // Flex-V over XpulpNN (the core it extends: Mac&Load and the NN-RF are XpulpNN's; the paper's baseline may
  // be either), with the same flow; the flexv side is the report above, not synthesized again.
  const xpulpnn = await timed(() => synthTarget({ target: 'core', request: { params: {}, sdc: DEFAULT_SDC, config: 'xpulpnn' }, buildRoot, onProgress }));
  progress.done();
  const overXpulpnn = compareReports(xpulpnn.value, core.value.reports[1], target('core').breakdownDepth);
  console.log(formatBreakdown(overXpulpnn));

  let cluster: { value: CompareReport; seconds: number } | undefined;
  if (!skip.has('cluster')) {
    cluster = await timed(() => compareTarget({ target: 'cluster', request: { params: {}, cores, sdc: DEFAULT_SDC }, buildRoot, onProgress }, 'baseline', 'flexv'));
    progress.done();
    console.log(formatReport(cluster.value.reports[1], 1));
    console.log('');
    console.log(formatBreakdown(cluster.value));
    console.log(`cluster compare (${cores} cores): ${cluster.seconds.toFixed(1)} s for both sides (${sides(cluster.value)})\n`);
  }

  const t = core.value.total;
  return {
    core: {
      seconds_total: core.seconds,
      sides: core.value.reports.map((r) => flowFigures(r)),
    },
    baseline_nand2: t.a_nand2,
    flexv_nand2: t.b_nand2,
    overhead_pct: t.overhead_pct,
    flops: { baseline: t.a_flops, flexv: t.b_flops },
    // The part of flexv's area that the published Flex-V does not have (formats 11-13): flexv without it vs flexv.
    feature: core.value.feature
      ? {
          name: core.value.feature.name,
          without_nand2: core.value.feature.total.a_nand2,
          with_nand2: core.value.feature.total.b_nand2,
          delta_nand2: core.value.feature.total.b_nand2 - core.value.feature.total.a_nand2,
          overhead_pct: core.value.feature.total.overhead_pct,
        }
      : null,
    depth_cells: { baseline: t.a_depth ?? null, flexv: t.b_depth ?? null },
    blocks: core.value.breakdown.map((r) => ({
      block: r.piece,
      baseline_nand2: r.a,
      flexv_nand2: r.b,
      delta_nand2: r.delta,
      overhead_pct: r.overheadPct ?? null,
      share_of_total_pct: r.sharePct,
    })),
    over_xpulpnn: {
      seconds_flow: xpulpnn.value.seconds,
      xpulpnn_nand2: overXpulpnn.total.a_nand2,
      flexv_nand2: overXpulpnn.total.b_nand2,
      overhead_pct: overXpulpnn.total.overhead_pct,
      flops: { xpulpnn: overXpulpnn.total.a_flops, flexv: overXpulpnn.total.b_flops },
      blocks: overXpulpnn.breakdown.map((r) => ({
        block: r.piece,
        xpulpnn_nand2: r.a,
        flexv_nand2: r.b,
        delta_nand2: r.delta,
        overhead_pct: r.overheadPct ?? null,
        share_of_total_pct: r.sharePct,
      })),
    },
    [`cluster_${cores}`]: cluster ? flowFigures(cluster.value.reports[1]) : null,
    [`cluster_${cores}_compare`]: cluster
      ? {
          seconds_total: cluster.seconds,
          baseline: flowFigures(cluster.value.reports[0]),
          baseline_nand2: cluster.value.total.a_nand2,
          flexv_nand2: cluster.value.total.b_nand2,
          overhead_pct: cluster.value.total.overhead_pct,
          baseline_nand2_with_macros: cluster.value.total.a_nand2_with_macros,
          flexv_nand2_with_macros: cluster.value.total.b_nand2_with_macros,
          overhead_with_macros_pct: cluster.value.total.overhead_with_macros_pct,
          blocks: cluster.value.breakdown.map((r) => ({ block: r.piece, instances: r.countB, baseline_nand2: r.a, flexv_nand2: r.b, share_of_total_pct: r.sharePct })),
        }
      : null,
  };
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = Date.now();
  const value = await work();
  return { value, seconds: (Date.now() - started) / 1000 };
}

function flowFigures(r: SynthReport) {
  return {
    label: r.label,
    seconds_flow: r.seconds,
    seconds_yosys: r.stepSeconds,
    cells: Object.values(r.total.cells).reduce((a, b) => a + b, 0),
    nand2: r.total.nand2,
    nand2_with_macros: r.total.nand2WithMacros,
    flops: r.total.flops,
    macro_bits: r.total.macroBits,
    depth_cells: r.total.depth?.cells ?? 0,
  };
}

function sides(c: CompareReport): string {
  return c.reports.map((r) => `${r.label} ${r.seconds.toFixed(1)} s`).join(', ');
}

import type { Bits } from '../kernels/formats.ts';
import { laneLimit } from '../kernels/cluster/measure.ts';
import { formatNumber, lineChart, MARKERS, type LineSeries } from '../util/svg-chart.ts';
import type { PointResult } from './types.ts';

/**
 * sweep.svg: throughput in MAC/cycle against cluster size (left axis; solid lines, filled markers, one
 * line per banking factor) with the lane limit (cores x 32 / max(a, w), spec §5) as a dotted reference
 * (a note under the title instead when it is over OFF_SCALE times the best measured point),
 * and the cluster's area with its TCDM macros in k or M NAND2-eq (right axis; dashed lines, hollow
 * markers, the colour and marker shape of its banking's throughput line). Cores on a log2 axis. Every
 * series differs by marker shape, fill or dash as well as colour, so the chart reads in grey-scale. Failed
 * figures are left out of their line; with no area (or no run) the chart has one axis.
 */
/** The lane limit is drawn when at most this many times the best measured MAC/cycle. */
const OFF_SCALE = 4;

export function sweepSvg(results: PointResult[]): string | undefined {
  const first = results[0];
  if (!first) return undefined;
  const bankings = [...new Set(results.map((r) => r.point.banking))];
  const many = bankings.length > 1;
  const hasPerf = results.some((r) => r.macPerCycle !== undefined);
  const areaAxis = hasPerf ? 'right' : 'left';
  const maxArea = Math.max(0, ...results.map((r) => r.area?.nand2WithMacros ?? 0));
  const areaUnit = maxArea >= 1e6 ? { div: 1e6, name: 'M' } : { div: 1e3, name: 'k' };
  const areaLabel = `area (${areaUnit.name} NAND2-eq, TCDM macros included)`;
  const series: LineSeries[] = [];
  for (const [k, b] of bankings.entries()) {
    const mine = results.filter((r) => r.point.banking === b).sort((x, y) => x.point.cores - y.point.cores);
    const suffix = many ? ` (banking ${b})` : '';
    const marker = MARKERS[k % MARKERS.length];
    const perf = mine.filter((r) => r.macPerCycle !== undefined).map((r) => ({ x: r.point.cores, y: r.macPerCycle! }));
    const area = mine.filter((r) => r.area).map((r) => ({ x: r.point.cores, y: r.area!.nand2WithMacros / areaUnit.div }));
    if (perf.length) series.push({ name: `MAC/cycle${suffix}`, points: perf, color: k, marker });
    if (area.length) series.push({ name: `area${suffix}`, points: area, axis: areaAxis, dashed: true, hollow: true, color: k, marker });
  }
  if (series.length === 0) return undefined;
  const { config, kernel } = first.point;
  const cores = [...new Set(results.map((r) => r.point.cores))].sort((a, b) => a - b);
  let subtitle: string | undefined;
  if (hasPerf) {
    const lane = cores.map((c) => ({ x: c, y: laneLimit(kernel.a as Bits, kernel.w as Bits, c) }));
    const name = `lane limit (cores x 32 / ${Math.max(kernel.a, kernel.w)})`;
    const best = Math.max(...results.map((r) => r.macPerCycle ?? 0));
    const top = Math.max(...lane.map((p) => p.y));
    // A limit far above every measured point would flatten them against the axis: then it is a note.
    if (top <= OFF_SCALE * best) series.push({ name, points: lane, reference: true });
    else subtitle = `${name}: ${formatNumber(lane[0]!.y)} to ${formatNumber(top)} MAC/cycle, off this scale`;
  }
  return lineChart({
    title: `${kernel.name} a${kernel.a}w${kernel.w} on the ${config} cluster`,
    ...(subtitle ? { subtitle } : {}),
    series,
    xLabel: 'cluster size (cores, log2 scale)',
    yLabel: hasPerf ? 'throughput (MAC/cycle)' : areaLabel,
    ...(hasPerf && series.some((s) => s.axis === 'right') ? { y2Label: areaLabel } : {}),
    xScale: 'log2',
    xTicks: cores,
  });
}

import { lineChart, type LineSeries } from '../util/svg-chart.ts';
import type { PointResult } from './types.ts';

const AREA_LABEL = 'area (M NAND2-eq, with TCDM macros)';

/**
 * sweep.svg: MAC/cycle against cores (left axis, solid, one line per banking factor) and the cluster's
 * area with its memories in millions of NAND2-eq (right axis, dashed, same colour as its banking's
 * throughput line), cores on a log2 axis. Failed
 * figures are left out of their line; with no area (or no run) the chart has one axis.
 */
export function sweepSvg(results: PointResult[]): string | undefined {
  const first = results[0];
  if (!first) return undefined;
  const bankings = [...new Set(results.map((r) => r.point.banking))];
  const many = bankings.length > 1;
  const hasPerf = results.some((r) => r.macPerCycle !== undefined);
  const areaAxis = hasPerf ? 'right' : 'left';
  const series: LineSeries[] = [];
  for (const [color, b] of bankings.entries()) {
    const mine = results.filter((r) => r.point.banking === b).sort((x, y) => x.point.cores - y.point.cores);
    const suffix = many ? ` (banking ${b})` : '';
    const perf = mine.filter((r) => r.macPerCycle !== undefined).map((r) => ({ x: r.point.cores, y: r.macPerCycle! }));
    const area = mine.filter((r) => r.area).map((r) => ({ x: r.point.cores, y: r.area!.nand2WithMacros / 1e6 }));
    if (perf.length) series.push({ name: `MAC/cycle${suffix}`, points: perf, color });
    if (area.length) series.push({ name: `area${suffix}`, points: area, axis: areaAxis, dashed: true, color });
  }
  if (series.length === 0) return undefined;
  const { config, kernel } = first.point;
  const cores = [...new Set(results.map((r) => r.point.cores))].sort((a, b) => a - b);
  return lineChart({
    title: `${kernel.name} a${kernel.a}w${kernel.w} on the ${config} cluster`,
    series,
    xLabel: 'cores',
    yLabel: hasPerf ? 'MAC/cycle' : AREA_LABEL,
    ...(hasPerf && series.some((s) => s.axis === 'right') ? { y2Label: AREA_LABEL } : {}),
    xScale: 'log2',
    xTicks: cores,
  });
}

/**
 * A small, dependency-free SVG chart writer: grouped bar charts and line charts with axes, ticks,
 * labels and a legend. Deterministic: the same spec gives the same bytes (fixed palette, fixed number
 * formatting, no dates, no random ids), so charts can be committed and diffed, and tests can compare bytes.
 */

/** One series of a bar chart: one value per category (null: no bar). */
export interface BarSeries {
  name: string;
  values: Array<number | null>;
}

export interface BarChartSpec {
  title: string;
  /** One group of bars per category (x axis), one bar per series in each group. */
  categories: string[];
  series: BarSeries[];
  yLabel: string;
  xLabel?: string;
  /** Print each bar's value above it (default false). */
  valueLabels?: boolean;
  /** A horizontal reference line (e.g. a goal or a limit), drawn dashed with its label. */
  reference?: { value: number; label: string };
  width?: number;
  height?: number;
}

/** One series of a line chart: points joined in the order given; `axis: 'right'` uses the second y axis. */
export interface LineSeries {
  name: string;
  points: Array<{ x: number; y: number }>;
  axis?: 'left' | 'right';
  /** Dashed line (e.g. to tell area series from throughput series). */
  dashed?: boolean;
  /** Palette index (default: the series' position), so related series can share a colour. */
  color?: number;
}

export interface LineChartSpec {
  title: string;
  series: LineSeries[];
  xLabel: string;
  yLabel: string;
  /** Label of the right y axis; required when a series uses it. */
  y2Label?: string;
  /** 'log2' spaces powers of two evenly (cluster sizes 1, 2, 4, 8, 16). Default 'linear'. */
  xScale?: 'linear' | 'log2';
  /** Tick positions on x (default: every distinct x of the data for log2, nice ticks for linear). */
  xTicks?: number[];
  width?: number;
  height?: number;
}

/** Okabe-Ito: distinguishable with the common colour-vision deficiencies. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000'];

const FONT = 'font-family="Helvetica, Arial, sans-serif"';
const MARGIN = { top: 40, right: 24, bottom: 56, left: 72 };
const LEGEND_ROW = 18;

/** A grouped bar chart. Negative values are drawn below the zero line. */
export function barChart(spec: BarChartSpec): string {
  validateBars(spec);
  const width = spec.width ?? 720;
  const height = spec.height ?? 420;
  const values = spec.series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  if (spec.reference) values.push(spec.reference.value);
  const y = linearAxis(Math.min(0, ...values), Math.max(0, ...values));
  const legendHeight = legendRows(spec.series.length) * LEGEND_ROW;
  const plot = plotArea(width, height, legendHeight, false);
  const sy = scale(y.min, y.max, plot.bottom, plot.top);

  const out = open(width, height, spec.title);
  out.push(...yAxis(y.ticks, sy, plot, 'left', spec.yLabel));
  const groupWidth = (plot.right - plot.left) / spec.categories.length;
  const barWidth = (groupWidth * 0.8) / spec.series.length;
  spec.categories.forEach((category, i) => {
    const groupLeft = plot.left + i * groupWidth + groupWidth * 0.1;
    const cx = plot.left + (i + 0.5) * groupWidth;
    out.push(text(cx, plot.bottom + 16, category, 'middle'));
    spec.series.forEach((s, j) => {
      const v = s.values[i];
      if (v === null || v === undefined) return;
      const x = groupLeft + j * barWidth;
      const top = Math.min(sy(v), sy(0));
      const h = Math.abs(sy(v) - sy(0));
      out.push(
        `<rect x="${fmt(x)}" y="${fmt(top)}" width="${fmt(barWidth)}" height="${fmt(h)}" fill="${color(j)}"><title>${esc(`${s.name}, ${category}: ${formatNumber(v)}`)}</title></rect>`,
      );
      if (spec.valueLabels) out.push(text(x + barWidth / 2, top - 3, formatNumber(v), 'middle', 9));
    });
  });
  out.push(line(plot.left, sy(0), plot.right, sy(0), '#000'));
  if (spec.reference) {
    const ry = sy(spec.reference.value);
    out.push(`<line x1="${fmt(plot.left)}" y1="${fmt(ry)}" x2="${fmt(plot.right)}" y2="${fmt(ry)}" stroke="#444" stroke-dasharray="6 4"/>`);
    out.push(text(plot.right - 4, ry - 4, spec.reference.label, 'end', 10));
  }
  if (spec.xLabel) out.push(text((plot.left + plot.right) / 2, plot.bottom + 36, spec.xLabel, 'middle'));
  out.push(...legend(spec.series.map((s, j) => ({ name: s.name, color: color(j), dashed: false, kind: 'box' as const })), plot, height));
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/** A line chart with markers, one optional right-hand y axis, linear or log2 x. */
export function lineChart(spec: LineChartSpec): string {
  validateLines(spec);
  const width = spec.width ?? 720;
  const height = spec.height ?? 420;
  const log = spec.xScale === 'log2';
  const xs = spec.series.flatMap((s) => s.points.map((p) => p.x));
  const tx = (x: number) => (log ? Math.log2(x) : x);
  const xTicks = spec.xTicks ?? (log ? [...new Set(xs)].sort((a, b) => a - b) : linearAxis(Math.min(...xs), Math.max(...xs)).ticks);
  const xDomain = [Math.min(...xs, ...xTicks), Math.max(...xs, ...xTicks)].map(tx) as [number, number];
  // Markers at the ends stay off the axes: 4% of the range on each side (1 unit when there is one x).
  const pad = xDomain[0] === xDomain[1] ? 1 : (xDomain[1] - xDomain[0]) * 0.04;
  xDomain[0] -= pad;
  xDomain[1] += pad;
  const right = spec.series.some((s) => s.axis === 'right');
  const legendHeight = legendRows(spec.series.length) * LEGEND_ROW;
  const plot = plotArea(width, height, legendHeight, right);
  const sx = scale(xDomain[0], xDomain[1], plot.left, plot.right);
  const axisOf = (side: 'left' | 'right') => {
    const ys = spec.series.filter((s) => (s.axis ?? 'left') === side).flatMap((s) => s.points.map((p) => p.y));
    return ys.length ? linearAxis(Math.min(0, ...ys), Math.max(0, ...ys)) : undefined;
  };
  const yl = axisOf('left') ?? linearAxis(0, 1);
  const yr = axisOf('right');
  const syl = scale(yl.min, yl.max, plot.bottom, plot.top);
  const syr = yr ? scale(yr.min, yr.max, plot.bottom, plot.top) : syl;

  const out = open(width, height, spec.title);
  out.push(...yAxis(yl.ticks, syl, plot, 'left', spec.yLabel));
  if (yr) out.push(...yAxis(yr.ticks, syr, plot, 'right', spec.y2Label!));
  for (const t of xTicks) {
    const x = sx(tx(t));
    out.push(line(x, plot.bottom, x, plot.bottom + 4, '#000'));
    out.push(text(x, plot.bottom + 16, formatNumber(t), 'middle'));
  }
  out.push(line(plot.left, plot.bottom, plot.right, plot.bottom, '#000'));
  out.push(text((plot.left + plot.right) / 2, plot.bottom + 36, spec.xLabel, 'middle'));
  spec.series.forEach((s, i) => {
    const j = s.color ?? i;
    const sy = s.axis === 'right' ? syr : syl;
    const pts = s.points.map((p) => `${fmt(sx(tx(p.x)))},${fmt(sy(p.y))}`);
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    out.push(`<polyline points="${pts.join(' ')}" fill="none" stroke="${color(j)}" stroke-width="2"${dash}/>`);
    for (const p of s.points) {
      out.push(
        `<circle cx="${fmt(sx(tx(p.x)))}" cy="${fmt(sy(p.y))}" r="3.5" fill="${color(j)}"><title>${esc(`${s.name}: ${formatNumber(p.x)}, ${formatNumber(p.y)}`)}</title></circle>`,
      );
    }
  });
  out.push(...legend(spec.series.map((s, i) => ({ name: s.name + (s.axis === 'right' ? ' (right axis)' : ''), color: color(s.color ?? i), dashed: !!s.dashed, kind: 'line' as const })), plot, height));
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/**
 * Axis numbers: integers as they are up to 9999, then k/M suffixes; fractions with 3 significant digits.
 * Trailing zeros are dropped so ticks read 0.5, 1, 1.5.
 */
export function formatNumber(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return trim((v / 1e6).toPrecision(3)) + 'M';
  if (a >= 1e4) return trim((v / 1e3).toPrecision(3)) + 'k';
  if (Number.isInteger(v)) return String(v);
  return trim(a >= 1 ? v.toFixed(2) : v.toPrecision(3));
}

/** Ticks at 1, 2 or 5 x 10^k covering [min, max], as close to `target` intervals as those steps allow. */
export function niceTicks(min: number, max: number, target = 5): { min: number; max: number; ticks: number[] } {
  if (min === max) {
    max = min === 0 ? 1 : min + Math.abs(min);
    if (min > 0) min = 0;
  }
  const raw = (max - min) / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  // The 1-2-5 step whose interval count is closest to the target (ties: the larger step).
  const intervals = (s: number) => Math.ceil(max / s - 1e-9) - Math.floor(min / s + 1e-9);
  const step = [10, 5, 2, 1].map((m) => m * mag).reduce((best, s) => (Math.abs(intervals(s) - target) < Math.abs(intervals(best) - target) ? s : best));
  const lo = Math.floor(min / step) * step;
  const hi = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let i = 0; lo + i * step <= hi + step / 1e9; i++) ticks.push(round(lo + i * step, step));
  return { min: lo, max: hi, ticks };
}

// ---- internals ------------------------------------------------------------------------------------

interface Plot {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

function linearAxis(min: number, max: number) {
  return niceTicks(min, max);
}

function plotArea(width: number, height: number, legendHeight: number, rightAxis: boolean): Plot {
  return {
    left: MARGIN.left,
    right: width - MARGIN.right - (rightAxis ? 56 : 0),
    top: MARGIN.top,
    bottom: height - MARGIN.bottom - legendHeight,
  };
}

function scale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  return (v) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);
}

function open(width: number, height: number, title: string): string[] {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT} font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    text(width / 2, 22, title, 'middle', 14, 'bold'),
  ];
}

function yAxis(ticks: number[], sy: (v: number) => number, plot: Plot, side: 'left' | 'right', label: string): string[] {
  const x = side === 'left' ? plot.left : plot.right;
  const out = [line(x, plot.top, x, plot.bottom, '#000')];
  for (const t of ticks) {
    const y = sy(t);
    if (side === 'left') {
      out.push(line(plot.left, y, plot.right, y, '#e5e5e5'));
      out.push(line(x - 4, y, x, y, '#000'));
      out.push(text(x - 7, y + 4, formatNumber(t), 'end'));
    } else {
      out.push(line(x, y, x + 4, y, '#000'));
      out.push(text(x + 7, y + 4, formatNumber(t), 'start'));
    }
  }
  const lx = side === 'left' ? 18 : plot.right + 50;
  const ly = (plot.top + plot.bottom) / 2;
  out.push(`<text x="${fmt(lx)}" y="${fmt(ly)}" text-anchor="middle" transform="rotate(-90 ${fmt(lx)} ${fmt(ly)})">${esc(label)}</text>`);
  return out;
}

interface LegendEntry {
  name: string;
  color: string;
  dashed: boolean;
  kind: 'box' | 'line';
}

const LEGEND_COLUMNS = 3;

function legendRows(n: number): number {
  return Math.ceil(n / LEGEND_COLUMNS);
}

function legend(entries: LegendEntry[], plot: Plot, height: number): string[] {
  const out: string[] = [];
  const colWidth = (plot.right - plot.left) / LEGEND_COLUMNS;
  const top = height - legendRows(entries.length) * LEGEND_ROW - 8;
  entries.forEach((e, i) => {
    const x = plot.left + (i % LEGEND_COLUMNS) * colWidth;
    const y = top + Math.floor(i / LEGEND_COLUMNS) * LEGEND_ROW;
    if (e.kind === 'box') out.push(`<rect x="${fmt(x)}" y="${fmt(y)}" width="12" height="12" fill="${e.color}"/>`);
    else out.push(`<line x1="${fmt(x)}" y1="${fmt(y + 6)}" x2="${fmt(x + 18)}" y2="${fmt(y + 6)}" stroke="${e.color}" stroke-width="2"${e.dashed ? ' stroke-dasharray="4 3"' : ''}/>`);
    out.push(text(x + 24, y + 10, e.name, 'start'));
  });
  return out;
}

function validateBars(spec: BarChartSpec): void {
  if (spec.categories.length === 0) throw new Error(`bar chart '${spec.title}': no categories`);
  if (spec.series.length === 0) throw new Error(`bar chart '${spec.title}': no series`);
  for (const s of spec.series) {
    if (s.values.length !== spec.categories.length) {
      throw new Error(`bar chart '${spec.title}': series '${s.name}' has ${s.values.length} values for ${spec.categories.length} categories`);
    }
    for (const v of s.values) if (v !== null && !Number.isFinite(v)) throw new Error(`bar chart '${spec.title}': series '${s.name}' has a non-finite value ${v}`);
  }
}

function validateLines(spec: LineChartSpec): void {
  if (spec.series.length === 0 || spec.series.every((s) => s.points.length === 0)) throw new Error(`line chart '${spec.title}': no points`);
  if (spec.series.some((s) => s.axis === 'right') && !spec.y2Label) throw new Error(`line chart '${spec.title}': a series uses the right axis but y2Label is missing`);
  for (const s of spec.series) {
    for (const p of s.points) {
      if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) throw new Error(`line chart '${spec.title}': series '${s.name}' has a non-finite point (${p.x}, ${p.y})`);
      if (spec.xScale === 'log2' && p.x <= 0) throw new Error(`line chart '${spec.title}': series '${s.name}' has x = ${p.x} on a log2 axis`);
    }
  }
}

function color(i: number): string {
  return PALETTE[i % PALETTE.length]!;
}

function line(x1: number, y1: number, x2: number, y2: number, stroke: string): string {
  return `<line x1="${fmt(x1)}" y1="${fmt(y1)}" x2="${fmt(x2)}" y2="${fmt(y2)}" stroke="${stroke}"/>`;
}

function text(x: number, y: number, s: string, anchor: 'start' | 'middle' | 'end', size?: number, weight?: string): string {
  const extra = (size ? ` font-size="${size}"` : '') + (weight ? ` font-weight="${weight}"` : '');
  return `<text x="${fmt(x)}" y="${fmt(y)}" text-anchor="${anchor}"${extra}>${esc(s)}</text>`;
}

/** Coordinates with two decimals at most: stable bytes, no 0.30000000000000004. */
function fmt(v: number): string {
  return trim(v.toFixed(2));
}

function trim(s: string): string {
  return s.includes('.') && !s.includes('e') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

function round(v: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Number(v.toFixed(decimals));
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

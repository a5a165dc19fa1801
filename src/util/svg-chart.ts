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

/** Marker shapes of line charts: told apart without colour (grey-scale prints, colour-vision deficiencies). */
export const MARKERS = ['circle', 'square', 'triangle', 'diamond'] as const;
export type MarkerShape = (typeof MARKERS)[number];

/** One series of a line chart: points joined in the order given; `axis: 'right'` uses the second y axis. */
export interface LineSeries {
  name: string;
  points: Array<{ x: number; y: number }>;
  axis?: 'left' | 'right';
  /** Dashed line (e.g. to tell area series from throughput series). */
  dashed?: boolean;
  /** Palette index (default: the series' position), so related series can share a colour. */
  color?: number;
  /** Marker at each point (default: MARKERS by the series' position); drawn in the legend too. */
  marker?: MarkerShape;
  /** White-filled markers (e.g. the second quantity of a pair that shares colour and shape). */
  hollow?: boolean;
  /**
   * A reference (a limit, a goal): a thin dark-grey dotted line without markers, on the left axis,
   * named in the legend. It counts for the axis range.
   */
  reference?: boolean;
}

export interface LineChartSpec {
  title: string;
  /** A note under the title (smaller, grey), e.g. a reference left off the scale. */
  subtitle?: string;
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
  const plot = plotArea(width, height, legendRows(spec.series.map((s) => s.name), 'box', plotWidth(width, false)) * LEGEND_ROW, false);
  const sy = scale(y.min, y.max, plot.bottom, plot.top);

  const out = open(width, height, spec.title);
  out.push(...barFillDefs(spec.series.length));
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
        `<rect x="${fmt(x)}" y="${fmt(top)}" width="${fmt(barWidth)}" height="${fmt(h)}" fill="${barFill(j)}" stroke="${color(j)}"><title>${esc(`${s.name}, ${category}: ${formatNumber(v)}`)}</title></rect>`,
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
  out.push(...legend(spec.series.map((s, j): LegendEntry => ({ name: s.name, color: color(j), fill: barFill(j), kind: 'box' })), plot, height));
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
  const plot = plotArea(width, height, legendRows(legendNames(spec.series), 'line', plotWidth(width, right)) * LEGEND_ROW, right, MARGIN.top + (spec.subtitle ? 12 : 0));
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
  if (spec.subtitle) out.push(text(width / 2, 36, spec.subtitle, 'middle', 10).replace('<text ', '<text fill="#444" '));
  out.push(...yAxis(yl.ticks, syl, plot, 'left', spec.yLabel));
  if (yr) out.push(...yAxis(yr.ticks, syr, plot, 'right', spec.y2Label!));
  for (const t of xTicks) {
    const x = sx(tx(t));
    out.push(line(x, plot.bottom, x, plot.bottom + 4, '#000'));
    out.push(text(x, plot.bottom + 16, formatNumber(t), 'middle'));
  }
  out.push(line(plot.left, plot.bottom, plot.right, plot.bottom, '#000'));
  out.push(text((plot.left + plot.right) / 2, plot.bottom + 36, spec.xLabel, 'middle'));
  // References first: the data draws over them.
  const order = [...spec.series.entries()].sort(([, a], [, b]) => Number(!!b.reference) - Number(!!a.reference));
  for (const [i, s] of order) {
    const style = lineStyle(s, i);
    const sy = s.axis === 'right' ? syr : syl;
    const pts = s.points.map((p) => `${fmt(sx(tx(p.x)))},${fmt(sy(p.y))}`);
    out.push(`<polyline points="${pts.join(' ')}" fill="none" stroke="${style.color}" stroke-width="${style.width}"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''}/>`);
    if (!style.marker) continue;
    for (const p of s.points) {
      out.push(marker(style.marker, sx(tx(p.x)), sy(p.y), style.color, style.hollow, `${s.name}: ${formatNumber(p.x)}, ${formatNumber(p.y)}`));
    }
  }
  const names = legendNames(spec.series);
  out.push(...legend(spec.series.map((s, i): LegendEntry => ({ name: names[i]!, kind: 'line', ...lineStyle(s, i) })), plot, height));
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

function plotWidth(width: number, rightAxis: boolean): number {
  return width - MARGIN.left - MARGIN.right - (rightAxis ? 56 : 0);
}

function plotArea(width: number, height: number, legendHeight: number, rightAxis: boolean, top = MARGIN.top): Plot {
  return {
    left: MARGIN.left,
    right: MARGIN.left + plotWidth(width, rightAxis),
    top,
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
  kind: 'box' | 'line';
  /** Line entries: stroke width and dash pattern, and the marker of the series (none for a reference). */
  width?: number;
  dash?: string;
  marker?: MarkerShape;
  hollow?: boolean;
  /** Box entries: the fill (a colour, or the hatch pattern of the series). */
  fill?: string;
}

interface LineStyle {
  color: string;
  width: number;
  dash?: string;
  marker?: MarkerShape;
  hollow: boolean;
}

const REFERENCE_COLOR = '#444';

function lineStyle(s: LineSeries, i: number): LineStyle {
  if (s.reference) return { color: REFERENCE_COLOR, width: 1.5, dash: '2 3', hollow: false };
  return { color: color(s.color ?? i), width: 2, dash: s.dashed ? '6 4' : undefined, marker: s.marker ?? MARKERS[i % MARKERS.length]!, hollow: !!s.hollow };
}

/** A point marker centred on (x, y), with a tooltip. */
function marker(shape: MarkerShape, x: number, y: number, stroke: string, hollow: boolean, title?: string): string {
  const paint = `fill="${hollow ? '#fff' : stroke}" stroke="${stroke}" stroke-width="1.5"`;
  const tip = title === undefined ? '' : `<title>${esc(title)}</title>`;
  const close = (tag: string) => (tip ? `>${tip}</${tag}>` : '/>');
  const poly = (pts: Array<[number, number]>) => `<polygon class="marker" points="${pts.map(([a, b]) => `${fmt(x + a)},${fmt(y + b)}`).join(' ')}" ${paint}${close('polygon')}`;
  switch (shape) {
    case 'circle':
      return `<circle class="marker" cx="${fmt(x)}" cy="${fmt(y)}" r="3.5" ${paint}${close('circle')}`;
    case 'square':
      return `<rect class="marker" x="${fmt(x - 3.2)}" y="${fmt(y - 3.2)}" width="6.4" height="6.4" ${paint}${close('rect')}`;
    case 'triangle':
      return poly([[0, -4.6], [4, 2.6], [-4, 2.6]]);
    case 'diamond':
      return poly([[0, -4.6], [4.6, 0], [0, 4.6], [-4.6, 0]]);
  }
}

/** Width of a legend entry's key (box or line with marker) and the gap after its text. */
const KEY_WIDTH = { box: 18, line: 34 };
const LEGEND_GAP = 14;
/** Average advance of an 11 px Helvetica/Arial character (the text is not measured: no fonts here). */
const CHAR_WIDTH = 6.2;

function legendNames(series: LineSeries[]): string[] {
  return series.map((s) => s.name + (s.axis === 'right' ? ' (right axis)' : ''));
}

/** As many equal columns (at most 3) as the longest entry allows; at least one. */
function legendColumns(names: string[], kind: 'box' | 'line', width: number): number {
  const widest = KEY_WIDTH[kind] + Math.max(0, ...names.map((n) => n.length)) * CHAR_WIDTH + LEGEND_GAP;
  return Math.max(1, Math.min(3, names.length, Math.floor(width / widest)));
}

function legendRows(names: string[], kind: 'box' | 'line', width: number): number {
  return Math.ceil(names.length / legendColumns(names, kind, width));
}

function legend(entries: LegendEntry[], plot: Plot, height: number): string[] {
  const out: string[] = [];
  const kind = entries[0]?.kind ?? 'line';
  const names = entries.map((e) => e.name);
  const columns = legendColumns(names, kind, plot.right - plot.left);
  const colWidth = (plot.right - plot.left) / columns;
  const top = height - legendRows(names, kind, plot.right - plot.left) * LEGEND_ROW - 8;
  entries.forEach((e, i) => {
    const x = plot.left + (i % columns) * colWidth;
    const y = top + Math.floor(i / columns) * LEGEND_ROW;
    if (e.kind === 'box') {
      out.push(`<rect x="${fmt(x)}" y="${fmt(y)}" width="12" height="12" fill="${e.fill ?? e.color}" stroke="${e.color}"/>`);
      out.push(text(x + 18, y + 10, e.name, 'start'));
      return;
    }
    out.push(`<line x1="${fmt(x)}" y1="${fmt(y + 6)}" x2="${fmt(x + 28)}" y2="${fmt(y + 6)}" stroke="${e.color}" stroke-width="${e.width ?? 2}"${e.dash ? ` stroke-dasharray="${e.dash}"` : ''}/>`);
    if (e.marker) out.push(marker(e.marker, x + 14, y + 6, e.color, !!e.hollow));
    out.push(text(x + 34, y + 10, e.name, 'start'));
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
  for (const s of spec.series) if (s.reference && s.axis === 'right') throw new Error(`line chart '${spec.title}': reference '${s.name}' must use the left axis`);
  for (const s of spec.series) {
    for (const p of s.points) {
      if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) throw new Error(`line chart '${spec.title}': series '${s.name}' has a non-finite point (${p.x}, ${p.y})`);
      if (spec.xScale === 'log2' && p.x <= 0) throw new Error(`line chart '${spec.title}': series '${s.name}' has x = ${p.x} on a log2 axis`);
    }
  }
}

/**
 * Bar fills: the first series solid, the others hatched in their colour (white stripes or dots), so the
 * bars stay apart in grey-scale. Patterns are defined per chart (<defs>), ids fixed by series position.
 */
const HATCHES = ['', 'stripes', 'dots', 'back-stripes', 'horizontal'] as const;

function barFill(j: number): string {
  return HATCHES[j % HATCHES.length] ? `url(#bar-fill-${j})` : color(j);
}

function barFillDefs(n: number): string[] {
  const defs: string[] = [];
  for (let j = 0; j < n; j++) {
    const hatch = HATCHES[j % HATCHES.length];
    if (!hatch) continue;
    const c = color(j);
    const lines = `<rect width="6" height="6" fill="${c}"/><line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="1.6"/>`;
    const body =
      hatch === 'stripes' ? `patternTransform="rotate(45)">${lines}`
      : hatch === 'back-stripes' ? `patternTransform="rotate(-45)">${lines}`
      : hatch === 'horizontal' ? `patternTransform="rotate(90)">${lines}`
      : `><rect width="6" height="6" fill="${c}"/><circle cx="3" cy="3" r="1.4" fill="#fff"/>`;
    defs.push(`<pattern id="bar-fill-${j}" patternUnits="userSpaceOnUse" width="6" height="6" ${body}</pattern>`);
  }
  return defs.length ? ['<defs>', ...defs, '</defs>'] : [];
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

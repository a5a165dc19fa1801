import { describe, expect, it } from 'vitest';
import { barChart, formatNumber, lineChart, niceTicks } from '../../src/util/svg-chart.ts';

const bars = {
  title: 'MAC/cycle <8 cores> & more',
  categories: ['a8w8', 'a4w2', 'a2w2'],
  series: [
    { name: 'baseline', values: [10.25, 4, 3] },
    { name: 'flexv', values: [21, 60, null] },
  ],
  yLabel: 'MAC/cycle',
  xLabel: 'format',
  valueLabels: true,
  reference: { value: 100, label: 'goal' },
};

describe('niceTicks / formatNumber', () => {
  it('chooses 1-2-5 steps that cover the data', () => {
    expect(niceTicks(0, 10.25).ticks).toEqual([0, 2, 4, 6, 8, 10, 12]);
    expect(niceTicks(0, 1).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(-3, 7).ticks).toEqual([-4, -2, 0, 2, 4, 6, 8]);
    expect(niceTicks(0, 0).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 1_900_000).ticks).toEqual([0, 500000, 1000000, 1500000, 2000000]);
  });
  it('prints numbers short and stable', () => {
    expect([0, 3, 9999, 12345, 1_500_000, 0.5, 0.123456, 2.5, 1.005].map(formatNumber)).toEqual(['0', '3', '9999', '12.3k', '1.5M', '0.5', '0.123', '2.5', '1']);
  });
});

describe('barChart', () => {
  it('draws one bar per non-null value, the reference line, escaped text, and the same bytes every time', () => {
    const svg = barChart(bars);
    expect(svg).toBe(barChart(bars));
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.endsWith('</svg>\n')).toBe(true);
    expect(svg.match(/<rect [^>]*><title>/g)).toHaveLength(5);
    expect(svg).toContain('MAC/cycle &lt;8 cores&gt; &amp; more');
    expect(svg).toContain('<title>baseline, a8w8: 10.25</title>');
    expect(svg).toContain('stroke-dasharray="6 4"');
    // The reference (100) is inside the axis: the top tick is at least 100.
    const ticks = [...svg.matchAll(/text-anchor="end">([\d.]+)</g)].map((m) => Number(m[1]));
    expect(Math.max(...ticks)).toBeGreaterThanOrEqual(100);
    expect(svg).toMatchSnapshot();
  });
  it('refuses inconsistent data', () => {
    expect(() => barChart({ ...bars, series: [{ name: 's', values: [1] }] })).toThrow(/series 's' has 1 values for 3 categories/);
    expect(() => barChart({ ...bars, series: [{ name: 's', values: [1, NaN, 2] }] })).toThrow(/non-finite value NaN/);
    expect(() => barChart({ ...bars, categories: [] })).toThrow(/no categories/);
  });
});

describe('lineChart', () => {
  const spec = {
    title: 'sweep',
    series: [
      { name: 'MAC/cycle', points: [{ x: 1, y: 1.5 }, { x: 2, y: 2.9 }, { x: 8, y: 10.2 }] },
      { name: 'area', points: [{ x: 1, y: 1.8 }, { x: 8, y: 2.9 }], axis: 'right' as const, dashed: true, color: 0 },
    ],
    xLabel: 'cores',
    yLabel: 'MAC/cycle',
    y2Label: 'area',
    xScale: 'log2' as const,
  };
  it('spaces powers of two evenly on a log2 axis and draws both y axes', () => {
    const svg = lineChart(spec);
    expect(svg).toBe(lineChart(spec));
    const xTicks = [...svg.matchAll(/<text x="([\d.]+)" y="[\d.]+" text-anchor="middle">(1|2|8)<\/text>/g)].map((m) => Number(m[1]));
    expect(xTicks).toHaveLength(3);
    // log2: 1 -> 2 is a third of 1 -> 8.
    expect((xTicks[1]! - xTicks[0]!) * 3).toBeCloseTo(xTicks[2]! - xTicks[0]!, 1);
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    // A marker per point, and one per series in the legend: circles for the first, squares for the second.
    expect(svg.match(/<circle class="marker"/g)).toHaveLength(3 + 1);
    expect(svg.match(/<rect class="marker"/g)).toHaveLength(2 + 1);
    expect(svg).toContain('area (right axis)');
    // The shared colour: both lines use the first palette colour.
    expect(svg.match(/<polyline [^>]*stroke="#0072B2"/g)).toHaveLength(2);
    expect(svg).toMatchSnapshot();
  });
  it('refuses what it cannot draw', () => {
    expect(() => lineChart({ ...spec, y2Label: undefined })).toThrow(/right axis but y2Label is missing/);
    expect(() => lineChart({ ...spec, series: [{ name: 'z', points: [{ x: 0, y: 1 }] }] })).toThrow(/x = 0 on a log2 axis/);
    expect(() => lineChart({ ...spec, series: [] })).toThrow(/no points/);
    expect(() => lineChart({ ...spec, series: [{ name: 'limit', points: [{ x: 1, y: 1 }], reference: true, axis: 'right' }] })).toThrow(/reference 'limit' must use the left axis/);
  });

  it('tells series apart without colour: marker shape, hollow markers, dashes; a reference line without markers', () => {
    const svg = lineChart({
      title: 'grey',
      series: [
        { name: 'a', points: [{ x: 1, y: 1 }, { x: 2, y: 2 }] },
        { name: 'b', points: [{ x: 1, y: 2 }, { x: 2, y: 3 }] },
        { name: 'c', points: [{ x: 1, y: 3 }, { x: 2, y: 4 }] },
        { name: 'd', points: [{ x: 1, y: 4 }, { x: 2, y: 5 }], dashed: true, hollow: true, marker: 'circle' },
        { name: 'limit', points: [{ x: 1, y: 8 }, { x: 2, y: 16 }], reference: true },
      ],
      xLabel: 'x',
      yLabel: 'y',
    });
    // Default shapes by position: circle, square, triangle (a polygon of 3 points); 'd' asks for circles.
    expect(svg.match(/<circle class="marker"/g)).toHaveLength(3 * 2);
    expect(svg.match(/<rect class="marker"/g)).toHaveLength(3);
    expect([...svg.matchAll(/<polygon class="marker" points="([^"]+)"/g)].map((m) => m[1]!.split(' ').length)).toEqual([3, 3, 3]);
    expect(svg.match(/<circle class="marker"[^>]*fill="#fff"/g)).toHaveLength(3);
    // The reference: dotted, grey, no marker, drawn first (under the data), named in the legend.
    expect(svg).toMatch(/<polyline points="[^"]+" fill="none" stroke="#444" stroke-width="1.5" stroke-dasharray="2 3"\/>/);
    const polylines = [...svg.matchAll(/<polyline [^>]*stroke="([^"]+)"/g)].map((m) => m[1]);
    expect(polylines).toEqual(['#444', '#0072B2', '#E69F00', '#009E73', '#D55E00']);
    expect(svg.match(/<title>limit:/g)).toBeNull();
    expect(svg).toContain('>limit</text>');
    // The axis covers the reference.
    const ticks = [...svg.matchAll(/text-anchor="end">([\d.]+)</g)].map((m) => Number(m[1]));
    expect(Math.max(...ticks)).toBeGreaterThanOrEqual(16);
  });

  it('lays the legend out in as many columns as its longest entry allows', () => {
    const long = 'MAC/cycle (banking 2) (right axis)';
    const legendX = (names: string[]) => {
      const svg = lineChart({ title: 't', series: names.map((name, i) => ({ name, points: [{ x: 1, y: i }] })), xLabel: 'x', yLabel: 'y' });
      return names.map((n) => Number(new RegExp(`<text x="([\\d.]+)" y="[\\d.]+" text-anchor="start">${n.replace(/[()]/g, '\\$&')}</text>`).exec(svg)![1]));
    };
    const short = legendX(['a', 'b', 'c', 'd']);
    expect(new Set(short.slice(0, 3)).size).toBe(3); // three columns
    expect(short[3]).toBe(short[0]);
    const wide = legendX([long, long + 'x', 'x']);
    // Two columns: the second entry starts after the first one's text, the third wraps.
    expect(wide[1]! - wide[0]!).toBeGreaterThanOrEqual(long.length * 6);
    expect(wide[2]).toBe(wide[0]);
  });
});

describe('bar chart fills', () => {
  it('hatches every series after the first in its colour, in the bars and the legend', () => {
    const svg = barChart(bars);
    expect(svg).toContain('<pattern id="bar-fill-1" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><rect width="6" height="6" fill="#E69F00"/>');
    expect(svg.match(/<rect [^>]*fill="#0072B2" stroke="#0072B2"><title>baseline/g)).toHaveLength(3);
    expect(svg.match(/<rect [^>]*fill="url\(#bar-fill-1\)" stroke="#E69F00"><title>flexv/g)).toHaveLength(2);
    expect(svg).toMatch(/<rect x="[\d.]+" y="[\d.]+" width="12" height="12" fill="url\(#bar-fill-1\)" stroke="#E69F00"\/>/);
  });
});

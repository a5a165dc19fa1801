import { describe, expect, it } from 'vitest';
import { laneLimit } from '../../src/kernels/cluster/measure.ts';
import { sweepSvg } from '../../src/sweep/chart.ts';
import type { PointResult } from '../../src/sweep/types.ts';

/** Results of a made-up sweep: `area` gives each point's NAND2-eq with macros (undefined: no area). */
function results(kernel: { a: number; w: number }, cores: number[], opts: { perf?: boolean; area?: (c: number) => number } = {}): PointResult[] {
  return cores.map((c) => ({
    point: { cores: c, banking: 1, config: 'flexv', kernel: { name: 'conv3x3', ...kernel } },
    ...(opts.perf === false ? {} : { macPerCycle: 2.5 * c }),
    ...(opts.area ? { area: { nand2: opts.area(c) / 2, nand2WithMacros: opts.area(c), macroBits: 0, flops: 0 } } : {}),
    failures: [],
    seconds: 1,
  }));
}

const rotated = (svg: string) => [...svg.matchAll(/transform="rotate\(-90[^"]*"\>([^<]+)</g)].map((m) => m[1]);

describe('sweep.svg', () => {
  it('gives every axis its unit: MAC/cycle, cores, area in M NAND2-eq when the area reaches millions', () => {
    const svg = sweepSvg(results({ a: 4, w: 2 }, [1, 2, 4, 8], { area: (c) => 400_000 + 300_000 * c }))!;
    expect(rotated(svg)).toEqual(['throughput (MAC/cycle)', 'area (M NAND2-eq, TCDM macros included)']);
    expect(svg).toContain('>cluster size (cores, log2 scale)</text>');
    // 8 cores: 2.8 M NAND2-eq on the right axis.
    expect(svg).toContain('<title>area: 8, 2.8</title>');
  });

  it('switches the area to k NAND2-eq below a million', () => {
    const svg = sweepSvg(results({ a: 8, w: 8 }, [1, 2], { area: (c) => 150_000 * c }))!;
    expect(rotated(svg)).toEqual(['throughput (MAC/cycle)', 'area (k NAND2-eq, TCDM macros included)']);
    expect(svg).toContain('<title>area: 2, 300</title>');
    // Without a run the area is the only (left) axis, with its unit.
    expect(rotated(sweepSvg(results({ a: 8, w: 8 }, [1, 2], { perf: false, area: (c) => 150_000 * c }))!)).toEqual(['area (k NAND2-eq, TCDM macros included)']);
  });

  it('draws the lane limit (cores x 32 / max(a, w)) as a reference line without markers, named in the legend', () => {
    const svg = sweepSvg(results({ a: 2, w: 4 }, [1, 2, 4, 8]))!;
    expect(svg).toContain('>lane limit (cores x 32 / 4)</text>');
    const lines = [...svg.matchAll(/<polyline points="([^"]+)" fill="none" stroke="([^"]+)"/g)];
    const reference = lines.find((m) => m[2] === '#444')!;
    const data = lines.find((m) => m[2] !== '#444')!;
    const ys = (m: RegExpMatchArray) => m[1]!.split(' ').map((p) => Number(p.split(',')[1]));
    // Same scale: the lane limit is laneLimit(2, 4, c) = 8c, the data 2.5c, so its height above the x axis
    // (the bottom of the plot, y = 0) is 8 / 2.5 times the data's at every point.
    const bottom = Number(/<line x1="72" y1="([\d.]+)" x2="[\d.]+" y2="\1" stroke="#000"\/>/.exec(svg)![1]);
    const ref = ys(reference), dat = ys(data);
    for (let i = 0; i < 4; i++) expect((bottom - ref[i]!) / (bottom - dat[i]!)).toBeCloseTo(laneLimit(2, 4, 1) / 2.5, 2);
    expect(svg.match(/<title>lane limit/g)).toBeNull();
  });

  it('notes the lane limit under the title instead when it would flatten the measured points', () => {
    // 2.5 MAC/cycle per core against 16 per core (a2w2): over 4x the best point.
    const svg = sweepSvg(results({ a: 2, w: 2 }, [1, 8]))!;
    expect(svg).toContain('<text fill="#444" x="360" y="36" text-anchor="middle" font-size="10">lane limit (cores x 32 / 2): 16 to 128 MAC/cycle, off this scale</text>');
    expect(svg).not.toContain('stroke="#444" stroke-width="1.5"');
    // 8-bit: 4 per core, within 4x of 2.5: drawn.
    expect(sweepSvg(results({ a: 8, w: 8 }, [1, 8]))).toContain('stroke="#444" stroke-width="1.5"');
  });

  it('gives the area line the marker shape of its throughput line, hollow and dashed', () => {
    const two = [...results({ a: 8, w: 8 }, [1, 2], { area: (c) => 1e6 * c }), ...results({ a: 8, w: 8 }, [1, 2], { area: (c) => 1.2e6 * c }).map((r) => ({ ...r, point: { ...r.point, banking: 2 } }))];
    const svg = sweepSvg(two)!;
    expect(svg).toMatch(/<circle class="marker" [^>]*fill="#0072B2"[^>]*><title>MAC\/cycle \(banking 1\)/);
    expect(svg).toMatch(/<circle class="marker" [^>]*fill="#fff" stroke="#0072B2"[^>]*><title>area \(banking 1\)/);
    expect(svg).toMatch(/<rect class="marker" [^>]*fill="#E69F00"[^>]*><title>MAC\/cycle \(banking 2\)/);
    expect(svg).toMatch(/<rect class="marker" [^>]*fill="#fff" stroke="#E69F00"[^>]*><title>area \(banking 2\)/);
  });
  it('has a legend that reads without colour: each entry a distinct dash, marker shape and fill; a marker at every measured point', () => {
    const mk = (banking: number, f: number) => results({ a: 8, w: 4 }, [1, 2, 4, 8], { area: (c) => (400_000 + 300_000 * c) * f }).map((r) => ({ ...r, point: { ...r.point, banking } }));
    const svg = sweepSvg([...mk(1, 1), ...mk(2, 1.1), ...mk(4, 1.2)])!;
    // Legend entries: a key line, a marker without a tooltip (or none: the reference), the name.
    const entries = [...svg.matchAll(/<line x1="[\d.]+" y1="([\d.]+)" x2="[\d.]+" y2="\1" stroke="[^"]+" stroke-width="[\d.]+"( stroke-dasharray="([^"]+)")?\/>\n(?:<(\w+) class="marker" [^>]*fill="([^"]+)" stroke="([^"]+)"[^>]*\/>\n)?<text [^>]*text-anchor="start">([^<]+)<\/text>/g)];
    const names = entries.map((m) => m[7]);
    expect(names).toEqual([
      'MAC/cycle (banking 1)', 'area (banking 1) (right axis)', 'MAC/cycle (banking 2)',
      'area (banking 2) (right axis)', 'MAC/cycle (banking 4)', 'area (banking 4) (right axis)', 'lane limit (cores x 32 / 8)',
    ]);
    // Grey-scale signature: dash pattern, marker shape, hollow or filled (not the colour).
    const grey = entries.map((m) => `${m[3] ?? 'solid'}/${m[4] ?? 'none'}/${m[5] === '#fff' ? 'hollow' : m[4] ? 'filled' : '-'}`);
    expect(new Set(grey).size).toBe(grey.length);
    // The measured series: 4 points each, each with a marker (its tooltip names the series and the point).
    for (const name of names.slice(0, 6)) {
      const series = name!.replace(' (right axis)', '').replace(/[()/]/g, '\\$&');
      expect(svg.match(new RegExp(`<title>${series}: \\d+, [\\d.]+</title>`, 'g')), name).toHaveLength(4);
    }
  });
});

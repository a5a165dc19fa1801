import { BUILDS, type Build } from '../kernels/formats.ts';
import { pairName, SOFTWARE, type PaperRow, type Software } from './row.ts';

/**
 * What the paper comparison concludes from its rows: per software and pair, the speed-up of each build over
 * `baseline` (flexv / baseline is the paper's "up to 8.5x"), and per build and pair flexv's software against
 * PULP-NN-mixed's (issue 15 item 2: flexv must be faster). A ratio needs both rows bit-exact; otherwise it is
 * null and `why` says which row is not.
 */
export interface Speedup {
  software: Software;
  pair: string;
  build: Build;
  /** build MAC/cycle / baseline MAC/cycle. */
  speedup: number | null;
  why: string;
}

export interface SoftwareRatio {
  build: Build;
  pair: string;
  /** flexv MAC/cycle / PULP-NN-mixed MAC/cycle on the same cluster. */
  ratio: number | null;
  flexv_faster: boolean | null;
  why: string;
}

const pairsOf = (rows: PaperRow[]) => [...new Set(rows.map(pairName))];
const find = (rows: PaperRow[], s: Software, b: Build, pair: string) => rows.find((r) => r.software === s && r.build === b && pairName(r) === pair);

function ratio(x: PaperRow | undefined, y: PaperRow | undefined): { value: number | null; why: string } {
  if (!x || !y) return { value: null, why: 'not measured' };
  const bad = [x, y].filter((r) => !r.bit_exact);
  if (bad.length) return { value: null, why: bad.map((r) => `${r.software} on ${r.build} not bit-exact: ${r.note}`).join('; ') };
  return { value: x.mac_per_cycle / y.mac_per_cycle, why: '' };
}

export function speedups(rows: PaperRow[]): Speedup[] {
  const out: Speedup[] = [];
  for (const software of SOFTWARE) {
    for (const pair of pairsOf(rows)) {
      for (const build of BUILDS.filter((b) => b !== 'baseline')) {
        const r = ratio(find(rows, software, build, pair), find(rows, software, 'baseline', pair));
        if (r.why === 'not measured') continue;
        out.push({ software, pair, build, speedup: r.value, why: r.why });
      }
    }
  }
  return out;
}

export function softwareRatios(rows: PaperRow[]): SoftwareRatio[] {
  const out: SoftwareRatio[] = [];
  for (const build of BUILDS) {
    for (const pair of pairsOf(rows)) {
      const r = ratio(find(rows, 'flexv', build, pair), find(rows, 'pulp-nn-mixed', build, pair));
      if (r.why === 'not measured') continue;
      out.push({ build, pair, ratio: r.value, flexv_faster: r.value === null ? null : r.value > 1, why: r.why });
    }
  }
  return out;
}

const f2 = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toFixed(2));

/** Markdown table: one line per pair, MAC/cycle of both stacks on the three builds and the two speed-ups. */
export function formatTable(rows: PaperRow[]): string {
  const sp = speedups(rows);
  const ratios = softwareRatios(rows);
  const cell = (s: Software, b: Build, pair: string) => {
    const r = find(rows, s, b, pair);
    return r ? `${f2(r.mac_per_cycle)}${r.bit_exact ? '' : ' ✗'}` : '—';
  };
  const x = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${v.toFixed(2)}×`);
  const lines = [
    '| pair | PULP-NN-mixed baseline (XpulpV2) | xpulpnn (XpulpNN) | flexv (XpulpNN-mixed) | PULP-NN-mixed flexv / baseline | flexv sw baseline | xpulpnn | flexv | flexv sw flexv / baseline | flexv sw / PULP-NN-mixed (baseline, xpulpnn, flexv) |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const pair of pairsOf(rows)) {
    const s = (software: Software) => sp.find((v) => v.software === software && v.pair === pair && v.build === 'flexv')?.speedup;
    const rr = BUILDS.map((b) => x(ratios.find((v) => v.build === b && v.pair === pair)?.ratio)).join(', ');
    lines.push(`| ${pair} | ${BUILDS.map((b) => cell('pulp-nn-mixed', b, pair)).join(' | ')} | ${x(s('pulp-nn-mixed'))} | ${BUILDS.map((b) => cell('flexv', b, pair)).join(' | ')} | ${x(s('flexv'))} | ${rr} |`);
  }
  return lines.join('\n');
}

import type { Bits, Build } from '../formats.ts';
import { catalogEntry } from './catalog.ts';
import { makeClusterLayer } from './layer.ts';
import { runClusterOnGolden } from './golden.ts';
import { runClusterOnRtl, type RtlRunOptions } from './rtl.ts';

/**
 * The headline measurement: a named cluster kernel for format pairs, builds and core counts on the RTL
 * cluster, every run checked bit-exact first. One row per run; the summary compares builds per pair.
 */
export interface KernelRow {
  kernel: string;
  a: Bits;
  w: Bits;
  out: Bits;
  cores: number;
  build: Build;
  dma: boolean;
  macs: number;
  /** Cycles of the timed region (barrier to barrier): the whole layer, im2col, requantization and DMA included. */
  cycles: number;
  mac_per_cycle: number;
  /** cores x 32 / max(a, w) (spec §5). */
  lane_limit: number;
  lane_fraction: number;
  /** TCDM accesses refused at least once (all cores and the DMA) and the stall cycles they cost. */
  conflicts: number;
  stall_cycles: number;
  /** Instructions of the busiest core in the timed region. */
  max_instr: number;
  bit_exact: boolean;
}

/**
 * The same row from the golden cluster model: `cycles` is then the busiest core's instruction count (one
 * instruction per cycle, no memory stalls, DMA done at once), an upper bound of what the RTL can reach.
 */
export async function measureKernelGolden(kernel: string, a: Bits, w: Bits, build: Build, cores: number, seed = 1): Promise<KernelRow> {
  const entry = catalogEntry(kernel);
  const c = makeClusterLayer({ ...entry.shape, a, w, outBits: a }, { dma: entry.dma, maxCores: cores }, seed);
  const r = await runClusterOnGolden(c, build, cores);
  const lane = laneLimit(a, w, cores);
  return {
    kernel, a, w, out: a, cores, build, dma: entry.dma, macs: r.macs, cycles: r.maxInstr,
    mac_per_cycle: r.macPerInstr, lane_limit: lane, lane_fraction: r.macPerInstr / lane,
    conflicts: 0, stall_cycles: 0, max_instr: r.maxInstr, bit_exact: r.status === 1 && r.wrong === 0,
  };
}

export const laneLimit = (a: Bits, w: Bits, cores: number) => (cores * 32) / Math.max(a, w);

export async function measureKernel(kernel: string, a: Bits, w: Bits, build: Build, cores: number, opts: RtlRunOptions & { seed?: number } = {}): Promise<KernelRow> {
  const entry = catalogEntry(kernel);
  const c = makeClusterLayer({ ...entry.shape, a, w, outBits: a }, { dma: entry.dma, maxCores: cores }, opts.seed ?? 1);
  const r = await runClusterOnRtl(c, build, cores, opts);
  const lane = laneLimit(a, w, cores);
  return {
    kernel, a, w, out: a, cores, build, dma: entry.dma, macs: r.macs, cycles: r.kernelCycles,
    mac_per_cycle: r.macPerCycle, lane_limit: lane, lane_fraction: r.macPerCycle / lane,
    conflicts: r.conflicts, stall_cycles: r.stallCycles, max_instr: Math.max(...r.perfInstr), bit_exact: r.ok,
  };
}

export interface PairSummary {
  pair: string;
  cores: number;
  kernel: string;
  baseline: number | null;
  xpulpnn: number | null;
  flexv: number | null;
  /** flexv / baseline MAC/cycle. */
  speedup: number | null;
  /** flexv MAC/cycle over the lane limit. */
  lane_fraction: number | null;
  /** TCDM accesses refused at least once, per build (baseline / xpulpnn / flexv). */
  conflicts: [number | null, number | null, number | null];
}

/** Per (kernel, pair, cores): MAC/cycle of each build, flexv's speed-up and lane fraction. */
export function summarize(rows: KernelRow[]): PairSummary[] {
  const keys = [...new Set(rows.map((r) => `${r.kernel}|a${r.a}w${r.w}|${r.cores}`))];
  return keys.map((key) => {
    const [kernel, pair, cores] = key.split('|');
    const of = (b: Build) => rows.find((r) => `${r.kernel}|a${r.a}w${r.w}|${r.cores}` === key && r.build === b);
    const base = of('baseline'), xp = of('xpulpnn'), fv = of('flexv');
    return {
      pair, cores: Number(cores), kernel,
      baseline: base?.mac_per_cycle ?? null, xpulpnn: xp?.mac_per_cycle ?? null, flexv: fv?.mac_per_cycle ?? null,
      speedup: base && fv ? fv.mac_per_cycle / base.mac_per_cycle : null,
      lane_fraction: fv ? fv.lane_fraction : null,
      conflicts: [base?.conflicts ?? null, xp?.conflicts ?? null, fv?.conflicts ?? null],
    };
  });
}

const f2 = (v: number | null) => (v === null ? '—' : v.toFixed(2));
const pct = (v: number | null) => (v === null ? '—' : `${(100 * v).toFixed(0)} %`);

/** A Markdown table of the summary. */
export function formatSummary(s: PairSummary[]): string {
  const lines = [
    '| kernel | pair | cores | baseline | xpulpnn | flexv | flexv / baseline | flexv % of lane limit | TCDM conflicts (base / xpulpnn / flexv) |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  const conflicts = (c: PairSummary['conflicts']) => c.map((v) => (v === null ? '—' : String(v))).join(' / ');
  for (const r of s) {
    const speedup = r.speedup === null ? '—' : `${r.speedup.toFixed(2)}×`;
    lines.push(`| ${r.kernel} | ${r.pair} | ${r.cores} | ${f2(r.baseline)} | ${f2(r.xpulpnn)} | ${f2(r.flexv)} | ${speedup} | ${pct(r.lane_fraction)} | ${conflicts(r.conflicts)} |`);
  }
  return lines.join('\n');
}

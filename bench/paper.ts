// `npm run bench -- paper [--pairs a2w2,a8w4] [--builds baseline,flexv] [--software pulp-nn-mixed,flexv]
//   [--layer conv3x3] [--cores 8] [--golden] [--lockstep] [--merge]`
// Issue 15 items 1-2: the paper's comparison with the paper's own software. On the 8-core baseline, xpulpnn
// and flexv clusters, on the benchmark layer (catalog conv3x3: 3x3 conv 16x16x32 -> 64, pad 1), PULP-NN-mixed's
// convolutions unmodified (XpulpV2 on baseline, XpulpNN on xpulpnn, XpulpNN-mixed on flexv, through the
// conformance driver) and flexv's own (src/kernels/cluster), every pair, on the RTL (`--golden`: the golden
// cluster model's instruction counts instead; `--lockstep`: every retirement compared as well). A kernel
// that is not bit-exact is a row with bit_exact false and the reason, never dropped. With `--merge` the
// rows already in bench/results/paper.json are kept and not measured again.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BUILDS, FORMAT_PAIRS, type Bits, type Build } from '../src/kernels/formats.ts';
import { runFlexvConv } from '../src/paper/flexv.ts';
import { PAPER_KERNEL } from '../src/paper/layer.ts';
import { runPulpConv } from '../src/paper/pulp.ts';
import { pairName, rowKey, SOFTWARE, type PaperRow, type Software } from '../src/paper/row.ts';
import { formatTable, softwareRatios, speedups, type SoftwareRatio, type Speedup } from '../src/paper/summary.ts';
import { storedFigures } from './support/results.ts';

const RESULTS = join(import.meta.dirname, 'results', 'paper.json');

interface PaperFigures {
  layer: string;
  rows: PaperRow[];
  speedups: Speedup[];
  flexv_vs_pulp: SoftwareRatio[];
}

function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
}

function listOf<T extends string>(args: string[], name: string, all: readonly T[]): T[] {
  const v = option(args, name, all.join(',')).split(',');
  for (const x of v) if (!all.includes(x as T)) throw new Error(`--${name}: unknown '${x}' (expected ${all.join(', ')})`);
  return v as T[];
}

export default async function paper(args: string[]): Promise<PaperFigures> {
  const layer = option(args, 'layer', PAPER_KERNEL);
  const pairs = option(args, 'pairs', FORMAT_PAIRS.map(pairName).join(',')).split(',').map((s) => {
    const m = /^a([842])w([842])$/.exec(s);
    if (!m) throw new Error(`--pairs: bad pair '${s}' (expected e.g. a2w2)`);
    return { a: Number(m[1]) as Bits, w: Number(m[2]) as Bits };
  });
  const builds = listOf<Build>(args, 'builds', BUILDS);
  const software = listOf<Software>(args, 'software', SOFTWARE);
  const cores = Number(option(args, 'cores', '8'));
  const timing = args.includes('--golden') ? 'golden' as const : 'rtl' as const;
  const lockstep = args.includes('--lockstep');
  const stored = args.includes('--merge') ? ((await storedFigures<PaperFigures>(RESULTS))?.rows ?? []) : [];
  const done = new Set(stored.map(rowKey));
  const rows: PaperRow[] = [];
  // Build-major: one Verilator model serves every pair and both stacks in a row.
  for (const build of builds) {
    for (const { a, w } of pairs) {
      for (const s of software) {
        if (done.has(rowKey({ software: s, build, a, w, cores, layer, timing }))) continue;
        const t0 = performance.now();
        const o = { layer, cores, timing, lockstep };
        const row = s === 'flexv' ? await runFlexvConv(a, w, build, o) : await runPulpConv(a, w, build, o);
        rows.push(row);
        console.log(`${s} ${row.kernel} a${a}w${w} on ${build} x${cores}: ${row.mac_per_cycle.toFixed(2)} MAC/${timing === 'rtl' ? 'cycle' : 'instr'}, ${row.cycles} cycles, bit-exact ${row.bit_exact}${row.bit_exact ? '' : ` (${row.note})`} [${((performance.now() - t0) / 1000).toFixed(1)} s]`);
        await writeFile(join(import.meta.dirname, '..', 'build', 'bench-paper-partial.json'), JSON.stringify(rows, null, 1));
      }
    }
  }
  // Stored rows read again just before writing: parts of a campaign may run concurrently.
  const again = args.includes('--merge') ? ((await storedFigures<PaperFigures>(RESULTS))?.rows ?? []) : [];
  const byKey = new Map(again.map((r) => [rowKey(r), r]));
  for (const r of rows) byKey.set(rowKey(r), r);
  const all = [...byKey.values()].sort((x, y) => rowKey(x).localeCompare(rowKey(y)));
  const ofRun = all.filter((r) => r.layer === layer && r.timing === timing && r.cores === cores);
  console.log(`\n${formatTable(ofRun)}\n`);
  return { layer, rows: all, speedups: speedups(ofRun), flexv_vs_pulp: softwareRatios(ofRun) };
}

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CACHE_DIR } from './build.ts';
import { BUILDS, FORMAT_PAIRS, type Bits, type Build } from './formats.ts';
import { makeConvLayer, makeLayer, type Layer, type LayerShape } from './layer.ts';
import type { ConvGeometry } from './ref/conv.ts';
import { runKernel } from './run.ts';

/**
 * Instructions per MAC of every kernel x format pair x build on the golden model (one instruction per
 * cycle there, so MAC/instruction is the ideal-memory MAC/cycle), each run checked bit-exact first.
 * Run: node --import tsx src/kernels/measure.ts [n k pixels]   (default: 64 288 16, a 3x3x32 im2col
 * layer with 64 output channels on 16 pixels; pixels 1 = fully connected), or
 * node --import tsx src/kernels/measure.ts conv   (issue 9's layer: 16x16x32 -> 64, 3x3, pad 1, im2col
 * included). Writes build/kernels/measure-<shape>.json.
 */
export interface MeasureRow {
  a: Bits;
  w: Bits;
  build: Build;
  n: number;
  k: number;
  pixels: number;
  macs: number;
  kernel_instructions: number;
  instr_per_mac: number;
  mac_per_instr: number;
  /** MAC/instruction over the lane limit L = 32 / max(a, w) (spec §5). */
  lane_fraction: number;
  requant_instructions: number;
}

/** Linear layers of `shape`, or convolutions of geometry `conv` (then shape's n, k, pixels are derived). */
export async function measure(shape: Omit<LayerShape, 'a' | 'w'>, seed = 1, conv?: ConvGeometry): Promise<MeasureRow[]> {
  const rows: MeasureRow[] = [];
  for (const { a, w } of FORMAT_PAIRS) {
    const layer: Layer = conv ? makeConvLayer({ ...conv, a, w, outBits: shape.outBits }, seed) : makeLayer({ ...shape, a, w }, seed);
    for (const build of BUILDS) {
      const r = await runKernel(build, layer, 1e9);
      const bad = r.acc.findIndex((v, i) => v !== layer.acc[i]);
      if (bad >= 0 || r.out.some((v, i) => v !== layer.out[i])) throw new Error(`${build} a${a}w${w}: output differs from the reference (accumulator ${bad})`);
      const lanes = 32 / Math.max(a, w);
      rows.push({
        a, w, build, n: layer.n, k: layer.k, pixels: layer.pixels, macs: r.macs,
        kernel_instructions: r.kernelInstr,
        instr_per_mac: +r.instrPerMac.toFixed(4),
        mac_per_instr: +(1 / r.instrPerMac).toFixed(3),
        lane_fraction: +(1 / r.instrPerMac / lanes).toFixed(3),
        requant_instructions: r.requantInstr,
      });
    }
  }
  return rows;
}

export function formatTable(rows: MeasureRow[]): string {
  const get = (a: number, w: number, b: Build) => rows.find((r) => r.a === a && r.w === w && r.build === b)!;
  const lines = ['pair    | MAC/instr baseline  xpulpnn  flexv | flexv % of L | flexv/baseline  xpulpnn/baseline'];
  for (const { a, w } of FORMAT_PAIRS) {
    const [b, x, f] = BUILDS.map((build) => get(a, w, build));
    lines.push(
      `a${a} w${w}   | ${b.mac_per_instr.toFixed(2).padStart(17)} ${x.mac_per_instr.toFixed(2).padStart(8)} ${f.mac_per_instr.toFixed(2).padStart(6)} |` +
        ` ${(100 * f.lane_fraction).toFixed(0).padStart(10)} % | ${(f.mac_per_instr / b.mac_per_instr).toFixed(2).padStart(13)}x ${(x.mac_per_instr / b.mac_per_instr).toFixed(2).padStart(16)}x`,
    );
  }
  return lines.join('\n');
}

/** Issue 9's realistic layer. */
export const CONV_3X3_32_64: ConvGeometry = { height: 16, width: 16, cin: 32, cout: 64, kh: 3, kw: 3, stride: 1, pad: 1 };

if (import.meta.url === `file://${process.argv[1]}`) {
  const conv = process.argv[2] === 'conv';
  const [n = 64, k = 288, pixels = 16] = conv ? [] : process.argv.slice(2).map(Number);
  const rows = await measure({ n, k, pixels, outBits: 8 }, 1, conv ? CONV_3X3_32_64 : undefined);
  const name = conv ? 'conv3x3-16x16x32-64' : `${n}x${k}x${pixels}`;
  console.log(conv
    ? 'convolution 16x16x32 -> 64, 3x3, pad 1 (im2col + linear), golden model (1 instruction = 1 cycle)'
    : `linear kernel, n ${n} x k ${k} x ${pixels} pixel(s), golden model (1 instruction = 1 cycle)`);
  console.log(formatTable(rows));
  await mkdir(CACHE_DIR, { recursive: true });
  await writeFile(join(CACHE_DIR, `measure-${name}.json`), JSON.stringify(rows, null, 1));
}

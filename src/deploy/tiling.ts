/**
 * Per-layer L1 tiling: every layer runs as a sequence of tiles whose operands the DMA moves between L2 and
 * the TCDM, double-buffered (tile t computes while tile t − 1's output goes out and tile t + 1's input band
 * and weights come in). A tile is a band of output rows × a block of output channels:
 *
 * - rows: any band height `rows` (1..oh; the last band may be shorter); the input band is the rows the
 *   band's windows read (the halo included), clipped to the image; padding rows stay padding (the tile's
 *   descriptor gets its own top padding). Bands need whole-word output rows (`ow · cout · bytes % 4 = 0`);
 *   input bands start at the word below their first byte (the kernel's pointer skips the extra bytes).
 * - channels (convolution and fully connected, `cout % 4 = 0`): a multiple of 4 (the kernels' 4-channel
 *   blocks, the interleaved weight layout's blocks), written by a 2D DMA (tile rows of `channels` bytes into
 *   rows of `cout`). Channel tiles are the outer loop: one weight tile per channel block, the input bands
 *   read again for each.
 *
 * The shape is chosen by an exhaustive search over all (rows, channels) pairs (≤ oh · cout / 4 candidates)
 * that fit the budget, minimising the cost model below; a layer none of whose shapes fits is an error giving
 * the smallest TCDM that would hold its smallest tile.
 */
import { UserError } from '../util/errors.ts';
import type { Config } from '../isa/index.ts';
import type { DevAdd, DeviceNet, DevLayer } from './lower.ts';
import { pixelUnit, usesQuad } from './packed.ts';

/** One DMA transfer: `rows` rows of `bytes` (a multiple of 4), `srcStride` / `dstStride` apart. */
export interface Xfer {
  /** L2 side: a tensor (arena / input) or the layer's constants blob */
  l2: { tensor: string; offset: number } | { blob: true; offset: number };
  /** TCDM offset inside the layer area */
  tcdm: number;
  toTcdm: boolean;
  bytes: number;
  rows: number;
  /** stride of the L2 side between rows (the TCDM side is dense) */
  l2Stride: number;
}

export interface InputBand {
  name: string;
  /** input rows [r0, r1) */
  r0: number;
  r1: number;
  /** byte offset of the first row's first byte inside the TCDM buffer (the transfer starts on the word below) */
  skew: number;
  /** TCDM offset of the buffer */
  at: number;
}

export interface Tile {
  /** output rows [oy0, oy1), channels [c0, c1) */
  oy0: number;
  oy1: number;
  c0: number;
  c1: number;
  inputs: InputBand[];
  /** top padding rows of the band (the layer's own minus the rows above the band) */
  pt: number;
  outAt: number;
  /** TCDM offset of the weight tile (convolutions) */
  wAt?: number;
  /** offset of this tile's channel block inside the layer's L2 constants blob */
  blobOffset?: number;
  /** transfers that must be done before the tile runs (issued while the previous one computes) */
  xin: Xfer[];
  /** transfers taking the tile's output back (issued while the next one computes) */
  xout: Xfer[];
}

export interface TileShape {
  rows: number;
  channels: number;
}

export interface LayerTiling {
  shape: TileShape;
  tiles: Tile[];
  /** TCDM bytes of the layer's buffers (from offset 0 of the shared layer area) */
  bytes: number;
  dmaBytes: number;
  /** the cost model's estimate (cycles) */
  cost: number;
  /** candidates evaluated, candidates that fit */
  searched: number;
  fitting: number;
  /** the smallest layer-area bytes any legal shape needs */
  minBytes: number;
}

const align4 = (n: number) => (n + 3) & ~3;
const align16 = (n: number) => (n + 15) & ~15;
const floor4 = (n: number) => n & ~3;

/** What the planner needs of a layer: vertical window, inputs' and output's row bytes, channel blocks, weights. */
export interface TileGeometry {
  oh: number;
  ow: number;
  cout: number;
  /** output element bytes (1, 1/2 or 1/4 packed, or 4 for raw accumulators) */
  eb: number;
  kh: number;
  sh: number;
  pt: number;
  inputs: { name: string; h: number; rowBytes: number; totalBytes: number }[];
  /** channel tiling allowed (convolution / fully connected with cout % 4 == 0) */
  channelTiles: boolean;
  /** weight-tile bytes for `c` channels (0: no weights) */
  weightBytes: (c: number) => number;
  /** per-core cycle estimate of one tile of `rows` × `channels` (see costModel) */
  computeCycles: (rows: number, channels: number, cores: number) => number;
}

/**
 * The cost model, in cycles of the 8-core cluster (constants from the RTL figures of docs/deploy.md):
 *
 *   cost = dma(in₀ + w₀) + Σₜ max(compute(t), dma(out_{t−1}) + dma(in_{t+1} + w_{t+1})) + dma(out_last)
 *   dma(b) = ⌈b / 4⌉ + DMA_SETUP per transfer      (one word per cycle, one transfer at a time)
 *   compute(t) = ⌈work units / cores⌉ · unit cycles + TILE_OVERHEAD
 *
 * The work unit is the kernel's split (convolution: a pixel pair; fully connected: a 4-channel block;
 * depthwise: an output row of 4 channels; pooling: a (pixel, channel); add / requant: 4 elements), so load imbalance across the
 * cores, the halo's and channel tiles' re-reads, the per-tile barrier and the unhidden first and last
 * transfers are all in the estimate.
 */
export const COST = {
  DMA_SETUP: 40,
  TILE_OVERHEAD: 150,
  /** MACs per cycle and core of the fused pipeline (4 × 2 blocks), by build */
  FAST_MACS: { baseline: 1.5, xpulpnn: 2.4, flexv: 2.4 } as Record<Config, number>,
  /** generic 4 × 2 sdotp blocks */
  GENERIC_MACS: 1.3,
  /** im2col: cycles per copied byte (word copies) and per pixel */
  COL_BYTE: 0.6,
  COL_PIXEL: 40,
  /** requantization per output element: fused pipeline, generic */
  RQ_FAST: 2,
  RQ_GENERIC: 12,
  /** depthwise (depthwise.c): per packed tap word gathered, per dot-product word, per output */
  DW_GATHER: 8,
  DW_WORD: 2,
  DW_OUT: 8,
  POOL_TAP: 4,
  ELEMENT: 24,
  ELEMENT_LUT: 8,
};

/** An add's tables in the TCDM: ta, tb (256 bytes each), to. */
export const lutBytes = (lut: NonNullable<DevAdd['lut']>) => 512 + lut.to.length;

export function dmaCycles(x: Xfer[]): number {
  return x.reduce((s, t) => s + Math.ceil((t.bytes * t.rows) / 4) + COST.DMA_SETUP, 0);
}

function bandRows(g: TileGeometry, oy0: number, oy1: number, h: number): [number, number] {
  if (g.kh === 0) return [0, h];
  return [Math.max(0, oy0 * g.sh - g.pt), Math.min(h, (oy1 - 1) * g.sh - g.pt + g.kh)];
}

/** The tiles of one shape with their buffers laid out, or undefined when the shape is not legal. */
export function layTiles(g: TileGeometry, shape: TileShape): { tiles: Tile[]; bytes: number; dmaBytes: number } | undefined {
  const { rows, channels } = shape;
  const bands = Math.ceil(g.oh / rows), cts = Math.ceil(g.cout / channels);
  // channel blocks: whole 4-channel blocks, and (packed outputs) whole words per pixel of the block
  if (channels !== g.cout && (!g.channelTiles || channels % 4 || (channels * g.eb) % 4)) return undefined;
  if (bands > 1 && (g.ow * g.cout * g.eb) % 4) return undefined;
  const ob = (elems: number) => Math.ceil(elems * g.eb);
  // buffers: inputs (2 when the bands change from tile to tile), outputs (2 when several tiles), weights (2 when several channel tiles)
  const nIn = bands > 1 ? 2 : 1, nOut = bands * cts > 1 ? 2 : 1, nW = cts > 1 ? 2 : 1;
  let off = 0;
  const inAt = g.inputs.map((inp) => {
    let most = 0;
    for (let b = 0; b < bands; b++) {
      const [r0, r1] = bandRows(g, b * rows, Math.min(g.oh, (b + 1) * rows), inp.h);
      most = Math.max(most, align4(r1 * inp.rowBytes) - floor4(r0 * inp.rowBytes));
    }
    const at = Array.from({ length: nIn }, () => {
      const a = off;
      off += align16(most);
      return a;
    });
    return at;
  });
  const outBytes = align4(ob(rows * g.ow * channels));
  const outAt = Array.from({ length: nOut }, () => {
    const a = off;
    off += align16(outBytes);
    return a;
  });
  const wBytes = g.weightBytes(channels);
  const wAt = wBytes ? Array.from({ length: nW }, () => {
    const a = off;
    off += align16(wBytes);
    return a;
  }) : [];
  const tiles: Tile[] = [];
  let blobOffset = 0, dmaBytes = 0;
  for (let j = 0; j < cts; j++) {
    const c0 = j * channels, c1 = Math.min(g.cout, c0 + channels);
    const wb = g.weightBytes(c1 - c0);
    for (let b = 0; b < bands; b++) {
      const t = tiles.length;
      const oy0 = b * rows, oy1 = Math.min(g.oh, oy0 + rows);
      const xin: Xfer[] = [];
      const inputs = g.inputs.map((inp, i): InputBand => {
        const [r0, r1] = bandRows(g, oy0, oy1, inp.h);
        const lo = floor4(r0 * inp.rowBytes), hi = Math.min(align4(r1 * inp.rowBytes), align4(inp.totalBytes));
        const at = inAt[i]![t % nIn]!;
        if (nIn === 2 || t === 0) xin.push({ l2: { tensor: inp.name, offset: lo }, tcdm: at, toTcdm: true, bytes: hi - lo, rows: 1, l2Stride: 0 });
        return { name: inp.name, r0, r1, skew: r0 * inp.rowBytes - lo, at };
      });
      let wAtT: number | undefined;
      if (wb) {
        wAtT = wAt[j % nW]!;
        if (b === 0) xin.push({ l2: { blob: true, offset: blobOffset }, tcdm: wAtT, toTcdm: true, bytes: align4(wb), rows: 1, l2Stride: 0 });
      }
      const at = outAt[t % nOut]!;
      const pixels = (oy1 - oy0) * g.ow;
      const xout: Xfer[] =
        c1 - c0 === g.cout
          ? [{ l2: { tensor: '', offset: ob(oy0 * g.ow * g.cout) }, tcdm: at, toTcdm: false, bytes: align4(ob(pixels * g.cout)), rows: 1, l2Stride: 0 }]
          : [{ l2: { tensor: '', offset: ob(oy0 * g.ow * g.cout + c0) }, tcdm: at, toTcdm: false, bytes: ob(c1 - c0), rows: pixels, l2Stride: ob(g.cout) }];
      const pt = g.kh === 0 ? 0 : inputs.length ? inputs[0]!.r0 - (oy0 * g.sh - g.pt) : 0;
      for (const x of [...xin, ...xout]) dmaBytes += x.bytes * x.rows;
      tiles.push({ oy0, oy1, c0, c1, inputs, pt, outAt: at, wAt: wAtT, blobOffset: wb ? blobOffset : undefined, xin, xout });
    }
    blobOffset += align4(wb);
  }
  return { tiles, bytes: off, dmaBytes };
}

/** The model's cycles of a laid-out shape (see COST). */
export function tilingCost(g: TileGeometry, tiles: Tile[], cores: number): number {
  let cost = dmaCycles(tiles[0]!.xin);
  tiles.forEach((t, i) => {
    const compute = g.computeCycles(t.oy1 - t.oy0, t.c1 - t.c0, cores) + COST.TILE_OVERHEAD;
    const dma = (i > 0 ? dmaCycles(tiles[i - 1]!.xout) : 0) + (i + 1 < tiles.length ? dmaCycles(tiles[i + 1]!.xin) : 0);
    cost += Math.max(compute, dma);
  });
  return cost + dmaCycles(tiles[tiles.length - 1]!.xout);
}

/**
 * The exhaustive search: every band height 1..oh × every channel block (multiples of 4 up to cout, or cout)
 * that is legal and fits `budget`; the cheapest by the cost model, ties to fewer tiles.
 */
export function searchTiling(g: TileGeometry, budget: number, cores: number): LayerTiling | { minBytes: number } {
  const chans = g.channelTiles ? Array.from({ length: g.cout / 4 }, (_, i) => 4 * (i + 1)) : [g.cout];
  let best: LayerTiling | undefined;
  let minBytes = Infinity, searched = 0, fitting = 0;
  for (const channels of chans) {
    for (let rows = 1; rows <= g.oh; rows++) {
      // of the band heights giving the same number of bands, the smallest (the most even split) only
      if (rows > 1 && Math.ceil(g.oh / (rows - 1)) === Math.ceil(g.oh / rows)) continue;
      const lay = layTiles(g, { rows, channels });
      searched++;
      if (!lay) continue;
      minBytes = Math.min(minBytes, lay.bytes);
      if (lay.bytes > budget) continue;
      fitting++;
      const cost = tilingCost(g, lay.tiles, cores);
      if (!best || cost < best.cost || (cost === best.cost && lay.tiles.length < best.tiles.length)) {
        best = { shape: { rows, channels }, tiles: lay.tiles, bytes: lay.bytes, dmaBytes: lay.dmaBytes, cost, searched: 0, fitting: 0, minBytes: 0 };
      }
    }
  }
  if (!best) return { minBytes };
  return { ...best, searched, fitting, minBytes };
}

/**
 * Every layer's tiling under `budget` bytes of layer area; layers that cannot fit are an error naming them
 * and the smallest TCDM (`fixed` + the largest smallest tile) with which the whole network fits.
 */
export function planTiling(dev: DeviceNet, config: Config, cores: number, useFast: boolean, budget: number, fixed: number): Map<number, LayerTiling> {
  const out = new Map<number, LayerTiling>();
  const failed: { l: DevLayer; minBytes: number }[] = [];
  for (const l of dev.layers) {
    const r = searchTiling(tileGeometry(dev, l, config, l.kind === 'conv' && !!(l.fast || l.packed) && useFast), budget, cores);
    if ('tiles' in r) out.set(l.index, r);
    else failed.push({ l, minBytes: r.minBytes });
  }
  if (failed.length) {
    const names = failed.map((f) => `layer ${f.l.index} (${f.l.layer.op} '${f.l.layer.nodes[0] ?? f.l.output}': smallest tile ${f.minBytes} bytes)`).join(', ');
    const worst = Math.max(...[...out.values()].map((t) => t.minBytes), ...failed.map((f) => f.minBytes));
    throw new UserError(
      `${failed.length} layer(s) do not fit the TCDM: ${names}; ${budget} bytes are left for tiles after the fixed part (${fixed} bytes: im2col rows, scratch, stacks); the smallest TCDM that fits the network is ${fixed + worst}`,
      '--tcdm',
    );
  }
  return out;
}

/** The planner's view of a lowered layer. `fast`: the layer runs on the fused pipeline. */
export function tileGeometry(dev: DeviceNet, l: DevLayer, config: Config, fast: boolean): TileGeometry {
  const out = dev.tensors.get(l.output)!;
  const eb = out.bits / 8;
  const inputs = [...new Set(l.input)].map((name) => {
    const t = dev.tensors.get(name)!;
    return { name, h: t.h, rowBytes: (t.w * t.c * t.bits) / 8, totalBytes: t.bytes };
  });
  const pairs = (rows: number, cores: number, ow: number, unit: number) => Math.ceil(Math.ceil((rows * ow) / unit) / cores);
  switch (l.kind) {
    case 'conv': {
      const g = l.geometry;
      const gemm = l.layer.op === 'gemm';
      // fully connected: the input is one row of all its bytes
      const ins = gemm ? inputs.map((i) => ({ ...i, h: 1, rowBytes: i.totalBytes })) : inputs;
      const p = l.packed;
      // packed formats: the SIMD builds' lanes narrow with the wider operand (an estimate: it ranks shapes)
      const rate = p ? COST.FAST_MACS[config] * (config === 'baseline' ? 1 : 8 / Math.max(p.a, p.w)) : fast ? COST.FAST_MACS[config] : COST.GENERIC_MACS;
      const kpad = p ? p.kpad : l.kpad;
      const inPlace = p ? p.mode === 'direct' : g.kh === 1 && g.kw === 1 && g.pt === 0 && g.pl === 0 && g.cin === l.kpad;
      const col = inPlace ? 0 : ((kpad * (p ? p.a : 8)) / 8) * COST.COL_BYTE + COST.COL_PIXEL;
      const rq = fast ? COST.RQ_FAST : COST.RQ_GENERIC;
      const wRow = p ? (p.kpad * p.w) / 32 : l.kpad / 4;
      // pixels per work unit: flexv's 4 × 4 block on packed layers when every core gets one
      const unit = (rows: number, cores: number) => (p ? pixelUnit(usesQuad(p, config), rows * g.ow, cores) : 2);
      return {
        oh: g.oh, ow: g.ow, cout: g.cout, eb, kh: gemm ? 0 : g.kh, sh: g.sh, pt: g.pt, inputs: ins,
        channelTiles: g.cout % 4 === 0,
        weightBytes: (c) => (fast ? 4 * (c * wRow + 4) + 8 * c : c * l.kpad),
        computeCycles: (rows, c, cores) =>
          gemm
            ? Math.ceil(c / 4 / cores) * (4 * (kpad / rate + rq)) + col
            : pairs(rows, cores, g.ow, unit(rows, cores)) * (unit(rows, cores) * (c * kpad / rate + col + c * rq)),
      };
    }
    case 'depthwise': {
      const g = l.geometry;
      return {
        oh: g.oh, ow: g.ow, cout: g.cout, eb, kh: g.kh, sh: g.sh, pt: g.pt, inputs, channelTiles: false,
        weightBytes: () => align4(l.weights.length),
        // work items (output row, 4-channel group): the packed tap columns, then per output kw · ⌈kh/4⌉ dot products
        computeCycles: (rows, c, cores) => {
          const kwords = Math.ceil(g.kh / 4), ncols = (g.ow - 1) * g.sw + g.kw;
          return Math.ceil((rows * Math.ceil(c / 4)) / cores) * 4 * (ncols * kwords * COST.DW_GATHER + g.ow * (g.kw * kwords * COST.DW_WORD + COST.DW_OUT));
        },
      };
    }
    case 'pool': {
      const g = l.geometry;
      return {
        oh: g.oh, ow: g.ow, cout: g.c, eb, kh: g.kh, sh: g.sh, pt: g.pt, inputs, channelTiles: false, weightBytes: () => 0,
        computeCycles: (rows, c, cores) => Math.ceil((rows * g.ow * c) / cores) * (g.kh * g.kw * COST.POOL_TAP + COST.RQ_GENERIC),
      };
    }
    case 'add':
    case 'requant': {
      const lut = l.kind === 'add' ? l.lut : undefined;
      return {
        oh: out.h, ow: out.w, cout: out.c, eb, kh: 1, sh: 1, pt: 0, inputs, channelTiles: false, weightBytes: () => (lut ? lutBytes(lut) : 0),
        computeCycles: (rows, c, cores) => Math.ceil((rows * out.w * c) / 4 / cores) * 4 * (lut ? COST.ELEMENT_LUT : COST.ELEMENT),
      };
    }
  }
}

import { PAD_WORDS, SENTINEL } from '../c-data.ts';
import type { Build } from '../formats.ts';
import { packedInputs, REQUANT_SHIFT } from '../layer.ts';
import { UserError } from '../../util/errors.ts';
import { outputSize } from '../ref/conv.ts';
import { pack } from '../ref/pack.ts';
import type { ClusterKind, ClusterLayer } from './layer.ts';
import { clusterWeightWords } from './weight-layout.ts';
import { paddedInputWords, paddedRowWords, pixelsPerCall } from './block.ts';
import { depthwisePlan, depthwiseWeightWords, type DepthwisePlan } from './depthwise-plan.ts';

/**
 * The generated data translation unit of a cluster kernel ELF: the tensors (in the TCDM, section .l1, for the
 * compute-only variant; in L2 with DMA), the TCDM buffers sized for this layer and core count, the output
 * tensor in L2 pre-filled with a sentinel, the stacks, and `layer` (struct cluster_layer, sw/cluster/layer.h).
 */
export const KIND_CODE: Record<ClusterKind, number> = { conv: 0, pointwise: 1, fc: 2, depthwise: 3 };
/** Stack words per core (TCDM); the kernels' deepest call chain needs a few hundred bytes. */
export const STACK_WORDS = 256;

const hex = (v: number) => `0x${(v >>> 0).toString(16)}u`;

function array(decl: string, attr: string, values: ArrayLike<number>): string {
  const items: string[] = [];
  for (let i = 0; i < values.length; i++) items.push(hex(values[i]));
  const lines: string[] = [];
  for (let i = 0; i < items.length; i += 8) lines.push(`  ${items.slice(i, i + 8).join(', ')},`);
  return `${decl} ${attr} = {\n${lines.join('\n')}\n};\n`;
}

const padded = (w: Uint32Array) => {
  const out = new Uint32Array(w.length + PAD_WORDS);
  out.set(w);
  return out;
};

/** FNV-1a over 32-bit words, as sw/cluster/main.c computes it. */
export function checksumWords(words: ArrayLike<number>): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i], 0x01000193) >>> 0;
  return h >>> 0;
}

/** The reference output tensor as the kernel packs it. */
export const expectedOutputWords = (c: ClusterLayer) => pack(c.layer.out, c.layer.outBits);

export interface BufferSizes {
  col: number;
  scratch: number;
  acc: number;
  resident: number;
  inTile: number;
  outTile: number;
}

/** Input rows band of the largest DMA tile of a convolution-like layer, in words. */
function largestBand(c: ClusterLayer): number {
  const l = c.layer, g = l.conv!;
  const { oh } = outputSize(g);
  let band = 0;
  for (let oy0 = 0; oy0 < oh; oy0 += c.tile) {
    const oy1 = Math.min(oh, oy0 + c.tile);
    const lo = Math.max(0, oy0 * g.stride - g.pad), hi = Math.min(g.height, (oy1 - 1) * g.stride - g.pad + g.kh);
    band = Math.max(band, Math.max(0, hi - lo) * g.width * ((g.cin * l.a) / 32));
  }
  return band;
}

/** Depthwise: per-core column stream, resident weights (DMA) in the plan's layout, row tiles. */
function depthwiseSizes(c: ClusterLayer, plan: DepthwisePlan): BufferSizes {
  const l = c.layer, { oh, ow } = outputSize(l.conv!);
  const outWords = (elems: number) => (elems * l.outBits) / 32;
  const base = { col: plan.colWords, scratch: 0, acc: 0 };
  if (!c.dma) return { ...base, resident: 0, inTile: 0, outTile: 0 };
  return { ...base, resident: l.n * plan.channelWords, inTile: largestBand(c) + PAD_WORDS, outTile: outWords(Math.min(oh, c.tile) * ow * l.n) };
}

/**
 * Per-core buffer size rounded up to 2 (mod 32) words, so that the cores' buffers start on different TCDM
 * bank phases (16 banks for 8 cores: a stride of 40 words put cores 0, 2, 4, 6 on the same banks; conv3x3
 * a2w2 flexv x8: 27.3 k -> 22.5 k conflicts, 68.5 k -> 67.3 k cycles, measured by K).
 */
const skewedWords = (words: number) => words + ((2 - (words % 32) + 32) % 32);

/** Words of every TCDM buffer (per core for col, scratch, acc; per buffer for the tiles). */
export function bufferSizes(c: ClusterLayer, build: Build): BufferSizes {
  const l = c.layer;
  if (c.kind === 'depthwise') return depthwiseSizes(c, depthwisePlan(build, l.a, l.w, l.conv!, c.lanes));
  const rowWords = (l.k * l.a) / 32, wRow = (l.k * l.w) / 32;
  const outWords = (elems: number) => (elems * l.outBits) / 32;
  const col = c.kind === 'conv' ? skewedWords(pixelsPerCall(build, l.a, l.w) * rowWords + PAD_WORDS) : 0;
  const scratch = (2 * l.k) / 4 + PAD_WORDS;
  const acc = 0; // the fused pipeline (layer_run.c) requantizes from registers: no accumulator buffer
  if (!c.dma) return { col, scratch, acc, resident: 0, inTile: 0, outTile: 0 };
  if (c.kind === 'fc') return { col, scratch, acc, resident: rowWords + PAD_WORDS, inTile: c.tile * wRow + PAD_WORDS, outTile: outWords(l.n) };
  const { oh, ow } = outputSize(l.conv!);
  return { col, scratch, acc, resident: l.n * wRow + PAD_WORDS, inTile: largestBand(c) + PAD_WORDS, outTile: outWords(Math.min(oh, c.tile) * ow * l.n) };
}

/** The weight words of a layer as its kernel in `build` reads them. */
function kernelWeightWords(c: ClusterLayer, build: Build, plain: Uint32Array): Uint32Array {
  if (c.kind !== 'depthwise') return clusterWeightWords(c, plain);
  return depthwiseWeightWords(depthwisePlan(build, c.layer.a, c.layer.w, c.layer.conv!, c.lanes), c.layer.weights, c.layer.conv!);
}

/** Depthwise plan fields of struct cluster_layer (zero for the other kinds). */
function depthwiseFields(c: ClusterLayer, build: Build): string {
  const p = c.kind === 'depthwise' ? depthwisePlan(build, c.layer.a, c.layer.w, c.layer.conv!, c.lanes) : undefined;
  const passes = (p?.passes ?? []).map((q) => `{ ${q.dots}, ${q.grp}, ${q.count}, ${q.weights} }`);
  return `.dw_step = ${p?.step ?? 0}, .dw_adv = ${p?.adv ?? 0}, .dw_phase_words = ${p?.phaseWords ?? 0}, .dw_channel_words = ${p?.channelWords ?? 0}, .dw_npasses = ${passes.length},
  .dw_pass = { ${passes.join(', ')} },`;
}

export function clusterDataSource(c: ClusterLayer, build: Build): string {
  const l = c.layer;
  // The kernels requantize with the shift as an immediate (gcc's RQ_SHIFT, build.ts).
  if (l.requant.shift !== REQUANT_SHIFT) throw new UserError(`cluster layer: requantization shift ${l.requant.shift}, the cluster kernels are built for ${REQUANT_SHIFT}`, 'layer.requant.shift');
  const { x, weights: plain } = packedInputs(l);
  const weights = kernelWeightWords(c, build, plain);
  const yWords = (l.pixels * l.n * l.outBits) / 32;
  const b = bufferSizes(c, build);
  const T = c.dma ? 'L2' : 'L1';
  const g = l.conv ?? { height: 0, width: 0, cin: 0, cout: 0, kh: 0, kw: 0, stride: 0, pad: 0 };
  const cores = c.maxCores;
  const xpadWords = paddedInputWords(c, build);
  const buf = (name: string, words: number) => `static uint32_t ${name}[${Math.max(1, words)}] L1_BSS;`;
  return `/* GENERATED by src/kernels/cluster/c-data.ts: ${c.kind} ${build} a${l.a} w${l.w} out${l.outBits}, n ${l.n}, k ${l.k}, pixels ${l.pixels}, ${c.dma ? 'DMA' : 'compute-only'}, ${cores} cores. */
#include "layer.h"
#define L1 __attribute__((section(".l1"), aligned(16)))
#define L1_BSS __attribute__((section(".l1_bss"), aligned(16)))
#define L2 __attribute__((aligned(16)))

${array('static uint32_t x_data[]', T, padded(x))}
${array('static uint32_t w_data[]', T, padded(weights))}
${array('static uint32_t kappa_data[]', T, l.requant.kappa)}
${array('static uint32_t lambda_data[]', T, l.requant.lambda)}
${array('uint32_t y_result[]', 'L2', new Uint32Array(yWords).fill(SENTINEL))}
${c.dma ? buf('y_l1', 0) : array('static uint32_t y_l1[]', 'L1', new Uint32Array(yWords).fill(SENTINEL))}
${buf('col', cores * b.col)}
${buf('scratch', cores * b.scratch)}
${buf('acc', cores * b.acc)}
${xpadWords ? buf('xpad', xpadWords + PAD_WORDS) : ''}
${buf('resident', b.resident)}
${buf('kappa_l1', c.dma ? l.n : 0)}
${buf('lambda_l1', c.dma ? l.n : 0)}
${buf('ibuf0', b.inTile)}
${buf('ibuf1', b.inTile)}
${buf('obuf0', b.outTile)}
${buf('obuf1', b.outTile)}
uint32_t cluster_stacks[${cores * STACK_WORDS}] L1_BSS;
const uint32_t cluster_stack_bytes = ${STACK_WORDS * 4};
volatile uint32_t perf_instr[${cores}];
volatile uint32_t perf_cycles;

const struct cluster_layer layer = {
  .kind = ${KIND_CODE[c.kind]}, .dma = ${c.dma ? 1 : 0}, .max_cores = ${cores},
  .n = ${l.n}, .k = ${l.k}, .pixels = ${l.pixels}, .shift = ${l.requant.shift},
  .g = { ${g.height}, ${g.width}, ${g.cin}, ${g.cout}, ${g.kh}, ${g.kw}, ${g.stride}, ${g.pad} },
  .tile = ${c.tile},
  .x = x_data, .w = w_data, .kappa = (const int32_t *)kappa_data, .lambda = (const int32_t *)lambda_data,
  .y = y_result, .y_l1 = y_l1, .y_words = ${yWords},
  .col = col, .scratch = scratch, .acc = (int32_t *)acc,
  .col_words = ${b.col}, .scratch_words = ${b.scratch}, .acc_words = ${b.acc},
  .xpad = ${xpadWords ? 'xpad' : '0'}, .xpad_row = ${xpadWords ? paddedRowWords(c) : 0},
  .resident_l1 = resident, .ibuf = { ibuf0, ibuf1 }, .obuf = { obuf0, obuf1 },
  .kappa_l1 = (int32_t *)kappa_l1, .lambda_l1 = (int32_t *)lambda_l1,
  .checksum = ${hex(checksumWords(expectedOutputWords(c)))},
  ${depthwiseFields(c, build)}
};
`;
}

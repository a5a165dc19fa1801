/**
 * C code generation: one translation unit per layer (its constants and its kernel descriptor, deploy.h) and
 * the network unit (input, L2 arena, dump slots, TCDM scratch and stacks, the layer table the driver
 * sw/deploy/network.c runs). Output is deterministic: the same network and options give the same text.
 */
import type { Config } from '../isa/index.ts';
import type { DeviceNet, DeviceRequant, DevConv, DevLayer } from './lower.ts';
import { type Formats, PACKED_MODE, usesQuad, variantSymbol, weightRowWords } from './packed.ts';
import type { MemoryPlan } from './plan.ts';
import type { LayerTiling, Xfer } from './tiling.ts';

export interface GeneratedProgram {
  /** file name → C text */
  files: Map<string, string>;
  colBytes: number;
  stackBytes: number;
  /** TCDM bytes the program's .l1_bss takes (scratch + stacks) */
  tcdmBytes: number;
  /** the format triples of the packed layers: build.ts compiles the build's pipeline once for each */
  variants: Formats[];
}

const STACK_BYTES = 1024;

function list(values: ArrayLike<number | bigint>, suffix = ''): string {
  const out: string[] = [];
  for (let i = 0; i < values.length; i += 16) {
    out.push('  ' + Array.from({ length: Math.min(16, values.length - i) }, (_, j) => `${values[i + j]}${suffix}`).join(', '));
  }
  return out.join(',\n');
}

/** An int64 literal (INT64_MIN-safe). */
const i64 = (v: bigint) => (v === -(2n ** 63n) ? '(-9223372036854775807LL - 1)' : `${v}LL`);

function requantDecl(prefix: string, r: DeviceRequant): { decls: string } {
  return { decls: `static const int32_t ${prefix}_mul[] = {\n${list(r.mul)}\n};\nstatic const int64_t ${prefix}_add[] = {\n${r.add.map(i64).join(', ')}\n};\n` };
}

const RUN: Record<DevLayer['kind'], [string, string]> = {
  conv: ['dp_conv_run', 'dp_conv'],
  depthwise: ['dp_depthwise_run', 'dp_conv'],
  pool: ['dp_pool_run', 'dp_pool'],
  add: ['dp_add_run', 'dp_add'],
  requant: ['dp_requant_run', 'dp_requant_layer'],
};

/** The C function and descriptor struct of a lowered layer. */
function runOf(l: DevLayer, useFast: boolean): [string, string] {
  if (l.kind === 'conv' && l.packed && useFast) return ['dp_pconv_run', 'dp_pconv'];
  if (l.kind === 'add' && l.packed) return ['dp_padd_run', 'dp_padd'];
  return RUN[l.kind];
}

/** The C initializer of a requantization whose per-channel tables start at channel `c0`. */
function requantInit(prefix: string, r: DeviceRequant, c0 = 0): string {
  const o = r.perChannel && c0 ? ` + ${c0}` : '';
  return `{ ${prefix}_mul${o}, ${prefix}_add${o}, ${r.shift}, ${r.lo}, ${r.hi}, ${r.perChannel ? 1 : 0}, ${r.wide ? 1 : 0} }`;
}

/**
 * The fast / packed path's constants blob: per channel tile, [weights (interleaved words, rw per channel) |
 * 4 zero words | kappa | lambda].
 */
function fastBlob(f: { weights: Uint32Array; kappa: number[]; lambda: number[] }, rw: number, tiling: LayerTiling): Uint32Array {
  const words: number[] = [];
  for (const t of tiling.tiles) {
    if (t.oy0 !== 0 || t.blobOffset === undefined) continue;
    if (4 * words.length !== t.blobOffset) throw new Error(`internal: blob offset ${t.blobOffset} != ${4 * words.length}`);
    for (let i = t.c0 * rw; i < t.c1 * rw; i++) words.push(f.weights[i]!);
    words.push(0, 0, 0, 0);
    for (let c = t.c0; c < t.c1; c++) words.push(f.kappa[c]! >>> 0);
    for (let c = t.c0; c < t.c1; c++) words.push(f.lambda[c]! >>> 0);
  }
  return Uint32Array.from(words);
}


/**
 * `useFast`: layers the build's fused pipeline computes exactly run on it (lower.ts fastPath); else all run
 * on the generic kernels. `tilings`: every layer's tiles (tiling.ts), laid out in the shared layer area dp_l1.
 */
export function generateProgram(dev: DeviceNet, plan: MemoryPlan, input: Uint8Array, maxCores: number, useFast: boolean, tilings: Map<number, LayerTiling>, config: Config): GeneratedProgram {
  const files = new Map<string, string>();
  const variants = new Map<string, Formats>();
  const l2addr = (name: string) => (name === dev.net.input.name ? '(uint8_t *)dp_input' : `(dp_arena + ${plan.placements.get(name)!.offset})`);
  const l1 = (off: number) => `(dp_l1 + ${off})`;
  // im2col rows: convolutions that do not read their input in place (1 x 1, unpadded, whole-word pixels)
  const colBytes = Math.max(colBytesPerCore(dev), packedColBytes(dev));
  const id = (l: DevLayer) => String(l.index).padStart(3, '0');
  // linear_requant_pixels' scratch: two activation rows (used by the builds that prepare activations)
  const scratchWords = scratchWordsOf(dev, useFast);
  for (const l of dev.layers) {
    const n = id(l);
    const tiling = tilings.get(l.index)!;
    const t = dev.tensors.get(l.output)!;
    let body = `/* layer ${l.index}: ${l.layer.op} '${l.layer.nodes.join(' + ')}' -> '${l.output}' (generated): ${tiling.tiles.length} tile(s) of ${tiling.shape.rows} row(s) x ${tiling.shape.channels} channel(s) */\n#include "deploy.h"\n#include "packed.h"\n\nextern uint8_t dp_arena[];\nextern const uint8_t dp_input[];\nextern uint8_t dp_col[];\nextern uint32_t dp_scratch[];\nextern uint8_t dp_l1[];\n\n`;
    let blob = '0';
    const struct = runOf(l, useFast)[1];
    const descs: string[] = [];
    if (l.kind === 'conv' && l.packed && useFast) {
      const p = l.packed, g = l.geometry, rw = weightRowWords(p);
      const pix = variantSymbol(p, 'pixels'), quad = usesQuad(p, config) ? variantSymbol(p, 'quad') : undefined;
      variants.set(`${p.a}/${p.w}/${p.out}`, { a: p.a, w: p.w, out: p.out });
      // declared with packed.h's function types: the signature lives there only
      body += `dp_rq_pixels_t ${pix};\n${quad ? `dp_rq_quad_t ${quad};\n` : ''}`;
      body += `/* a${p.a} w${p.w} -> ${p.out} bits, ${p.mode}, k = ${p.kpad} */\nstatic const uint32_t blob[] __attribute__((aligned(4))) = {\n${list(fastBlob(p, rw, tiling), 'u')}\n};\n`;
      blob = '(const uint8_t *)blob';
      const gemm = l.layer.op === 'gemm';
      for (const tile of tiling.tiles) {
        const c = tile.c1 - tile.c0, band = tile.inputs[0]!, ka = tile.wAt! + 4 * (c * rw + 4);
        const h = gemm ? 1 : band.r1 - band.r0;
        descs.push(`  { ${l1(band.at + band.skew)}, ${l1(tile.outAt)}, ${h}, ${g.w}, ${g.cin}, ${tile.oy1 - tile.oy0}, ${g.ow}, ${c}, ${g.kh}, ${g.kw}, ${g.sh}, ${g.sw}, ${gemm ? 0 : tile.pt}, ${g.pl},\n    ${p.a}, ${p.w}, ${p.out}, ${g.zpIn}, ${p.kpad}, ${PACKED_MODE[p.mode]}, (const uint32_t *)${l1(tile.wAt!)}, (const int32_t *)${l1(ka)}, (const int32_t *)${l1(ka + 4 * c)}, ${p.shift},\n    dp_col, ${colBytes}, dp_scratch, ${scratchWords}, ${pix}, ${quad ?? '0'} }`);
      }
    } else if (l.kind === 'conv' || l.kind === 'depthwise') {
      const g = l.geometry;
      const fastHere = l.kind === 'conv' && !!(l.fast && useFast);
      const padded = new Int8Array((l.weights.length + 3) & ~3);
      padded.set(l.weights);
      if (fastHere) {
        body += `static const uint32_t blob[] __attribute__((aligned(4))) = {\n${list(fastBlob(l.fast!, l.kpad / 4, tiling), 'u')}\n};\n`;
      } else {
        body += `static const int8_t blob[] __attribute__((aligned(4))) = {\n${list(padded)}\n};\n`;
      }
      blob = '(const uint8_t *)blob';
      body += `static const int32_t bias[] = {\n${list(l.bias)}\n};\n`;
      if (l.rq) body += requantDecl('rq', l.rq).decls;
      const gemm = l.layer.op === 'gemm';
      for (const tile of tiling.tiles) {
        const c = tile.c1 - tile.c0, band = tile.inputs[0]!;
        const rq = l.rq ? requantInit('rq', l.rq, tile.c0) : '{ 0, 0, 0, 0, 0, 0, 0 }';
        let fast = '0, 0, 0, 0, 0', wt = '0';
        if (fastHere) {
          const rw = l.kpad / 4, ka = tile.wAt! + 4 * (c * rw + 4);
          fast = `(const uint32_t *)${l1(tile.wAt!)}, (const int32_t *)${l1(ka)}, (const int32_t *)${l1(ka + 4 * c)}, dp_scratch, ${scratchWords}`;
        } else wt = `(const int8_t *)${l1(tile.wAt!)}`;
        const h = gemm ? 1 : band.r1 - band.r0;
        descs.push(`  { ${l1(band.at + band.skew)}, ${l1(tile.outAt)}, ${h}, ${g.w}, ${g.cin}, ${tile.oy1 - tile.oy0}, ${g.ow}, ${c}, ${g.kh}, ${g.kw}, ${g.sh}, ${g.sw}, ${gemm ? 0 : tile.pt}, ${g.pl},\n    ${g.zpIn}, ${wt}, ${l.kpad}, bias + ${tile.c0}, ${rq}, ${l.out32 ? 1 : 0}, dp_col, ${colBytes}, ${fast}, ${l.kind === 'conv' && l.cols ? 1 : 0} }`);
      }
    } else if (l.kind === 'pool') {
      const g = l.geometry;
      body += requantDecl('rq', l.rq).decls;
      for (const tile of tiling.tiles) {
        const band = tile.inputs[0]!;
        descs.push(`  { ${l1(band.at + band.skew)}, ${l1(tile.outAt)}, ${band.r1 - band.r0}, ${g.w}, ${g.c}, ${tile.oy1 - tile.oy0}, ${g.ow}, ${g.kh}, ${g.kw}, ${g.sh}, ${g.sw}, ${tile.pt}, ${g.pl}, ${l.isMax ? 1 : 0}, ${g.zpIn}, ${requantInit('rq', l.rq)} }`);
      }
    } else if (l.kind === 'add') {
      // the packed add reads its tables only
      if (!l.packed) body += requantDecl('pa', l.pre[0]).decls + requantDecl('pb', l.pre[1]).decls + requantDecl('rq', l.rq).decls;
      if (l.lut) {
        const bytes = new Uint8Array(512 + l.lut.to.length);
        bytes.set(l.lut.ta, 0);
        bytes.set(l.lut.tb, 256);
        bytes.set(l.lut.to, 512);
        body += `/* the add's tables: ta, tb, to */\nstatic const uint8_t blob[] __attribute__((aligned(4))) = {\n${list(bytes)}\n};\n`;
        blob = 'blob';
      }
      for (const tile of tiling.tiles) {
        const at = (name: string) => { const b = tile.inputs.find((i) => i.name === name)!; return l1(b.at + b.skew); };
        if (l.packed) {
          const q = l.packed;
          descs.push(`  { ${at(l.input[0]!)}, ${at(l.input[1]!)}, ${l1(tile.outAt)}, ${(tile.oy1 - tile.oy0) * t.w * t.c}, ${q.a}, ${q.b}, ${q.out}, ${l1(tile.wAt!)}, ${l1(tile.wAt! + 256)}, ${l1(tile.wAt! + 512)} }`);
          continue;
        }
        const lut = l.lut ? `${l1(tile.wAt!)}, ${l1(tile.wAt! + 256)}, ${l1(tile.wAt! + 512)}` : '0, 0, 0';
        descs.push(`  { ${at(l.input[0]!)}, ${at(l.input[1]!)}, ${l1(tile.outAt)}, ${(tile.oy1 - tile.oy0) * t.w}, ${t.c}, ${requantInit('pa', l.pre[0])}, ${requantInit('pb', l.pre[1])}, ${requantInit('rq', l.rq)}, ${lut} }`);
      }
    } else if (l.kind === 'requant') {
      body += requantDecl('rq', l.rq).decls;
      for (const tile of tiling.tiles) {
        const band = tile.inputs[0]!;
        descs.push(`  { ${l1(band.at + band.skew)}, ${l1(tile.outAt)}, ${(tile.oy1 - tile.oy0) * t.w}, ${t.c}, ${requantInit('rq', l.rq)} }`);
      }
    }
    body += `static const struct ${struct} desc[] = {\n${descs.join(',\n')},\n};\n`;
    const xfer = (x: Xfer) => {
      const l2 = 'blob' in x.l2 ? `(${blob} + ${x.l2.offset})` : `(${x.l2.tensor ? l2addr(x.l2.tensor) : l2addr(l.output)} + ${x.l2.offset})`;
      return x.toTcdm ? `{ ${l2}, ${l1(x.tcdm)}, ${x.bytes}, ${x.rows}, ${x.l2Stride}, ${x.bytes} }` : `{ ${l1(x.tcdm)}, ${l2}, ${x.bytes}, ${x.rows}, ${x.bytes}, ${x.l2Stride} }`;
    };
    const xin = tiling.tiles.map((tile) => tile.xin.map(xfer)).flat();
    const xout = tiling.tiles.map((tile) => tile.xout.map(xfer)).flat();
    body += `static const struct dp_xfer xin[] = {\n  ${xin.join(',\n  ')},\n};\nstatic const struct dp_xfer xout[] = {\n  ${xout.join(',\n  ')},\n};\n`;
    let i = 0, o = 0;
    const rows = tiling.tiles.map((tile, k) => {
      const r = `  { &desc[${k}], xin + ${i}, xout + ${o}, ${tile.xin.length}, ${tile.xout.length} }`;
      i += tile.xin.length;
      o += tile.xout.length;
      return r;
    });
    body += `const struct dp_tile dp_tiles_${n}[] = {\n${rows.join(',\n')},\n};\n`;
    files.set(`layer_${n}.c`, body);
  }
  const steps = dev.layers
    .map((l) => `  { (void (*)(const void *, int, int))${runOf(l, useFast)[0]}, dp_tiles_${id(l)}, ${tilings.get(l.index)!.tiles.length}, ${l2addr(l.output)}, dp_dump + ${plan.dump.get(l.output)}, ${dev.tensors.get(l.output)!.bytes} },`)
    .join('\n');
  const externs = dev.layers.map((l) => `extern const struct dp_tile dp_tiles_${id(l)}[];`).join('\n');
  const l1Bytes = Math.max(16, ...[...tilings.values()].map((s) => s.bytes));
  const inputWords = new Uint8Array(plan.inputBytes);
  inputWords.set(input);
  const tcdmBytes = fixedTcdmBytes(dev, maxCores, useFast) + l1Bytes;
  files.set(
    'network_data.c',
    `/* network '${dev.net.source}' (generated): input, L2 arena, dump slots, TCDM scratch, stacks, layer table */
#include "deploy.h"
#include "packed.h"
#define L1_BSS __attribute__((section(".l1_bss"), aligned(16)))

const uint8_t dp_input[${plan.inputBytes}] __attribute__((aligned(16))) = {
${list(inputWords)}
};
uint8_t dp_arena[${Math.max(4, plan.arenaBytes)}] __attribute__((aligned(16)));
uint8_t dp_dump[${Math.max(4, plan.dumpBytes)}] __attribute__((aligned(16)));
uint8_t dp_col[${maxCores * colBytes}] L1_BSS;
uint32_t dp_scratch[${maxCores * scratchWords}] L1_BSS;
uint8_t dp_l1[${l1Bytes}] L1_BSS;
uint32_t cluster_stacks[${(maxCores * STACK_BYTES) / 4}] L1_BSS;
const uint32_t cluster_stack_bytes = ${STACK_BYTES};

${externs}

const struct dp_step dp_steps[] = {
${steps}
};
const int32_t dp_nsteps = ${dev.layers.length};
const int32_t dp_max_cores = ${maxCores};
volatile uint32_t dp_cycles[${dev.layers.length}];
volatile uint32_t dp_instr[${dev.layers.length * maxCores}];
`,
  );
  return { files, colBytes, stackBytes: STACK_BYTES, tcdmBytes, variants: [...variants.values()] };
}

/** Words of every core's pipeline scratch: two activation rows prepared at up to 8 bits, plus slack. */
function scratchWordsOf(dev: DeviceNet, useFast: boolean): number {
  return dev.layers.reduce((m, l) => {
    if (l.kind !== 'conv' || !useFast) return m;
    if (l.packed) return Math.max(m, 2 * Math.ceil(l.packed.kpad / 4) + 8);
    return l.fast ? Math.max(m, 2 * (l.kpad / 4) + 8) : m;
  }, 8);
}

/** TCDM bytes every program needs whatever is staged: im2col rows, the fast path's scratch, stacks. */
export function fixedTcdmBytes(dev: DeviceNet, maxCores: number, useFast: boolean): number {
  const colBytes = Math.max(colBytesPerCore(dev), packedColBytes(dev));
  const scratchWords = scratchWordsOf(dev, useFast);
  return maxCores * (colBytes + 4 * scratchWords + STACK_BYTES) + 64;
}

/**
 * Per-core bytes of dp_col: two im2col rows (2 · kpad) for the convolutions that gather per pixel, a whole
 * output row's window columns (kh · cin · ((ow − 1) · sw + kw), plus a word the loop's prefetch reads) for
 * those with column buffers; 1 × 1 unpadded convolutions with whole-word pixels read their input in place;
 * depthwise layers: a row's packed tap columns for 4 channels.
 */
export function colBytesPerCore(dev: DeviceNet): number {
  const inPlace = (l: DevConv) => l.geometry.kh === 1 && l.geometry.kw === 1 && l.geometry.pt === 0 && l.geometry.pl === 0 && l.geometry.cin === l.kpad;
  return dev.layers.reduce((m, l) => {
    // depthwise (sw/deploy/depthwise.c): 4 channels x the row's columns x ceil(kh / 4) words
    if (l.kind === 'depthwise') return Math.max(m, 16 * Math.ceil(l.geometry.kh / 4) * ((l.geometry.ow - 1) * l.geometry.sw + l.geometry.kw));
    if (l.kind !== 'conv' || inPlace(l)) return m;
    const g = l.geometry;
    return Math.max(m, l.cols ? ((g.kh * g.cin * ((g.ow - 1) * g.sw + g.kw) + 8 + 15) & ~15) : 2 * l.kpad);
  }, 4);
}

/** Per-core bytes of dp_col the packed convolutions need: four im2col rows of kpad elements (the 4 × 4 block), or a row's window columns. */
function packedColBytes(dev: DeviceNet): number {
  return dev.layers.reduce((m, l) => {
    const p = l.kind === 'conv' ? l.packed : undefined;
    if (l.kind !== 'conv' || !p || p.mode === 'direct') return m;
    const g = l.geometry;
    const bytes = p.mode === 'cols' ? (g.kh * g.cin * p.a * ((g.ow - 1) * g.sw + g.kw)) / 8 : (4 * p.kpad * p.a) / 8;
    return Math.max(m, (bytes + 8 + 15) & ~15);
  }, 4);
}

import { encode, instructionById } from '../isa/index.ts';
import { MACLOAD_IMM, qnnMacLoadSign, statusBasedMacLoad } from '../isa/gen-header.ts';
import { ALL_INSTRUCTIONS } from '../isa/table.ts';
import { BITS, type Bits } from './formats.ts';

/**
 * The Mac&Load inner-loop schedules of the xpulpnn and flexv builds, as data: which accumulator, NN-RF
 * registers and pointer each instruction of one loop iteration (a "group") uses and which register it
 * reloads. `macload-body.h` is generated from these, with the encodings taken from the ISA table, and the
 * C kernels run the group as a hardware-loop body.
 *
 * Spec §4 constraint that shapes them: a Mac&Load reloads the A or W register it selects, after reading
 * it. So each register is reloaded by its last use in a step; where two registers end on the same
 * instruction, one extra Mac&Load (sum discarded to x0, so the mixed-precision controller does not count
 * it, spec §5.3) does the second load.
 *
 * The xpulpnn build runs them in legacy decoding (the address in `rs1`, post-incremented). The flexv build
 * runs them status-based (spec §5.2): the width comes from `ivec_fmt` and the loads from the two address
 * streams `macl_a_*` / `macl_w_*`, so its bodies name no pointer (`rs1` = x0). That needs a group to load
 * A registers in the order A0, A1, A0, A1, ... (one stream over two pixel rows: stride = row distance,
 * rollback to the next word every second load) and W registers W0, W1, W2, W3, W0, ... (rows: stride = row
 * distance, rollback every fourth load; interleaved layout: stride 4): `activationLoadOrder`,
 * `weightLoadOrder`.
 */
/** `pw`: the one weight pointer of the interleaved layout (see WeightPointers). */
export type Pointer = 'pa' | 'pb' | 'pw0' | 'pw1' | 'pw2' | 'pw3' | 'pw';
export interface MacLoadOp {
  /** The accumulator operand (`x0` for a discarded sum). */
  acc: string;
  a: 0 | 1;
  w: 0 | 1 | 2 | 3;
  load: 'A' | 'W' | null;
  /** rs1: the pointer of the load (any pointer when nothing is loaded: rs1 only moves on a load). */
  ptr: Pointer;
  /** True for the extra uniform reload. */
  fill: boolean;
}

export interface MacLoadGroup {
  /** Output pixels of the block (1: 4 channels x 1, 2: 4 x 2, 4: 4 x 4, pixels 0, 2 in A0 and 1, 3 in A1). */
  pixels: BlockPixels;
  /** Steps per group: R = max / min of the operand widths (1 when equal). */
  steps: number;
  /** Dot products per step: `ivec_skip_size` (flexv), so step s uses sub-group `ivec_mixed_cycle` = s. */
  skip: number;
  ops: MacLoadOp[];
}

export type BlockPixels = 1 | 2 | 4;
const W_PTR: Pointer[] = ['pw0', 'pw1', 'pw2', 'pw3'];
const ACC = [['s0', 's1', 's2', 's3'], ['t0', 't1', 't2', 't3'], ['u0', 'u1', 'u2', 'u3'], ['v0', 'v1', 'v2', 'v3']];

/** Pairs with a 4 x 4 block: the activations at least as wide as the weights (A reloaded every step). */
export const hasBlock4 = (a: Bits, w: Bits): boolean => a >= w;
const j4 = [0, 1, 2, 3] as const;

/** The group of a block over activations of `a` bits and weights of `w` bits (uniform when a == w). */
export function macLoadGroup(a: Bits, w: Bits, pixels: BlockPixels): MacLoadGroup {
  const steps = Math.max(a, w) / Math.min(a, w);
  const wideA = a > w;
  const ops: MacLoadOp[] = [];
  const dot = (acc: string, ai: 0 | 1, wi: 0 | 1 | 2 | 3, load: 'A' | 'W' | null, ptr: Pointer) => ops.push({ acc, a: ai, w: wi, load, ptr, fill: false });
  const fill = (ai: 0 | 1, ptr: Pointer) => ops.push({ acc: 'x0', a: ai, w: 0, load: 'A', ptr, fill: true });
  for (let s = 0; s < steps; s++) {
    const last = s === steps - 1;
    if (pixels === 4) {
      // 4 x 4 (flexv, status-based; a >= w): A0 holds pixels 0 and 2, A1 pixels 1 and 3, so each A register
      // is reloaded twice per step: (A0, W3) of pixel 0 loads pixel 2, of pixel 2 the next word of pixel 0
      // (likewise A1). The W registers are reloaded by pixel 3 in the group's last step, then the extra
      // instruction reloads A1. The activation stream visits pixel rows 0, 1, 2, 3, 0 + 4, ...
      if (!hasBlock4(a, w)) throw new Error(`a${a} w${w}: no 4 x 4 block (the narrower activations would be reloaded within a step)`);
      for (let p = 0; p < 4; p++) {
        const ai = (p % 2) as 0 | 1;
        const reloadW = p === 3 && last;
        for (const j of j4) dot(ACC[p][j], ai, j, reloadW ? 'W' : j === 3 ? 'A' : null, 'pa');
      }
      if (last) fill(1, 'pb');
    } else if (pixels === 1) {
      // Narrow or equal A: each Wj is reloaded at its use every step, A0 by the extra instruction.
      // Wide A: (A0, W3) reloads A0 except in the last step, which reloads the Wj; then the extra one.
      const reloadW = !wideA || last;
      for (const j of j4) {
        if (reloadW) dot(ACC[0][j], 0, j, 'W', W_PTR[j]);
        else if (j === 3) dot(ACC[0][j], 0, j, 'A', 'pa');
        else dot(ACC[0][j], 0, j, null, 'pa');
      }
      if (last) fill(0, 'pa');
    } else {
      // The wider (or equal) operand is reloaded every step, the narrower one in the group's last step.
      const reloadA = steps === 1 || wideA || last;
      const reloadW = steps === 1 || !wideA || last;
      for (const j of j4) dot(ACC[0][j], 0, j, j === 3 && reloadA ? 'A' : null, 'pa');
      for (const j of j4) {
        if (reloadW) dot(ACC[1][j], 1, j, 'W', W_PTR[j]);
        else if (j === 3 && reloadA) dot(ACC[1][j], 1, j, 'A', 'pb');
        else dot(ACC[1][j], 1, j, null, 'pb');
      }
      if (reloadA && reloadW) fill(1, 'pb');
    }
  }
  return { pixels, steps, skip: 4 * pixels, ops };
}

/** The Mac&Load immediate (spec §4): imm5[0] A, imm5[2:1] W, imm5[3] load A, imm5[4] load W (flexv.h's fields). */
export const NN_IMM = MACLOAD_IMM;
export function nnImmediate(op: MacLoadOp): number {
  return (op.a << NN_IMM.aShift) | (op.w << NN_IMM.wShift) | (op.load === 'A' ? NN_IMM.loadA : 0) | (op.load === 'W' ? NN_IMM.loadW : 0);
}

/**
 * `.insn i` text of one Mac&Load, its opcode, funct3 and the funct7 half of the immediate read from the
 * word the ISA table encodes (so no encoding is written here). `statusBased`: `rs1` is x0 (the address
 * comes from the macl streams, spec §5.2).
 */
export function insnText(id: string, op: MacLoadOp, statusBased = false): string {
  const def = instructionById(id);
  if (!def) throw new Error(`instruction ${id} is not in the ISA table`);
  const word = encode(def, { rd: 0, rs1: 0, uimm: nnImmediate(op) });
  const opcode = word & 0x7f, funct3 = (word >>> 12) & 7, imm = word >> 20;
  const rd = op.acc === 'x0' ? 'x0' : `%[${op.acc}]`;
  return `.insn i 0x${opcode.toString(16)}, ${funct3}, ${rd}, ${statusBased ? 'x0' : `%[${op.ptr}]`}, ${imm}`;
}

/** The Mac&Load row of a sign and lane width, from the table's `macLoad` fields. */
function macLoadRow(sign: string, width: Bits): string {
  const def = ALL_INSTRUCTIONS.find((d) => d.macLoad?.sign === sign && d.macLoad.width === width);
  if (!def) throw new Error(`no Mac&Load row with sign ${sign} and ${width}-bit lanes in the ISA table`);
  return def.id;
}

/**
 * Instruction ids: the dot products of a build and the fill, all activations unsigned x weights signed
 * (`MACLOAD_SIGNS`, spec §4 revision 2). xpulpnn: the uniform row of width `a` == `w` (legacy decoding);
 * flexv: the status-based encoding (width from `ivec_fmt`), for dot products and fills alike.
 */
export function macLoadIds(build: 'xpulpnn' | 'flexv', a: Bits, w: Bits): { dot: string; fill: string } {
  if (build === 'xpulpnn' && a !== w) throw new Error(`xpulpnn Mac&Load loops are uniform (a${a} w${w})`);
  const sign = qnnMacLoadSign();
  if (build === 'flexv') {
    const id = statusBasedMacLoad(sign).id;
    return { dot: id, fill: id };
  }
  return { dot: macLoadRow(sign, a), fill: macLoadRow(sign, 8) };
}

/**
 * Weight addressing of a body: `rows` (one pointer per channel row, the plain `[channel][kword]` layout) or
 * `interleaved` (one pointer %[pw] through 4-channel blocks interleaved by word, `w[o/4][kword][o%4]`,
 * src/kernels/cluster/weight-layout.ts): valid because every group reloads W0..W3 in that order.
 */
export type WeightPointers = 'rows' | 'interleaved';

/** The order in which a group loads weight registers (what the interleaved layout must store consecutively). */
export function weightLoadOrder(g: MacLoadGroup): number[] {
  return g.ops.filter((o) => o.load === 'W').map((o) => o.w);
}

/** The order in which a group loads activation registers (A0 = pixel 0, A1 = pixel 1). */
export function activationLoadOrder(g: MacLoadGroup): number[] {
  return g.ops.filter((o) => o.load === 'A').map((o) => o.a);
}

/**
 * Throws unless one address stream per operand can feed the group (status-based mode): weights W0..W3 in
 * turn, activations A0 (A1) in turn, each register loaded once per step it is reloaded in.
 */
export function checkStreamOrder(g: MacLoadGroup, a: Bits, w: Bits): void {
  const what = `a${a} w${w} 4x${g.pixels}`;
  weightLoadOrder(g).forEach((j, i) => {
    if (j !== i % 4) throw new Error(`${what}: weight loads ${weightLoadOrder(g).join(',')} do not follow W0..W3`);
  });
  activationLoadOrder(g).forEach((j, i) => {
    if (j !== i % Math.min(g.pixels, 2)) throw new Error(`${what}: activation loads ${activationLoadOrder(g).join(',')} do not alternate over the pixels`);
  });
}

/** The op with its weight pointer renamed for the addressing. */
function addressed(op: MacLoadOp, weights: WeightPointers): MacLoadOp {
  return weights === 'interleaved' && op.ptr.startsWith('pw') ? { ...op, ptr: 'pw' } : op;
}

/** The C string literal lines of a group body, the last instruction kept apart for the loop-end label. */
export function groupBody(build: 'xpulpnn' | 'flexv', a: Bits, w: Bits, pixels: BlockPixels, weights: WeightPointers = 'rows'): { body: string[]; last: string } {
  const ids = macLoadIds(build, a, w);
  const g = macLoadGroup(a, w, pixels);
  if (build === 'flexv') {
    // Status-based: no pointers; the streams need the load orders (whatever the weight layout).
    checkStreamOrder(g, a, w);
    const lines = g.ops.map((op) => `"${insnText(op.fill ? ids.fill : ids.dot, op, true)}\\n"`);
    return { body: lines.slice(0, -1), last: lines[lines.length - 1] };
  }
  if (weights === 'interleaved') {
    const order = weightLoadOrder(g);
    order.forEach((j, i) => {
      if (j !== i % 4) throw new Error(`a${a} w${w} 4x${pixels}: weight loads ${order.join(',')} do not follow W0..W3, no interleaved body`);
    });
  }
  const lines = g.ops.map((op) => `"${insnText(op.fill ? ids.fill : ids.dot, addressed(op, weights))}\\n"`);
  return { body: lines.slice(0, -1), last: lines[lines.length - 1] };
}

/**
 * The 4 x 4 group cut where the activation stream may be re-pointed inside it (sw/kernels/fused-quad.h):
 * `head` ends with the group's last load of the current words (pixel 3's), `tail` holds the rest but its
 * last instruction, which is `groupBody(...).last`; the two loads after the cut (pixels 0 and 1 of the next
 * group) then come from the new address. A segment of the reduction that is not contiguous with the
 * previous one (a kernel row of the padded input) starts there, and a block's last group fetches the next
 * block's first words there instead of a separate fill.
 */
export function groupCut(a: Bits, w: Bits): { head: string[]; tail: string[] } {
  const g = macLoadGroup(a, w, 4);
  checkStreamOrder(g, a, w);
  const aLoads = g.ops.flatMap((o, i) => (o.load === 'A' ? [i] : []));
  const cut = aLoads[aLoads.length - 3] + 1;
  const id = macLoadIds('flexv', a, w);
  const lines = g.ops.map((op) => `"${insnText(op.fill ? id.fill : id.dot, op, true)}\\n"`);
  return { head: lines.slice(0, cut), tail: lines.slice(cut, -1) };
}

/**
 * The Mac&Loads that fill NN-RF registers before a loop (sums to x0): A0 (and A1) from %[pa] (%[pb]), or
 * W0..W3 from %[pw]; status-based (flexv): from the macl streams, in the streams' order.
 */
export function fillLines(what: 'A1' | 'A2' | 'W', build: 'xpulpnn' | 'flexv' = 'xpulpnn'): string[] {
  const ops: MacLoadOp[] =
    what === 'W'
      ? j4.map((j) => ({ acc: 'x0', a: 0, w: j, load: 'W', ptr: 'pw', fill: true }))
      : (what === 'A1' ? [0] : [0, 1]).map((i) => ({ acc: 'x0', a: i as 0 | 1, w: 0, load: 'A', ptr: i ? 'pb' : 'pa', fill: true }));
  const id = macLoadIds(build, 8, 8).fill;
  return ops.map((op) => `"${insnText(id, op, build === 'flexv')}\\n"`);
}

export const BODY_HEADER_PATH = new URL('../../sw/kernels/macload-body.h', import.meta.url);

/** The generated header: one body macro (and its last instruction) per build, formats and block. */
export function generateBodyHeader(): string {
  const out: string[] = [
    '/* macload-body.h: GENERATED by src/kernels/schedule.ts (npx tsx src/kernels/schedule.ts). Do not edit. */',
    '/* Hardware-loop bodies of the Mac&Load kernels: one group per iteration; operands %[s0..s3], %[t0..t3]',
    '   (accumulators; %[u0..u3], %[v0..v3]: pixels 2, 3 of the flexv 4 x 4 blocks, _P4). XPULPNN (legacy',
    '   decoding): pointers %[pa], %[pb], %[pw0..pw3]; the _IL bodies one %[pw]',
    '   through weights interleaved by word in 4-channel blocks. FLEXV (status-based, spec §5.2): no pointer,',
    '   the loads come from the macl_a / macl_w address streams, the widths from ivec_fmt. All activations',
    '   unsigned x weights signed (pv.mlsdotsup). Encodings from the ISA table. */',
    '#ifndef KERNELS_MACLOAD_BODY_H',
    '#define KERNELS_MACLOAD_BODY_H',
    '',
    '#include "flexv.h"',
    '',
    '/* Mac&Load immediate (spec §4): the A and W registers read; a load reloads the selected one after the read. */',
    '#define NN_A(i) FLEXV_NN_A(i)',
    '#define NN_W(i) FLEXV_NN_W(i)',
    '#define NN_LOAD_A FLEXV_NN_LOAD_A',
    '#define NN_LOAD_W FLEXV_NN_LOAD_W',
  ];
  const emit = (build: 'xpulpnn' | 'flexv', a: Bits, w: Bits, pixels: BlockPixels, weights: WeightPointers) => {
    const { body, last } = groupBody(build, a, w, pixels, weights);
    const name = `MACLOAD_${build.toUpperCase()}_A${a}_W${w}_P${pixels}${weights === 'interleaved' ? '_IL' : ''}`;
    out.push('', `#define ${name}_BODY \\\n  ${body.join(' \\\n  ')}`, `#define ${name}_LAST ${last}`);
  };
  out.push('', '/* NN-RF fills (sums discarded): A0 from %[pa]; A0, A1 from %[pa], %[pb]; W0..W3 from %[pw]. */');
  for (const what of ['A1', 'A2', 'W'] as const) out.push(`#define MACLOAD_FILL_${what} \\\n  ${fillLines(what).join(' \\\n  ')}`);
  out.push('', '/* Status-based fills (flexv): A0 (A1) from the activation stream, W0..W3 from the weight stream. */');
  for (const what of ['A1', 'A2', 'W'] as const) out.push(`#define MACLOAD_SB_FILL_${what} \\\n  ${fillLines(what, 'flexv').join(' \\\n  ')}`);
  for (const weights of ['rows', 'interleaved'] as const) {
    for (const p of [1, 2] as const) for (const b of BITS) emit('xpulpnn', b, b, p, weights);
  }
  // One flexv body per pair and block: the weight layout is the stream's business, not the body's.
  for (const p of [1, 2] as const) for (const a of BITS) for (const w of BITS) emit('flexv', a, w, p, 'rows');
  // The 4 x 4 block of the cluster pipeline (flexv, activations at least as wide as the weights).
  for (const a of BITS) {
    for (const w of BITS) {
      if (!hasBlock4(a, w)) continue;
      emit('flexv', a, w, 4, 'rows');
      const { head, tail } = groupCut(a, w);
      const name = `MACLOAD_FLEXV_A${a}_W${w}_P4`;
      out.push(`#define ${name}_HEAD \\\n  ${head.join(' \\\n  ')}`, `#define ${name}_TAIL \\\n  ${tail.join(' \\\n  ')}`);
    }
  }
  out.push('', '#endif', '');
  return out.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { writeFile } = await import('node:fs/promises');
  await writeFile(BODY_HEADER_PATH, generateBodyHeader());
  console.log(`wrote ${BODY_HEADER_PATH.pathname}`);
}

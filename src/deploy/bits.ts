/**
 * Mixed-precision policies (`--bits`): which layers take their input activations and weights at 8, 4 or 2
 * bits, and the requantized network they make. The result is a different network (its own outputs), so it is
 * checked against its own TS execution, not against the model's reference data.
 *
 * Policy text: comma-separated `selector:a<A>w<W>` entries (A, W ∈ {8, 4, 2}), later entries win; or a JSON
 * file holding `{ "selector": "a4w2", ... }`. Selectors: `*` (every layer), an op kind (`conv`, `depthwise`,
 * `gemm`, `add`, `pool`, `requant`: every layer of that kind), an op kind with a 0-based ordinal (`conv3`:
 * the fourth convolution in network order), `#N` (layer index N), or the name of one of the layer's ONNX
 * nodes. `a` is the layer's *input* precision (PULP-NN's convention), `w` its weights' (ignored for layers
 * without weights).
 *
 * Requantization (exact integers; the TS reference executes the result):
 * - weights to W < 8 bits: w' = ⌊w / 2^t + 1/2⌋ with t the smallest shift that brings every weight of the layer
 *   into [−2^(W−1), 2^(W−1) − 1] (at most 8 − W; a fixed t = 8 − W rounds the small weights of a real network to
 *   zero: AnomalyDetection's whole gemm:a4w4 network came out 0); bias' = ⌊bias / 2^t + 1/2⌋; the layer's
 *   requantization multiplier × 2^t (the output keeps its scale);
 * - input activations to A < 8 bits, s = 8 − A: the producer's requantization divides by 2^s more and clamps
 *   to [0, 2^A − 1] (the network input: ⌊x / 2^s⌋); every consumer of that tensor multiplies its
 *   requantization by 2^s (its bias divided by 2^s, rounded), so the scales downstream are kept. A signed
 *   tensor (range below 0) cannot be narrowed; two consumers asking different widths are an error.
 * Tensor ranges are propagated again through the network afterwards. `tensorBits` gives every narrowed tensor's
 * width: the lowering stores it packed at that width where its producer and consumers can (lower.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { UserError } from '../util/errors.ts';
import { type Layer, type Network, type Requant, type TensorDesc, requantRange } from './ir.ts';

export type Width = 8 | 4 | 2;
export interface Precision {
  a: Width;
  w: Width;
}
export interface PolicyEntry {
  selector: string;
  prec: Precision;
}

const KINDS = ['conv', 'depthwise', 'gemm', 'add', 'pool', 'requant'] as const;

function parsePrecision(text: string, where: string): Precision {
  const m = /^a([842])w([842])$/.exec(text.trim());
  if (!m) throw new UserError(`bad precision '${text}' (a<A>w<W> with A, W among 8, 4, 2, e.g. a4w2)`, where);
  return { a: Number(m[1]) as Width, w: Number(m[2]) as Width };
}

/** Parses `--bits`: the policy text or a JSON file's path. */
export function parsePolicy(text: string, where = '--bits'): PolicyEntry[] {
  if (text.trim().endsWith('.json')) {
    if (!existsSync(text)) throw new UserError(`policy file '${text}' not found`, where);
    let obj: unknown;
    try {
      obj = JSON.parse(readFileSync(text, 'utf8'));
    } catch (e) {
      throw new UserError(`policy file '${text}': ${(e as Error).message}`, where);
    }
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw new UserError(`policy file '${text}' must hold an object { "selector": "a4w2", ... }`, where);
    return Object.entries(obj as Record<string, unknown>).map(([selector, v]) => {
      if (typeof v !== 'string') throw new UserError(`policy file '${text}': the value of '${selector}' must be a string like "a4w2"`, where);
      return { selector, prec: parsePrecision(v, `${where} ${text}`) };
    });
  }
  const entries = text.split(',').filter((e) => e.trim() !== '');
  if (!entries.length) throw new UserError('empty precision policy', where);
  return entries.map((e) => {
    const i = e.lastIndexOf(':');
    if (i <= 0) throw new UserError(`bad policy entry '${e}' (selector:a<A>w<W>, e.g. conv3:a4w2)`, where);
    return { selector: e.slice(0, i).trim(), prec: parsePrecision(e.slice(i + 1), where) };
  });
}

const kindOf = (l: Layer): (typeof KINDS)[number] => (l.op === 'conv' ? (l.depthwise ? 'depthwise' : 'conv') : l.op === 'maxpool' || l.op === 'avgpool' ? 'pool' : l.op);

/** Each layer's precision under the policy (default a8w8); an unknown selector is an error listing the valid ones. */
export function resolvePolicy(net: Network, policy: PolicyEntry[], where = '--bits'): Precision[] {
  const out: Precision[] = net.layers.map(() => ({ a: 8, w: 8 }));
  const ordinal = new Map<Layer, string>();
  const counts = new Map<string, number>();
  for (const l of net.layers) {
    const k = kindOf(l);
    const n = counts.get(k) ?? 0;
    ordinal.set(l, `${k}${n}`);
    counts.set(k, n + 1);
  }
  for (const { selector, prec } of policy) {
    const hits = net.layers.filter(
      (l) => selector === '*' || selector === kindOf(l) || selector === ordinal.get(l) || selector === `#${l.index}` || l.nodes.includes(selector),
    );
    if (!hits.length) {
      const names = [...new Set(net.layers.map((l) => ordinal.get(l)!))].join(', ');
      throw new UserError(`policy selector '${selector}' matches no layer (valid: *, ${KINDS.join(', ')}, ${names}, #<layer index>, or an ONNX node name)`, where);
    }
    for (const l of hits) out[l.index] = prec;
  }
  return out;
}

/** The policy's text form for the report: every layer not at a8w8, or '*:a8w8'. */
export function policyText(net: Network, precs: Precision[]): string {
  const odd = net.layers.filter((l) => precs[l.index]!.a !== 8 || precs[l.index]!.w !== 8);
  return ['*:a8w8', ...odd.map((l) => `#${l.index}:a${precs[l.index]!.a}w${precs[l.index]!.w}`)].join(',');
}

const roundDiv = (v: number, d: number) => Math.floor(v / d + 0.5);

const scaleRequant = (r: Requant, k: number): Requant => ({ ...r, mul: r.mul.map((m) => m * k) });

/**
 * The requantized network and input. `input` is the network input's values (HWC); the result's input is
 * narrowed when the first layers' input precision asks for it.
 */
export function applyPolicy(net: Network, precs: Precision[], input: Float64Array, where = '--bits'): { net: Network; input: Float64Array; tensorBits: Map<string, Width> } {
  const layers: Layer[] = net.layers.map((l) => ({ ...l }) as Layer);
  const tensors = new Map<string, TensorDesc>([...net.tensors].map(([k, t]) => [k, { ...t }]));
  let inputOut = input;
  // weights
  for (const l of layers) {
    const w = precs[l.index]!.w;
    if (w === 8 || (l.op !== 'conv' && l.op !== 'gemm')) continue;
    const lo = -(2 ** (w - 1)), hi = 2 ** (w - 1) - 1;
    // the smallest shift that brings every weight of the layer into W bits (at most 8 − W for 8-bit weights)
    let t = 0;
    while (l.weights.some((v) => roundDiv(v, 2 ** t) < lo || roundDiv(v, 2 ** t) > hi)) t++;
    const d = 2 ** t;
    l.weights = l.weights.map((v) => Math.min(hi, Math.max(lo, roundDiv(v, d))));
    if (l.bias) l.bias = l.bias.map((b) => roundDiv(b, d));
    // a layer without requantization (raw accumulators out) keeps none: its outputs change scale
    if (l.requant) l.requant = scaleRequant(l.requant, d);
  }
  // input activations: the narrowing each tensor gets
  const shiftOf = new Map<string, { s: number; by: Layer }>();
  for (const l of layers) {
    const a = precs[l.index]!.a;
    if (a === 8) continue;
    for (const name of new Set(l.inputs)) {
      const prev = shiftOf.get(name);
      if (prev && prev.s !== 8 - a) throw new UserError(`tensor '${name}' is asked at ${8 - prev.s} bits by layer ${prev.by.index} and at ${a} bits by layer ${l.index}`, where);
      shiftOf.set(name, { s: 8 - a, by: l });
    }
  }
  for (const [name, { s, by }] of shiftOf) {
    const t = tensors.get(name)!;
    if (t.lo < 0) throw new UserError(`layer ${by.index} asks its input '${name}' at ${8 - s} bits, but that tensor is signed ([${t.lo}, ${t.hi}]): only unsigned tensors are narrowed`, where);
    const d = 2 ** s, top = 2 ** (8 - s) - 1;
    if (name === net.input.name) inputOut = input.map((x) => Math.floor(x / d));
    else {
      const p = layers.find((l) => l.output === name)!;
      if (!p.requant || p.requant.hi === Infinity) throw new UserError(`layer ${p.index} (${p.op}) makes '${name}' without a clamp: it cannot be narrowed to ${8 - s} bits`, where);
      p.requant = { ...p.requant, div: p.requant.div * d, hi: Math.min(p.requant.hi, top) };
    }
    for (const c of layers) {
      if (!c.inputs.includes(name)) continue;
      if (c.op === 'add') {
        const pre: [Requant, Requant] = [...c.pre];
        c.inputs.forEach((n, i) => {
          if (n === name) pre[i] = scaleRequant(pre[i], d);
        });
        c.pre = pre;
      } else {
        if ((c.op === 'conv' || c.op === 'gemm') && c.bias) c.bias = c.bias.map((b) => roundDiv(b, d));
        if (c.requant) c.requant = scaleRequant(c.requant, d);
      }
    }
  }
  const out: Network = { ...net, layers, tensors, input: { ...net.input } };
  propagateRanges(out, shiftOf.has(net.input.name) ? 2 ** (8 - shiftOf.get(net.input.name)!.s) - 1 : undefined);
  const tensorBits = new Map([...shiftOf].map(([name, { s }]) => [name, (8 - s) as Width]));
  return { net: out, input: inputOut, tensorBits };
}

/** Recomputes every tensor's range from the input's through exact accumulator bounds and the clamps. */
function propagateRanges(net: Network, inputHi?: number): void {
  const t0 = net.tensors.get(net.input.name)!;
  if (inputHi !== undefined) {
    t0.hi = Math.min(t0.hi, inputHi);
    net.input.hi = t0.hi;
  }
  for (const l of net.layers) {
    const x = net.tensors.get(l.inputs[0]!)!;
    let acc: [number, number];
    if (l.op === 'conv' || l.op === 'gemm') {
      const cout = l.op === 'conv' ? l.cout : l.n;
      const k = l.weights.length / cout;
      let lo = Infinity, hi = -Infinity;
      for (let o = 0; o < cout; o++) {
        let a = l.bias?.[o] ?? 0, b = a;
        for (let i = 0; i < k; i++) {
          const w = l.weights[o * k + i]!;
          // a padding tap contributes 0
          a += Math.min(0, w * x.lo, w * x.hi);
          b += Math.max(0, w * x.lo, w * x.hi);
        }
        lo = Math.min(lo, a);
        hi = Math.max(hi, b);
      }
      acc = [lo, hi];
    } else if (l.op === 'maxpool') acc = [x.lo, x.hi];
    else if (l.op === 'avgpool') acc = [Math.min(0, x.lo * l.kh * l.kw), Math.max(0, x.hi * l.kh * l.kw)];
    else if (l.op === 'add') {
      const y = net.tensors.get(l.inputs[1]!)!;
      const [alo, ahi] = requantRange(l.pre[0], x.lo, x.hi), [blo, bhi] = requantRange(l.pre[1], y.lo, y.hi);
      acc = [alo + blo, ahi + bhi];
    } else acc = [x.lo, x.hi];
    const [lo, hi] = l.requant ? requantRange(l.requant, acc[0], acc[1]) : acc;
    const t = net.tensors.get(l.output)!;
    t.lo = lo;
    t.hi = hi;
  }
}

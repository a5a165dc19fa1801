/**
 * The typed graph IR of the deployment flow: integer layers in HWC layout (batch 1) with every
 * exporter's requantization folded into one form,
 *
 *   y = clamp(round((x · mul[c] + add[c]) / div), lo, hi)     round = floor (or trunc, ONNX integer Div)
 *
 * with integer `mul`/`add` (length 1 = broadcast, or one per channel), a positive integer `div` and a
 * clamp range (infinite when the pattern has none). A layer without requantization outputs its raw
 * accumulators (only allowed as the network's output).
 */

export interface Requant {
  mul: Float64Array;
  add: Float64Array;
  div: number;
  round: 'floor' | 'trunc';
  lo: number;
  hi: number;
}

/** An activation tensor: HWC, with the range its values can take (from clamps or the input's range). */
export interface TensorDesc {
  name: string;
  h: number;
  w: number;
  c: number;
  lo: number;
  hi: number;
}

export interface Window {
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  /** top, left, bottom, right */
  pad: [number, number, number, number];
}

interface LayerBase {
  /** Position in the network (topological). */
  index: number;
  /** The ONNX node names folded into this layer, compute node first. */
  nodes: string[];
  inputs: string[];
  output: string;
  requant?: Requant;
}

export interface ConvLayer extends LayerBase, Window {
  op: 'conv';
  depthwise: boolean;
  cin: number;
  cout: number;
  /** [cout][kh][kw][cin] (depthwise: [c][kh][kw]) */
  weights: Float64Array;
  bias?: Float64Array;
}

export interface GemmLayer extends LayerBase {
  op: 'gemm';
  k: number;
  n: number;
  /** [n][k], k in the HWC order of the input tensor */
  weights: Float64Array;
  bias?: Float64Array;
}

export interface AddLayer extends LayerBase {
  op: 'add';
  /** Per input: the requantization applied before the sum (identity when the pattern has none). */
  pre: [Requant, Requant];
}

export interface PoolLayer extends LayerBase, Window {
  op: 'maxpool' | 'avgpool';
  /** avgpool: the sum over the window; the division by the window size is folded into `requant`. */
}

/** A requantization on its own (a requantization chain that is neither folded into a layer nor an add input). */
export interface RequantLayer extends LayerBase {
  op: 'requant';
}

export type Layer = ConvLayer | GemmLayer | AddLayer | PoolLayer | RequantLayer;

export interface Network {
  /** Where it came from (file) and which exporter convention was seen. */
  source: string;
  conventions: string[];
  input: TensorDesc;
  tensors: Map<string, TensorDesc>;
  layers: Layer[];
  output: string;
  /** Nodes after the last integer tensor left to the host (e.g. a float Sigmoid), by name and op type. */
  hostTail: string[];
  /** Residual sums wider than a byte saturated to [0, 255] as the reference deployment does (import.ts). */
  saturated?: string[];
}

export const identityRequant = (): Requant => ({ mul: Float64Array.of(1), add: Float64Array.of(0), div: 1, round: 'floor', lo: -Infinity, hi: Infinity });

export function isIdentity(r: Requant): boolean {
  return r.div === 1 && r.mul.every((v) => v === 1) && r.add.every((v) => v === 0) && r.lo === -Infinity && r.hi === Infinity;
}

/** Applies a requantization to one value of channel `c`. */
export function requantValue(r: Requant, x: number, c: number): number {
  const m = r.mul.length === 1 ? r.mul[0]! : r.mul[c]!;
  const a = r.add.length === 1 ? r.add[0]! : r.add[c]!;
  const t = x * m + a;
  const q = r.div === 1 ? t : r.round === 'floor' ? Math.floor(t / r.div) : Math.trunc(t / r.div);
  return q < r.lo ? r.lo : q > r.hi ? r.hi : q;
}

/** Range of a requantization's output for inputs in [lo, hi]. */
export function requantRange(r: Requant, lo: number, hi: number): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  const n = Math.max(r.mul.length, r.add.length);
  for (let c = 0; c < n; c++) {
    for (const x of [lo, hi]) {
      const v = requantValue(r, x, c);
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  }
  return [Math.max(min, r.lo), Math.min(max, r.hi)];
}

export function layerMacs(l: Layer, t: Map<string, TensorDesc>): number {
  const out = t.get(l.output)!;
  if (l.op === 'conv') return out.h * out.w * out.c * l.kh * l.kw * (l.depthwise ? 1 : l.cin);
  if (l.op === 'gemm') return l.k * l.n;
  return 0;
}

export const tensorSize = (t: TensorDesc): number => t.h * t.w * t.c;

/**
 * ONNX graph → typed integer IR (ir.ts). Walks the nodes in order (ONNX graphs are topologically
 * sorted), starts a layer at each compute node (Conv, Gemm/MatMul, pooling, residual Add) and folds the
 * elementwise chain that follows it into the layer's requantization (chain.ts). A chain ends where its
 * value is used by a compute node, by more than one node, or is the graph's output. Layout: HWC.
 */
import { UserError } from '../../util/errors.ts';
import {
  type AddLayer, type ConvLayer, type GemmLayer, type Layer, type Network, type PoolLayer, type Requant, type TensorDesc, identityRequant, requantRange,
} from '../ir.ts';
import { type ConstTensor, type OnnxGraph, type OnnxNode, loadOnnx } from '../onnx/model.ts';
import {
  type Stage, canFoldAffine, foldAdd, foldCast, foldClamp, foldDiv, foldFloor, foldMul, identityStage, isIdentityStage, isIntegral, stageRequant,
} from './chain.ts';
import { HOST_TAIL_OPS, SUPPORTED_PATTERNS } from './patterns.ts';

interface Val {
  name: string;
  /** Materialized IR tensor the chain starts from (for an open layer: unset). */
  src?: string;
  /** The layer whose accumulators this chain requantizes, while not yet materialized. */
  open?: Layer;
  stage: Stage;
  /** HWC shape of the value. */
  h: number;
  w: number;
  c: number;
  /** Set by Flatten/Reshape of a spatial tensor: the vector is in CHW order of this shape. */
  flatOf?: { h: number; w: number; c: number };
  /** Pending zero padding (Pad node) for the consuming Conv. */
  pad?: [number, number, number, number];
}

export interface ImportOptions {
  /** Value range of the network input (default: unsigned 8-bit, 0..255). */
  inputRange?: [number, number];
}

const INT_TYPES = new Set([2, 3, 4, 5, 6, 7, 12, 13]); // UINT8 .. INT64, UINT32, UINT64

export function importOnnxFile(path: string, opts: ImportOptions = {}): Network {
  return importGraph(loadOnnx(path), opts);
}

export function importGraph(g: OnnxGraph, opts: ImportOptions = {}): Network {
  return new Importer(g, opts).run();
}

class Importer {
  private vals = new Map<string, Val>();
  private uses = new Map<string, number>();
  private layers: Layer[] = [];
  private tensors = new Map<string, TensorDesc>();
  /** Accumulator range of each open layer. */
  private accRange = new Map<Layer, [number, number]>();
  private conventions = new Set<string>();
  private tail = new Set<OnnxNode>();
  private saturated: string[] = [];

  constructor(
    private g: OnnxGraph,
    private opts: ImportOptions,
  ) {}

  run(): Network {
    const g = this.g;
    if (g.inputs.length !== 1) throw new UserError(`the network must have one input, found ${g.inputs.length} (${g.inputs.map((i) => i.name).join(', ')})`, g.path);
    for (const n of g.nodes) for (const i of n.inputs) if (i) this.uses.set(i, (this.uses.get(i) ?? 0) + 1);
    for (const o of g.outputs) this.uses.set(o, (this.uses.get(o) ?? 0) + 1);
    this.findHostTail();
    const inp = g.inputs[0]!;
    const d = inp.dims;
    const [c, h, w] = d.length === 4 ? [d[1]!, d[2]!, d[3]!] : d.length === 3 ? [d[0]!, d[1]!, d[2]!] : d.length === 2 ? [d[1]!, 1, 1] : [0, 0, 0];
    if (!(c > 0 && h > 0 && w > 0) || (d.length === 4 && d[0] !== 1) || (d.length === 2 && d[0] !== 1))
      throw new UserError(`input '${inp.name}' has shape [${d.join(', ')}]; expected [1, C, H, W], [C, H, W] or [1, K]`, g.path);
    const [lo, hi] = this.opts.inputRange ?? [0, 255];
    const input: TensorDesc = { name: inp.name, h, w, c, lo, hi };
    this.tensors.set(inp.name, input);
    this.vals.set(inp.name, { name: inp.name, src: inp.name, stage: identityStage(false), h, w, c });
    for (const n of g.nodes) if (!this.tail.has(n)) this.node(n);
    const outName = this.networkOutput();
    const outVal = this.val(outName, undefined);
    const output = this.materialize(outVal, undefined);
    return {
      source: g.path,
      conventions: [...this.conventions],
      input,
      tensors: this.tensors,
      layers: this.layers,
      output,
      hostTail: g.nodes.filter((n) => this.tail.has(n)).map((n) => `${n.name} (${n.opType})`),
      saturated: this.saturated,
    };
  }

  /** Nodes of the host-tail kinds whose results feed only other tail nodes or the graph's outputs. */
  private findHostTail(): void {
    const consumers = new Map<string, OnnxNode[]>();
    for (const n of this.g.nodes) for (const i of n.inputs) consumers.set(i, [...(consumers.get(i) ?? []), n]);
    for (let changed = true; changed; ) {
      changed = false;
      for (const n of [...this.g.nodes].reverse()) {
        if (this.tail.has(n) || !HOST_TAIL_OPS.has(n.opType)) continue;
        if (n.outputs.every((o) => (consumers.get(o) ?? []).every((c) => this.tail.has(c)))) {
          this.tail.add(n);
          changed = true;
        }
      }
    }
  }

  private networkOutput(): string {
    const outs = new Set<string>();
    for (const n of this.tail) for (const i of n.inputs) if (!this.g.consts.has(i) && !this.g.nodes.some((m) => this.tail.has(m) && m.outputs.includes(i))) outs.add(i);
    for (const o of this.g.outputs) if (!this.g.nodes.some((m) => this.tail.has(m) && m.outputs.includes(o))) outs.add(o);
    if (outs.size !== 1) throw new UserError(`the integer part of the network must end in one tensor, found ${outs.size}: ${[...outs].join(', ')}`, this.g.path);
    return [...outs][0]!;
  }

  private where(n: OnnxNode): string {
    return `${this.g.path}: node ${n.index} '${n.name}'`;
  }

  private unsupported(n: OnnxNode, why: string): UserError {
    return new UserError(
      `${why}: node '${n.name}' (${n.opType}) inputs [${n.inputs.join(', ')}]\nsupported patterns:\n  ${SUPPORTED_PATTERNS.join('\n  ')}`,
      this.where(n),
    );
  }

  private val(name: string, n: OnnxNode | undefined): Val {
    const v = this.vals.get(name);
    if (!v) throw new UserError(`value '${name}' is not produced by a supported node before it is used`, n ? this.where(n) : this.g.path);
    return v;
  }

  private konst(n: OnnxNode, i: number): ConstTensor | undefined {
    return this.g.consts.get(n.inputs[i] ?? '');
  }

  private attr(n: OnnxNode, key: string): number | undefined;
  private attr(n: OnnxNode, key: string, dflt: number[]): number[];
  private attr(n: OnnxNode, key: string, dflt?: number[]): number | number[] | undefined {
    const v = n.attrs.get(key);
    if (dflt !== undefined) {
      if (v === undefined) return dflt;
      if (!Array.isArray(v)) throw this.unsupported(n, `attribute '${key}' should be a list of integers`);
      return v as number[];
    }
    if (v === undefined) return undefined;
    if (typeof v === 'number') return v;
    if (typeof v === 'object' && !Array.isArray(v) && v.data.length === 1) return v.data[0];
    throw this.unsupported(n, `attribute '${key}' should be a number`);
  }

  /** Turns a value into an IR tensor: closes its open layer, or makes a requant layer of a free chain. */
  private materialize(v: Val, n: OnnxNode | undefined): string {
    const where = n ? this.where(n) : this.g.path;
    if (v.pad) throw new UserError(`Pad result '${v.name}' must feed a Conv`, where);
    if (!isIntegral(v.stage)) throw new UserError(`requantization of '${v.name}' does not end in an integer (no Floor, RequantShift or integer Div after its division)`, where);
    if (v.open) {
      const layer = v.open;
      const [alo, ahi] = this.accRange.get(layer)!;
      let rq = isIdentityStage(v.stage) ? undefined : stageRequant(v.stage);
      let [lo, hi] = rq ? requantRange(rq, alo, ahi) : [alo, ahi];
      if (layer.op === 'add' && lo >= 0 && hi > 255 && (!rq || (rq.lo === -Infinity && rq.hi === Infinity))) {
        // An unclamped residual sum wider than a byte (NEMO's Mul + Mul, Add, Div, Floor: up to 9 bits) is
        // saturated to [0, 255] as the reference deployment does (DORY's add, PULP-NN pulp_nn_add_quant_u8:
        // clip8((a·m1 + b·m2) >> d)); the network's reference activations are those of that deployment.
        rq = { ...(rq ?? identityRequant()), lo: 0, hi: 255 };
        this.saturated.push(`layer ${layer.index} (add '${layer.nodes[0]}' -> '${v.name}'): [${lo}, ${hi}] saturated to [0, 255]`);
        [lo, hi] = [0, 255];
      }
      if (rq) layer.requant = rq;
      layer.output = v.name;
      this.tensors.set(v.name, { name: v.name, h: v.h, w: v.w, c: v.c, lo, hi });
      this.vals.set(v.name, { name: v.name, src: v.name, stage: identityStage(v.stage.intType), h: v.h, w: v.w, c: v.c, flatOf: v.flatOf });
      return v.name;
    }
    const src = v.src!;
    if (isIdentityStage(v.stage)) return src;
    const t = this.tensors.get(src)!;
    const rq = stageRequant(v.stage);
    const [lo, hi] = requantRange(rq, t.lo, t.hi);
    const layer: Layer = { op: 'requant', index: this.layers.length, nodes: [], inputs: [src], output: v.name, requant: rq };
    this.layers.push(layer);
    this.tensors.set(v.name, { name: v.name, h: v.h, w: v.w, c: v.c, lo, hi });
    this.vals.set(v.name, { name: v.name, src: v.name, stage: identityStage(v.stage.intType), h: v.h, w: v.w, c: v.c, flatOf: v.flatOf });
    return v.name;
  }

  private node(n: OnnxNode): void {
    const op = n.opType;
    const out = n.outputs[0]!;
    if (n.outputs.length !== 1 && op !== 'MaxPool') throw this.unsupported(n, `${n.outputs.length} outputs`);
    switch (op) {
      case 'Conv': return this.conv(n);
      case 'Gemm':
      case 'MatMul': return this.gemm(n);
      case 'MaxPool':
      case 'AveragePool':
      case 'GlobalAveragePool':
      case 'GlobalMaxPool': return this.pool(n);
      case 'Flatten':
      case 'Reshape': return this.reshape(n);
      case 'Pad': return this.padNode(n);
      case 'Add': {
        const ka = this.konst(n, 0), kb = this.konst(n, 1);
        if (!ka && !kb) return this.residual(n);
        return this.elementwise(n, (s) => (canFoldAffine(s) ? foldAdd(s, this.channelConst(n, (ka ?? kb)!, this.val(n.inputs[ka ? 1 : 0]!, n))) : undefined), ka ? 1 : 0);
      }
      case 'Sub': {
        const kb = this.konst(n, 1);
        if (!kb) throw this.unsupported(n, 'Sub of two activations');
        const neg = this.channelConst(n, kb, this.val(n.inputs[0]!, n)).map((x) => -x);
        return this.elementwise(n, (s) => (canFoldAffine(s) ? foldAdd(s, neg) : undefined), 0);
      }
      case 'Mul': {
        const ka = this.konst(n, 0), kb = this.konst(n, 1);
        if (!ka === !kb) throw this.unsupported(n, 'Mul needs exactly one constant operand');
        const ai = ka ? 1 : 0;
        const k = this.channelConst(n, (ka ?? kb)!, this.val(n.inputs[ai]!, n));
        this.checkIntegers(n, k, 'multiplier');
        return this.elementwise(n, (s) => (canFoldAffine(s) ? foldMul(s, k) : undefined), ai);
      }
      case 'Div': {
        const kb = this.konst(n, 1);
        if (!kb || kb.data.length !== 1 || !(kb.data[0]! > 0) || !Number.isInteger(kb.data[0])) throw this.unsupported(n, 'Div needs a positive integer scalar divisor');
        const d = kb.data[0]!;
        this.conventions.add('nemo');
        return this.elementwise(n, (s) => (canFoldAffine(s) ? foldDiv(s, d) : undefined), 0);
      }
      case 'Floor': return this.elementwise(n, (s) => foldFloor(s), 0);
      case 'Cast': {
        const to = this.attr(n, 'to') ?? 1;
        return this.elementwise(n, (s) => foldCast(s, INT_TYPES.has(to)), 0);
      }
      case 'Relu': return this.elementwise(n, (s) => foldClamp(s, 0, Infinity), 0);
      case 'Clip': {
        let lo = this.attr(n, 'min') ?? -Infinity;
        let hi = this.attr(n, 'max') ?? Infinity;
        const kmin = this.konst(n, 1), kmax = this.konst(n, 2);
        if (kmin) lo = kmin.data[0]!;
        if (kmax) hi = kmax.data[0]!;
        if (n.inputs[1] && !kmin) throw this.unsupported(n, 'Clip bounds must be constants');
        if (n.inputs[2] && !kmax) throw this.unsupported(n, 'Clip bounds must be constants');
        return this.elementwise(n, (s) => foldClamp(s, Math.ceil(lo), Math.floor(hi)), 0);
      }
      case 'RequantShift': {
        this.conventions.add('deeploy');
        const mul = this.konst(n, 1), add = this.konst(n, 2);
        const div = this.attr(n, 'div'), levels = this.attr(n, 'n_levels_out') ?? this.attr(n, 'n_levels'), signed = this.attr(n, 'signed');
        if (!mul || !add || div === undefined || levels === undefined) throw this.unsupported(n, 'RequantShift needs constant mul and add inputs and div and n_levels_out attributes');
        const x = this.val(n.inputs[0]!, n);
        const m = this.channelConst(n, mul, x), a = this.channelConst(n, add, x);
        this.checkIntegers(n, m, 'mul');
        this.checkIntegers(n, a, 'add');
        const [lo, hi] = signed ? [-levels / 2, levels / 2 - 1] : [0, levels - 1];
        // Deeploy rounds to nearest: floor((x·mul + add + div/2) / div) (its kernels and its reference data).
        const half = Float64Array.of(Math.floor(div / 2));
        return this.elementwise(
          n,
          (s) => (canFoldAffine(s) ? foldClamp(foldFloor({ ...foldAdd(foldAdd(foldMul(s, m), a), half), div: s.div * div, rounded: false }), lo, hi) : undefined),
          0,
        );
      }
      default:
        throw this.unsupported(n, `unsupported operator ${op}${n.domain ? ` (domain ${n.domain})` : ''}`);
    }
    void out;
  }

  private checkIntegers(n: OnnxNode, k: Float64Array, what: string): void {
    const i = k.findIndex((x) => !Number.isInteger(x));
    if (i >= 0) throw this.unsupported(n, `${what} ${k[i]} (element ${i}) is not an integer`);
  }

  /** A constant operand as a per-channel vector: a scalar, or C values shaped [C], [C,1,1] or [1,C,1,1] (NCHW broadcast). */
  private channelConst(n: OnnxNode, k: ConstTensor, x: Val): Float64Array {
    if (k.data.length === 1) return Float64Array.from(k.data);
    const d = [...k.dims];
    while (d.length && d[0] === 1) d.shift();
    const vector = x.h * x.w === 1;
    const ok = k.data.length === x.c && ((d.length === 3 && d[1] === 1 && d[2] === 1) || (d.length === 1 && vector));
    if (ok) return Float64Array.from(k.data);
    throw this.unsupported(n, `constant of shape [${k.dims.join(', ')}] is neither a scalar nor per-channel for an activation of ${x.c} channels`);
  }

  /** One elementwise op on input `ai`: folds into the chain, or materializes and starts a new chain. */
  private elementwise(n: OnnxNode, f: (s: Stage) => Stage | undefined, ai: number): void {
    let x = this.val(n.inputs[ai]!, n);
    if (x.pad) throw this.unsupported(n, 'a padded value must feed a Conv');
    const single = (this.uses.get(x.name) ?? 0) === 1;
    let next = single ? f(x.stage) : undefined;
    if (!next) {
      const src = this.materialize(x, n);
      x = this.val(src, n);
      next = f(identityStage(x.stage.intType));
      if (!next) throw this.unsupported(n, 'cannot fold into a requantization');
    }
    this.vals.set(n.outputs[0]!, { ...x, name: n.outputs[0]!, stage: next });
  }

  /** Input of a compute node: a materialized tensor. */
  private tensorIn(n: OnnxNode, i: number): { t: TensorDesc; v: Val } {
    const v = this.val(n.inputs[i]!, n);
    const pad = v.pad;
    const name = this.materialize({ ...v, pad: undefined }, n);
    const mv = this.val(name, n);
    return { t: this.tensors.get(name)!, v: { ...mv, pad, flatOf: v.flatOf } };
  }

  private openLayer(n: OnnxNode, layer: Layer, h: number, w: number, c: number, acc: [number, number], flatOf?: Val['flatOf']): void {
    this.layers.push(layer);
    this.accRange.set(layer, acc);
    this.vals.set(n.outputs[0]!, { name: n.outputs[0]!, open: layer, stage: identityStage(false), h, w, c, flatOf });
  }

  private conv(n: OnnxNode): void {
    const { t, v } = this.tensorIn(n, 0);
    const W = this.konst(n, 1);
    if (!W || W.dims.length !== 4) throw this.unsupported(n, 'Conv weights must be a constant [Cout, Cin/group, kh, kw] tensor');
    const [cout, cpg, kh, kw] = W.dims as [number, number, number, number];
    const group = this.attr(n, 'group') ?? 1;
    const dil = this.attr(n, 'dilations', [1, 1]);
    const autoPad = n.attrs.get('auto_pad');
    if (dil.some((d) => d !== 1)) throw this.unsupported(n, `dilations [${dil.join(', ')}]`);
    if (autoPad !== undefined && autoPad !== 'NOTSET') throw this.unsupported(n, `auto_pad ${String(autoPad)}`);
    const depthwise = group !== 1;
    if (depthwise && !(group === t.c && cpg === 1 && cout === t.c)) throw this.unsupported(n, `group ${group} with ${t.c} input and ${cout} output channels (only 1 or depthwise)`);
    if (!depthwise && cpg !== t.c) throw this.unsupported(n, `weights for ${cpg} input channels, input has ${t.c}`);
    const [sh, sw] = this.attr(n, 'strides', [1, 1]) as [number, number];
    const p = this.attr(n, 'pads', [0, 0, 0, 0]);
    const vp = v.pad ?? [0, 0, 0, 0];
    const pad: [number, number, number, number] = [p[0]! + vp[0], p[1]! + vp[1], p[2]! + vp[2], p[3]! + vp[3]];
    const oh = Math.floor((t.h + pad[0] + pad[2] - kh) / sh) + 1;
    const ow = Math.floor((t.w + pad[1] + pad[3] - kw) / sw) + 1;
    if (oh < 1 || ow < 1) throw this.unsupported(n, `empty output (${oh} x ${ow})`);
    // ONNX [cout][cin][kh][kw] → IR [cout][kh][kw][cin]
    const weights = new Float64Array(W.data.length);
    for (let o = 0; o < cout; o++)
      for (let ci = 0; ci < cpg; ci++)
        for (let y = 0; y < kh; y++)
          for (let x = 0; x < kw; x++) weights[((o * kh + y) * kw + x) * cpg + ci] = W.data[((o * cpg + ci) * kh + y) * kw + x]!;
    this.checkIntegers(n, weights, 'weight');
    const B = this.konst(n, 2);
    const bias = B ? Float64Array.from(B.data) : undefined;
    if (bias) this.checkIntegers(n, bias, 'bias');
    const layer: ConvLayer = {
      op: 'conv', index: this.layers.length, nodes: [n.name], inputs: [t.name], output: '', depthwise, cin: t.c, cout, kh, kw, sh, sw, pad, weights, bias,
    };
    this.openLayer(n, layer, oh, ow, cout, accBounds(weights, cout, t, bias));
  }

  private gemm(n: OnnxNode): void {
    const { t, v } = this.tensorIn(n, 0);
    const W = this.konst(n, 1);
    if (!W || W.dims.length !== 2) throw this.unsupported(n, `${n.opType} needs constant 2-D weights`);
    const k = t.h * t.w * t.c;
    let transB = false;
    if (n.opType === 'Gemm') {
      if ((this.attr(n, 'alpha') ?? 1) !== 1 || (this.attr(n, 'beta') ?? 1) !== 1 || (this.attr(n, 'transA') ?? 0) !== 0) throw this.unsupported(n, 'Gemm with alpha/beta ≠ 1 or transA');
      transB = (this.attr(n, 'transB') ?? 0) === 1;
    }
    const [r, c] = W.dims as [number, number];
    const [wk, wn] = transB ? [c, r] : [r, c];
    if (wk !== k) throw this.unsupported(n, `weights for ${wk} inputs, input has ${k} (${t.h} x ${t.w} x ${t.c})`);
    if (t.h * t.w > 1 && !v.flatOf) throw this.unsupported(n, `input '${t.name}' is ${t.h} x ${t.w} x ${t.c}, not flattened`);
    const flat = v.flatOf;
    const weights = new Float64Array(wn * k);
    for (let o = 0; o < wn; o++)
      for (let i = 0; i < k; i++) {
        // i is the ONNX (CHW-flattened) index; store at the HWC index.
        let j = i;
        if (flat && flat.h * flat.w > 1) {
          const ch = Math.floor(i / (flat.h * flat.w)), rest = i % (flat.h * flat.w);
          j = rest * flat.c + ch;
        }
        weights[o * k + j] = transB ? W.data[o * k + i]! : W.data[i * wn + o]!;
      }
    this.checkIntegers(n, weights, 'weight');
    const B = n.opType === 'Gemm' ? this.konst(n, 2) : undefined;
    if (n.opType === 'Gemm' && n.inputs[2] && !B) throw this.unsupported(n, 'Gemm bias must be a constant');
    const bias = B ? Float64Array.from(B.data) : undefined;
    if (bias && bias.length !== wn && bias.length !== 1) throw this.unsupported(n, `bias of ${bias.length} for ${wn} outputs`);
    if (bias) this.checkIntegers(n, bias, 'bias');
    const fullBias = bias && bias.length === 1 ? new Float64Array(wn).fill(bias[0]!) : bias;
    const layer: GemmLayer = { op: 'gemm', index: this.layers.length, nodes: [n.name], inputs: [t.name], output: '', k, n: wn, weights, bias: fullBias };
    this.openLayer(n, layer, 1, 1, wn, accBounds(weights, wn, t, fullBias));
  }

  private pool(n: OnnxNode): void {
    const { t } = this.tensorIn(n, 0);
    const global = n.opType.startsWith('Global');
    const kshape = global ? [t.h, t.w] : this.attr(n, 'kernel_shape', []);
    if (kshape.length !== 2) throw this.unsupported(n, 'pooling needs a 2-D kernel_shape');
    const [kh, kw] = kshape as [number, number];
    const [sh, sw] = global ? [1, 1] : (this.attr(n, 'strides', [1, 1]) as [number, number]);
    const p = global ? [0, 0, 0, 0] : this.attr(n, 'pads', [0, 0, 0, 0]);
    if ((this.attr(n, 'ceil_mode') ?? 0) !== 0) throw this.unsupported(n, 'ceil_mode 1');
    if (this.attr(n, 'dilations', [1, 1]).some((d) => d !== 1)) throw this.unsupported(n, 'pooling dilations');
    if (n.outputs.length > 1 && n.outputs.slice(1).some((o) => o && (this.uses.get(o) ?? 0) > 0)) throw this.unsupported(n, 'MaxPool indices output');
    const max = n.opType.includes('Max');
    const pad: [number, number, number, number] = [p[0]!, p[1]!, p[2]!, p[3]!];
    if (!max && pad.some((x) => x) && (this.attr(n, 'count_include_pad') ?? 0) !== 1) throw this.unsupported(n, 'AveragePool with padding and count_include_pad 0');
    const oh = Math.floor((t.h + pad[0] + pad[2] - kh) / sh) + 1;
    const ow = Math.floor((t.w + pad[1] + pad[3] - kw) / sw) + 1;
    const layer: PoolLayer = { op: max ? 'maxpool' : 'avgpool', index: this.layers.length, nodes: [n.name], inputs: [t.name], output: '', kh, kw, sh, sw, pad };
    const acc: [number, number] = max ? [t.lo, t.hi] : [Math.min(0, t.lo * kh * kw), Math.max(0, t.hi * kh * kw)];
    this.layers.push(layer);
    this.accRange.set(layer, acc);
    // avgpool: the layer computes the window sum; the division is the chain's first op.
    const stage = max ? identityStage(false) : foldDiv(identityStage(false), kh * kw);
    this.vals.set(n.outputs[0]!, { name: n.outputs[0]!, open: layer, stage, h: oh, w: ow, c: t.c });
  }

  private residual(n: OnnxNode): void {
    const a = this.val(n.inputs[0]!, n), b = this.val(n.inputs[1]!, n);
    const pre: Requant[] = [];
    const names: string[] = [];
    const nodes: string[] = [n.name];
    for (const x of [a, b]) {
      if (x.h !== a.h || x.w !== a.w || x.c !== a.c) throw this.unsupported(n, `operands of shapes ${a.h}x${a.w}x${a.c} and ${x.h}x${x.w}x${x.c}`);
      // An operand's own chain (single use, not an open layer) is this add's input requantization.
      if (!x.open && (this.uses.get(x.name) ?? 0) === 1 && !isIdentityStage(x.stage)) {
        if (!isIntegral(x.stage)) throw this.unsupported(n, `operand '${x.name}' is not an integer`);
        pre.push(stageRequant(x.stage));
        names.push(x.src!);
      } else {
        pre.push(identityRequant());
        names.push(this.materialize(x, n));
      }
    }
    const ta = this.tensors.get(names[0]!)!, tb = this.tensors.get(names[1]!)!;
    const [alo, ahi] = requantRange(pre[0]!, ta.lo, ta.hi);
    const [blo, bhi] = requantRange(pre[1]!, tb.lo, tb.hi);
    const layer: AddLayer = { op: 'add', index: this.layers.length, nodes, inputs: names, output: '', pre: [pre[0]!, pre[1]!] };
    this.layers.push(layer);
    this.accRange.set(layer, [alo + blo, ahi + bhi]);
    this.vals.set(n.outputs[0]!, { name: n.outputs[0]!, open: layer, stage: identityStage(a.stage.intType && b.stage.intType), h: a.h, w: a.w, c: a.c });
  }

  private reshape(n: OnnxNode): void {
    const x = this.val(n.inputs[0]!, n);
    if (x.pad) throw this.unsupported(n, 'a padded value must feed a Conv');
    let dims: number[];
    if (n.opType === 'Flatten') {
      const axis = this.attr(n, 'axis') ?? 1;
      if (axis !== 1) throw this.unsupported(n, `Flatten axis ${axis}`);
      dims = [1, x.h * x.w * x.c];
    } else {
      const s = this.konst(n, 1);
      if (!s) throw this.unsupported(n, 'Reshape needs a constant shape');
      const total = x.h * x.w * x.c;
      const known = [...s.data].filter((d) => d > 0).reduce((p, q) => p * q, 1);
      dims = [...s.data].map((d) => (d === -1 ? total / known : d === 0 ? 1 : d));
    }
    const nonUnit = dims.filter((d) => d !== 1);
    if (nonUnit.length > 1) throw this.unsupported(n, `reshape to [${dims.join(', ')}] (only to a vector)`);
    const k = nonUnit[0] ?? 1;
    if (x.h * x.w > 1) {
      // A spatial tensor is materialized in its own shape; the vector view keeps its CHW order for the Gemm.
      const t = this.val(this.materialize(x, n), n);
      this.vals.set(n.outputs[0]!, { ...t, name: n.outputs[0]!, h: 1, w: 1, c: k, flatOf: { h: x.h, w: x.w, c: x.c } });
      return;
    }
    // A vector reshape does not end the producer's chain.
    this.vals.set(n.outputs[0]!, { ...x, name: n.outputs[0]!, h: 1, w: 1, c: k });
  }

  private padNode(n: OnnxNode): void {
    const x = this.val(n.inputs[0]!, n);
    const mode = n.attrs.get('mode') ?? 'constant';
    const pk = this.konst(n, 1);
    const pads = pk ? [...pk.data] : this.attr(n, 'pads', []);
    const value = this.konst(n, 2)?.data[0] ?? this.attr(n, 'value') ?? 0;
    if (mode !== 'constant' || value !== 0) throw this.unsupported(n, `Pad mode ${String(mode)} value ${value} (only constant zero)`);
    if (pads.length !== 8 || pads[0] || pads[1] || pads[4] || pads[5]) throw this.unsupported(n, `pads [${pads.join(', ')}] (only H and W of an NCHW tensor)`);
    const name = this.materialize(x, n);
    const t = this.tensors.get(name)!;
    if (t.lo > 0 || t.hi < 0) throw this.unsupported(n, 'zero padding of a tensor whose range excludes zero');
    const pad: [number, number, number, number] = [pads[2]!, pads[3]!, pads[6]!, pads[7]!];
    this.vals.set(n.outputs[0]!, { ...this.val(name, n), name: n.outputs[0]!, pad });
  }
}

/** Per-channel accumulator bounds of a weighted sum over inputs in [t.lo, t.hi]: the min and max over channels. */
function accBounds(weights: Float64Array, channels: number, t: TensorDesc, bias?: Float64Array): [number, number] {
  const per = weights.length / channels;
  let lo = Infinity, hi = -Infinity;
  for (let o = 0; o < channels; o++) {
    let a = bias?.[o] ?? 0, b = a;
    for (let i = 0; i < per; i++) {
      const w = weights[o * per + i]!;
      a += Math.min(w * t.lo, w * t.hi);
      b += Math.max(w * t.lo, w * t.hi);
    }
    lo = Math.min(lo, a);
    hi = Math.max(hi, b);
  }
  return [lo, hi];
}

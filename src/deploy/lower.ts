/**
 * Lowering of the IR onto the deployment kernels (sw/deploy): every activation becomes an unsigned byte
 * with a zero point (u = v + zp, zp = −lo for a tensor whose range starts below 0), weights signed bytes,
 * and every requantization the device form
 *
 *   u = clamp((x · mul[c] + add[c]) >> shift, lo + zp_out, hi + zp_out)      (64-bit product and sum)
 *
 * with the zero points of the input and output and the layer's bias folded into `add` (and, for
 * convolutions, into the accumulator's bias: the im2col pads with the input's zero point, so
 * Σ w·u − zp·Σ w is the exact accumulator). Raw 32-bit accumulators are allowed for the network's output.
 */
import { interleaveWeightBlocks } from '../kernels/cluster/weight-layout.ts';
import { UserError } from '../util/errors.ts';
import type { Width } from './bits.ts';
import { type PackedConv, type PackedMode, packedWeightWords, rowUnit } from './packed.ts';
import { type Layer, type Network, type Requant, type TensorDesc, identityRequant, layerMacs } from './ir.ts';

export interface DeviceTensor {
  name: string;
  h: number;
  w: number;
  c: number;
  zp: number;
  dtype: 'u8' | 'i32';
  /** element bits in memory: 8 (bytes), 4 or 2 (packed, packed.ts), 32 (raw accumulators) */
  bits: number;
  bytes: number;
}

export interface DeviceRequant {
  mul: number[];
  add: bigint[];
  shift: number;
  lo: number;
  hi: number;
  perChannel: boolean;
  /** 64-bit arithmetic needed: |x · mul + add| can reach 2^31 for the inputs the layer can see */
  wide: boolean;
}

interface DevBase {
  index: number;
  layer: Layer;
  input: string[];
  output: string;
  macs: number;
}

export interface DevConv extends DevBase {
  kind: 'conv' | 'depthwise';
  /** conv: [cout][kpad]; depthwise: [c][kh·kw] */
  weights: Int8Array;
  kpad: number;
  bias: number[];
  rq?: DeviceRequant;
  out32: boolean;
  /** The build's linear_requant_pixels path (see fastPath), when it computes this layer exactly. */
  fast?: { weights: Uint32Array; kappa: number[]; lambda: number[] };
  /** column buffers instead of per-pixel im2col (deploy.h dp_conv.cols); the weights are in [cout][kx][ky][cin] order */
  cols: boolean;
  /** The packed path (packed.ts, sw/deploy/packed.c): input, weights or output narrower than 8 bits. */
  packed?: PackedConv;
  geometry: { h: number; w: number; cin: number; oh: number; ow: number; cout: number; kh: number; kw: number; sh: number; sw: number; pt: number; pl: number; zpIn: number };
}

export interface DevPool extends DevBase {
  kind: 'pool';
  isMax: boolean;
  rq: DeviceRequant;
  geometry: { h: number; w: number; c: number; oh: number; ow: number; kh: number; kw: number; sh: number; sw: number; pt: number; pl: number; zpIn: number };
}

export interface DevAdd extends DevBase {
  kind: 'add';
  pre: [DeviceRequant, DeviceRequant];
  rq: DeviceRequant;
  /**
   * Table form (every requantization scalar, each operand's pre-requantization spanning ≤ 256 values):
   * y = to[ta[a] + tb[b]] with ta[u] = pre_a(u) − min pre_a, tb[u] = pre_b(u) − min pre_b, to[i] = rq(i + min
   * pre_a + min pre_b), all evaluated exactly on the host.
   */
  lut?: { ta: Uint8Array; tb: Uint8Array; to: Uint8Array };
  /** element bits of the operands and the output when any is packed (table form only; sw/deploy/packed.c) */
  packed?: { a: number; b: number; out: number };
}

/** The device requantization of x for channel c, exactly (what dp_rq computes when the host allows it). */
export function evalDeviceRequant(r: DeviceRequant, x: number, c = 0): number {
  const i = r.perChannel ? c : 0;
  const t = (BigInt(x) * BigInt(r.mul[i]!) + r.add[i]!) >> BigInt(r.shift);
  return Number(t < BigInt(r.lo) ? BigInt(r.lo) : t > BigInt(r.hi) ? BigInt(r.hi) : t);
}

function addLut(pre: [DeviceRequant, DeviceRequant], rq: DeviceRequant): DevAdd['lut'] {
  if (pre[0].perChannel || pre[1].perChannel || rq.perChannel) return undefined;
  const a = Array.from({ length: 256 }, (_, u) => evalDeviceRequant(pre[0], u));
  const b = Array.from({ length: 256 }, (_, u) => evalDeviceRequant(pre[1], u));
  const amin = Math.min(...a), bmin = Math.min(...b);
  if (Math.max(...a) - amin > 255 || Math.max(...b) - bmin > 255) return undefined;
  const n = Math.max(...a) - amin + Math.max(...b) - bmin + 1;
  const to = new Uint8Array((n + 3) & ~3);
  for (let i = 0; i < n; i++) to[i] = evalDeviceRequant(rq, i + amin + bmin);
  return { ta: Uint8Array.from(a, (v) => v - amin), tb: Uint8Array.from(b, (v) => v - bmin), to };
}

export interface DevRequant extends DevBase {
  kind: 'requant';
  rq: DeviceRequant;
}

export type DevLayer = DevConv | DevPool | DevAdd | DevRequant;

export interface DeviceNet {
  net: Network;
  tensors: Map<string, DeviceTensor>;
  layers: DevLayer[];
}

const I32_MIN = -(2 ** 31), I32_MAX = 2 ** 31 - 1;
const align4 = (n: number) => (n + 3) & ~3;

function fail(l: Layer, msg: string): never {
  throw new UserError(`layer ${l.index} (${l.op} '${l.nodes[0] ?? l.output}'): ${msg}`);
}

/**
 * Device form of a requantization of x_dev = x_true + off (per channel), with output zero point zpOut;
 * |x_dev| ≤ xMax(c) decides whether 32-bit arithmetic is exact.
 */
export function deviceRequant(l: Layer, r: Requant, channels: number, off: (c: number) => number, zpOut: number, xMax: (c: number) => number): DeviceRequant {
  if (r.round === 'trunc') fail(l, 'truncating requantization of negative values (integer Div with a negative lower clamp) has no device form');
  const shift = Math.log2(r.div);
  if (!Number.isInteger(shift)) fail(l, `requantization divisor ${r.div} is not a power of two`);
  const perChannel = r.mul.length > 1 || r.add.length > 1;
  const offs = Array.from({ length: channels }, (_, c) => off(c));
  const offVaries = offs.some((o) => o !== offs[0]);
  const n = perChannel || offVaries ? channels : 1;
  const mul: number[] = [];
  const add: bigint[] = [];
  for (let c = 0; c < n; c++) {
    const m = r.mul.length === 1 ? r.mul[0]! : r.mul[c]!;
    const a = r.add.length === 1 ? r.add[0]! : r.add[c]!;
    if (m < I32_MIN || m > I32_MAX) fail(l, `multiplier ${m} does not fit 32 bits`);
    mul.push(m);
    add.push(BigInt(a) - BigInt(offs[c]!) * BigInt(m) + BigInt(zpOut) * (1n << BigInt(shift)));
  }
  const lo = Math.max(I32_MIN, r.lo + zpOut), hi = Math.min(I32_MAX, r.hi + zpOut);
  const limit = 2 ** 31 - 1;
  const wide = Array.from({ length: channels }, (_, c) => c).some((c) => {
    const i = n > 1 ? c : 0;
    return Math.abs(Number(add[i]!)) + xMax(c) * Math.abs(mul[i]!) > limit;
  });
  return { mul, add, shift, lo, hi, perChannel: n > 1, wide };
}

function deviceTensor(t: TensorDesc, isOutput: boolean, rawAcc: boolean, packedBits?: Width): DeviceTensor {
  const n = t.h * t.w * t.c;
  if (packedBits && packedBits < 8 && t.lo >= 0 && t.hi < 2 ** packedBits) return { ...t, zp: 0, dtype: 'u8', bits: packedBits, bytes: align4((n * packedBits) / 8) };
  if (t.lo >= 0 && t.hi <= 255) return { ...t, zp: 0, dtype: 'u8', bits: 8, bytes: align4(n) };
  if (t.hi - t.lo <= 255) return { ...t, zp: -t.lo, dtype: 'u8', bits: 8, bytes: align4(n) };
  if (isOutput && rawAcc && t.lo >= I32_MIN && t.hi <= I32_MAX) return { ...t, zp: 0, dtype: 'i32', bits: 32, bytes: 4 * n };
  throw new UserError(`tensor '${t.name}' takes values in [${t.lo}, ${t.hi}], more than 8 bits: the device keeps activations in bytes`);
}

function int8Weights(l: Layer, w: Float64Array): void {
  const i = w.findIndex((v) => v < -128 || v > 127);
  if (i >= 0) fail(l, `weight ${w[i]} (element ${i}) does not fit 8 bits`);
}

export interface LowerOptions {
  /** tensors narrowed by the policy (bits.ts applyPolicy): candidates for packed storage */
  tensorBits?: Map<string, Width>;
  /** per layer index: the policy's weight width */
  weightBits?: Width[];
}

/**
 * The device network. Packed storage: a narrowed tensor whose pixels are whole words at its width starts as a
 * candidate; a layer that cannot read or write it packed (no packed kernel for its op, a requantization the
 * packed pipeline does not compute exactly, no table form for an add) sends it back to bytes, until every
 * packed tensor's producer and consumers run packed kernels.
 */
export function lowerNetwork(net: Network, opts: LowerOptions = {}): DeviceNet {
  const packed = new Map<string, Width>();
  for (const [name, b] of opts.tensorBits ?? []) {
    const t = net.tensors.get(name);
    if (t && b < 8 && (t.c * b) % 32 === 0) packed.set(name, b);
  }
  for (;;) {
    const { dev, unpack } = lowerOnce(net, packed, opts.weightBits);
    if (!unpack.size) return dev;
    for (const n of unpack) packed.delete(n);
  }
}

function lowerOnce(net: Network, packedBits: Map<string, Width>, weightBits: Width[] | undefined): { dev: DeviceNet; unpack: Set<string> } {
  const unpack = new Set<string>();
  const tensors = new Map<string, DeviceTensor>();
  const rawOut = new Set(net.layers.filter((l) => (l.op === 'conv' || l.op === 'gemm') && !l.requant).map((l) => l.output));
  for (const t of net.tensors.values()) {
    if (rawOut.has(t.name) && t.name !== net.output) {
      const l = net.layers.find((x) => x.output === t.name)!;
      fail(l, 'a layer without requantization (32-bit outputs) is only allowed as the network output');
    }
    tensors.set(t.name, deviceTensor(t, t.name === net.output, rawOut.has(t.name), packedBits.get(t.name)));
  }
  // The network input is stored with its channels padded to whole words when only convolutions read it
  // and at most a quarter of the lanes would be padding (zero weights for the pad channels): the im2col then
  // copies words, not bytes (RGB input: 3 -> 4; a 1-channel input stays, padding would quadruple the MACs).
  const inT = tensors.get(net.input.name)!;
  const readers = net.layers.filter((l) => l.inputs.includes(net.input.name));
  if (inT.bits === 8 && inT.c % 4 && ((inT.c + 3) & ~3) - inT.c <= ((inT.c + 3) & ~3) / 4 && readers.every((l) => l.op === 'conv' && !l.depthwise)) {
    const c = (inT.c + 3) & ~3;
    tensors.set(net.input.name, { ...inT, c, bytes: inT.h * inT.w * c });
  }
  const dt = (name: string) => tensors.get(name)!;
  // a layer without a packed kernel for its tensors: those go back to bytes
  const bytesOnly = (l: Layer) => {
    for (const n of [...l.inputs, l.output]) if (dt(n).bits < 8) unpack.add(n);
  };
  const layers = net.layers.map((l): DevLayer => {
    const out = dt(l.output);
    const base = { index: l.index, layer: l, input: l.inputs, output: l.output, macs: layerMacs(l, net.tensors) };
    const inp = dt(l.inputs[0]!);
    switch (l.op) {
      case 'conv':
      case 'gemm': {
        const depthwise = l.op === 'conv' && l.depthwise;
        int8Weights(l, l.weights);
        const cout = l.op === 'conv' ? l.cout : l.n;
        const cin = l.op === 'conv' && !depthwise ? inp.c : 0;
        const src = l.op === 'conv' && !depthwise && cin !== l.cin ? padChannels(l.weights, cout * l.kh * l.kw, l.cin, cin) : l.weights;
        const k = l.op === 'conv' ? (depthwise ? l.kh * l.kw : l.kh * l.kw * cin) : l.k;
        // depthwise (sw/deploy/depthwise.c): per channel [kx][ceil(kh / 4) words], lane j of word q = tap ky = 4q + j
        const kwords = Math.ceil(l.op === 'conv' ? l.kh / 4 : 0);
        const kpad = depthwise ? 4 * l.kw * kwords : align4(k);
        const weights = new Int8Array(cout * kpad);
        const bias: number[] = [];
        // column buffers (deploy.h dp_conv.cols): convolutions that gather windows, with whole-word pixels;
        // their weights go in [cout][kx][ky][cin] order (the column buffer's order)
        const cols = l.op === 'conv' && !depthwise && cin % 4 === 0 && !(l.kh === 1 && l.kw === 1 && l.pad[0] === 0 && l.pad[1] === 0);
        const from = (i: number) => {
          if (depthwise && l.op === 'conv') {
            const j = i % 4, q = ((i - j) / 4) % kwords, kx = (i - j - 4 * q) / (4 * kwords), ky = 4 * q + j;
            return ky < l.kh ? ky * l.kw + kx : -1;
          }
          if (!cols || l.op !== 'conv') return i;
          const ci = i % cin, tap = (i - ci) / cin, ky = tap % l.kh, kx = (tap - ky) / l.kh;
          return (ky * l.kw + kx) * cin + ci;
        };
        for (let o = 0; o < cout; o++) {
          let sum = 0;
          for (let i = 0; i < (depthwise ? kpad : k); i++) {
            const f = from(i);
            const w = f < 0 ? 0 : src[o * k + f]!;
            weights[o * kpad + i] = w;
            sum += w;
          }
          const b = l.bias?.[o] ?? 0;
          // im2col, column buffers and the depthwise gather pad with the zero point, so every tap contributes w·zp.
          bias.push(b - inp.zp * sum);
          if (bias[o]! < I32_MIN || bias[o]! > I32_MAX) fail(l, `bias ${bias[o]} does not fit 32 bits`);
        }
        const out32 = out.dtype === 'i32';
        // |acc| ≤ |bias| + umax · Σ|w| per channel, umax the largest input byte from the tensor's range (a
        // narrowed --bits input reaches 15 or 3; at most 255); padding taps read zp ≤ umax
        const hiIn = net.tensors.get(l.inputs[0]!)!.hi;
        const umax = Math.min(255, Number.isFinite(hiIn) ? hiIn + inp.zp : 255);
        const accMax = (o: number) => Math.abs(bias[o]!) + umax * src.subarray(o * k, (o + 1) * k).reduce((a, w) => a + Math.abs(w), 0);
        for (let o = 0; o < cout; o++) if (accMax(o) > I32_MAX) fail(l, `accumulators of channel ${o} can exceed 32 bits`);
        const rq = out32 ? undefined : deviceRequant(l, l.requant ?? identityRequant(), cout, () => 0, out.zp, accMax);
        const g =
          l.op === 'conv'
            ? { h: inp.h, w: inp.w, cin, oh: out.h, ow: out.w, cout, kh: l.kh, kw: l.kw, sh: l.sh, sw: l.sw, pt: l.pad[0], pl: l.pad[1], zpIn: inp.zp }
            : { h: 1, w: 1, cin: l.k, oh: 1, ow: 1, cout, kh: 1, kw: 1, sh: 1, sw: 1, pt: 0, pl: 0, zpIn: inp.zp };
        const fast = !depthwise && rq ? fastPath(weights, cout, kpad, bias, rq) : undefined;
        // the packed path: any operand narrower than 8 bits; its weight rows of kp elements (zero tail) in the
        // column buffers' order or the natural one
        const oneByOne = l.op === 'conv' && l.kh === 1 && l.kw === 1 && l.pad[0] === 0 && l.pad[1] === 0;
        const [kh, kw] = l.op === 'conv' ? [l.kh, l.kw] : [1, 1];
        const ordered = (kp: number, colOrder: boolean) => {
          const rows = new Int8Array(cout * kp);
          for (let o = 0; o < cout; o++) {
            for (let i = 0; i < k; i++) {
              const ci = i % cin, tap = (i - ci) / cin, ky = tap % kh, kx = (tap - ky) / kh;
              rows[o * kp + i] = src[o * k + (colOrder ? (ky * kw + kx) * cin + ci : i)]!;
            }
          }
          return rows;
        };
        const wb = weightBits?.[l.index] ?? 8;
        let packed: PackedConv | undefined;
        if (!depthwise && rq && (inp.bits < 8 || out.bits < 8 || wb < 8)) {
          // the true accumulator's range per channel (padding taps contribute 0), from the input's range
          const x = net.tensors.get(l.inputs[0]!)!;
          const accRange = (o: number): [number, number] => {
            let lo = l.bias?.[o] ?? 0, hi = lo;
            for (let i = 0; i < k; i++) {
              const w = src[o * k + i]!;
              lo += Math.min(0, w * x.lo, w * x.hi);
              hi += Math.max(0, w * x.lo, w * x.hi);
            }
            return [lo, hi];
          };
          const clampAgrees = (top: number) => Array.from({ length: cout }, (_, o) => o).every((o) => sameClamp(rq, o, accRange(o), top));
          packed = packedConv(src, { a: inp.bits as Width, w: wb, out: out.bits as Width }, cout, cin, k, l.op === 'conv' ? oneByOne : true, l.op === 'conv', bias, rq, ordered, clampAgrees);
          if (!packed) bytesOnly(l);
        } else if (depthwise) bytesOnly(l);
        return { ...base, kind: depthwise ? 'depthwise' : 'conv', weights, kpad, bias, rq, out32, fast: packed ? undefined : fast, cols, packed, geometry: g };
      }
      case 'maxpool':
      case 'avgpool': {
        bytesOnly(l);
        const isMax = l.op === 'maxpool';
        const rq = deviceRequant(l, l.requant ?? identityRequant(), out.c, () => (isMax ? inp.zp : 0), out.zp, () => 255 * (isMax ? 1 : l.kh * l.kw));
        return {
          ...base, kind: 'pool', isMax, rq,
          geometry: { h: inp.h, w: inp.w, c: inp.c, oh: out.h, ow: out.w, kh: l.kh, kw: l.kw, sh: l.sh, sw: l.sw, pt: l.pad[0], pl: l.pad[1], zpIn: inp.zp },
        };
      }
      case 'add': {
        const b = dt(l.inputs[1]!);
        const pre: [DeviceRequant, DeviceRequant] = [
          deviceRequant(l, l.pre[0], out.c, () => inp.zp, 0, () => 255),
          deviceRequant(l, l.pre[1], out.c, () => b.zp, 0, () => 255),
        ];
        // the sum's bound: each operand's |pre(x)| over bytes 0..255
        const bound = (r: DeviceRequant, c: number) => {
          const i = r.perChannel ? c : 0;
          const m = (Math.abs(Number(r.add[i]!)) + 255 * Math.abs(r.mul[i]!)) / 2 ** r.shift + 1;
          return Math.min(m, Math.max(Math.abs(r.lo), Math.abs(r.hi)));
        };
        const sumMax = (c: number) => bound(pre[0], c) + bound(pre[1], c);
        const rq = deviceRequant(l, l.requant ?? identityRequant(), out.c, () => 0, out.zp, sumMax);
        const lut = out.dtype === 'u8' ? addLut(pre, rq) : undefined;
        const anyPacked = inp.bits < 8 || b.bits < 8 || out.bits < 8;
        if (anyPacked && !lut) bytesOnly(l);
        return { ...base, kind: 'add', pre, rq, lut, packed: anyPacked && lut ? { a: inp.bits, b: b.bits, out: out.bits } : undefined };
      }
      case 'requant':
        bytesOnly(l);
        return { ...base, kind: 'requant', rq: deviceRequant(l, l.requant!, out.c, () => inp.zp, out.zp, () => 255) };
    }
  });
  return { dev: { net, tensors, layers }, unpack };
}

/**
 * The packed path of a convolution / fully connected layer with formats f, or undefined when the build's
 * pipeline does not compute it exactly: the requantization must be its bn_quant at OUT bits (clamp 0 ..
 * 2^OUT − 1, 32-bit exact), whole 4-channel blocks and whole output words per pixel, the weights within W
 * bits, and activation rows of whole groups (kpad: k rounded up to 32 / min(A, W) elements, zero tail) whose
 * pixels are whole words unless the input is bytes. Mode: the input in place (1 × 1 unpadded, or a fully
 * connected layer's row, when it is exactly one row), column buffers (windows, whole-word pixels, no tail),
 * else im2col rows.
 */
function packedConv(src: Float64Array, f: { a: Width; w: Width; out: Width }, cout: number, cin: number, k: number, oneByOne: boolean, isConv: boolean, bias: number[],
  rq: DeviceRequant, ordered: (kp: number, colOrder: boolean) => Int8Array, clampAgrees: (top: number) => boolean): PackedConv | undefined {
  const top = 2 ** f.out - 1;
  if (rq.wide || rq.shift > 31 || cout % 4 || (cout * f.out) % 32) return undefined;
  if ((rq.lo !== 0 || rq.hi !== top) && !clampAgrees(top)) return undefined;
  const wlo = -(2 ** (f.w - 1)), whi = 2 ** (f.w - 1) - 1;
  if (src.some((v) => v < wlo || v > whi)) return undefined;
  // weights narrower than the activations whose groups would need a zero tail (ResNet-8's first layer: k =
  // 36 bytes, 4-bit groups of 8) are stored at the activations' width instead: exact (they fit), no tail, so
  // the column buffers stay usable, and the SIMD lanes are the activations' anyway
  if (f.w < f.a && k % rowUnit(f.a, f.w) !== 0 && k % rowUnit(f.a, f.a) === 0) f = { ...f, w: f.a };
  const kpad = Math.ceil(k / rowUnit(f.a, f.w)) * rowUnit(f.a, f.w);
  const wholePixels = isConv ? (cin * f.a) % 32 === 0 : (k * f.a) % 32 === 0;
  if (!wholePixels && f.a < 8) return undefined;
  let mode: PackedMode = 'rows';
  if (oneByOne && wholePixels && kpad === k) mode = 'direct';
  else if (isConv && !oneByOne && wholePixels && kpad === k) mode = 'cols';
  const weights = ordered(kpad, mode === 'cols');
  const kappa: number[] = [], lambda: number[] = [];
  for (let o = 0; o < cout; o++) {
    const i = rq.perChannel ? o : 0;
    kappa.push(rq.mul[i]!);
    lambda.push(Number(BigInt.asIntN(32, rq.add[i]! + BigInt(bias[o]!) * BigInt(rq.mul[i]!))));
  }
  return { ...f, kpad, mode, weights: packedWeightWords(weights, cout, kpad, f.w), kappa, lambda, shift: rq.shift };
}

/**
 * The cluster kernels' fused pipeline (sw/kernels linear_requant_pixels: Mac&Load or register-form 4 x 2
 * blocks, bn_quant `clip((acc · κ + λ) >> shift, 0, 255)` with a 32-bit multiply-add) computes a layer
 * exactly when its device requantization is that function: clamp 0..255, 32-bit arithmetic exact (|acc ·
 * mul + add| < 2^31 for every accumulator the layer can produce, so the wrapping sum is the true one), and
 * whole 4-channel blocks. The bias goes into λ = add + bias · mul (mod 2^32). Weights: the interleaved
 * block layout (src/kernels/cluster/weight-layout.ts) plus 4 zero words (the loop's prefetch reads past
 * the last block).
 */
export function fastPath(weights: Int8Array, cout: number, kpad: number, bias: number[], rq: DeviceRequant): DevConv['fast'] {
  if (rq.wide || rq.lo !== 0 || rq.hi !== 255 || cout % 4 || rq.shift > 31) return undefined;
  const rowWords = kpad / 4;
  const plain = new Uint32Array(cout * rowWords + 4);
  new Uint8Array(plain.buffer).set(new Uint8Array(weights.buffer, weights.byteOffset, cout * kpad));
  const inter = interleaveWeightBlocks(plain.subarray(0, cout * rowWords), cout, rowWords);
  const words = new Uint32Array(cout * rowWords + 4);
  words.set(inter);
  const kappa: number[] = [], lambda: number[] = [];
  for (let o = 0; o < cout; o++) {
    const i = rq.perChannel ? o : 0;
    kappa.push(rq.mul[i]!);
    lambda.push(Number(BigInt.asIntN(32, rq.add[i]! + BigInt(bias[o]!) * BigInt(rq.mul[i]!))));
  }
  return { weights: words, kappa, lambda };
}

/**
 * Whether clamping channel o's requantized value to [0, top] (the pipeline's bn_quant) gives the device
 * requantization's clamp to [rq.lo, rq.hi] for every accumulator in [acc0, acc1]: both clamps are piecewise
 * linear (slopes 0 and 1), so they agree on the reachable interval when they agree at its ends and on both
 * sides of every breakpoint inside it. (A narrowed policy can leave a signed output range only zeros or
 * only non-negative values: such layers still run packed.)
 */
function sameClamp(rq: DeviceRequant, o: number, [acc0, acc1]: [number, number], top: number): boolean {
  const i = rq.perChannel ? o : 0;
  const v = (acc: number) => (BigInt(acc) * BigInt(rq.mul[i]!) + rq.add[i]!) >> BigInt(rq.shift);
  let a = v(acc0), b = v(acc1);
  if (a > b) [a, b] = [b, a];
  const f1 = (x: bigint) => (x < BigInt(rq.lo) ? BigInt(rq.lo) : x > BigInt(rq.hi) ? BigInt(rq.hi) : x);
  const f2 = (x: bigint) => (x < 0n ? 0n : x > BigInt(top) ? BigInt(top) : x);
  const points = [a, b];
  for (const p of [BigInt(rq.lo), BigInt(rq.hi), 0n, BigInt(top)]) points.push(p - 1n, p, p + 1n);
  return points.every((x) => x < a || x > b || f1(x) === f2(x));
}

/** [rows][cin] → [rows][cinDev] with zero weights in the pad channels. */
function padChannels(w: Float64Array, rows: number, cin: number, cinDev: number): Float64Array {
  const out = new Float64Array(rows * cinDev);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cin; c++) out[r * cinDev + c] = w[r * cin + c]!;
  return out;
}

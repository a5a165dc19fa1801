/**
 * Bit-exact TypeScript execution of an imported network (ir.ts): every layer's output tensor in HWC
 * order, as exact integers (doubles; every intermediate product is checked to stay a safe integer).
 */
import { UserError } from '../util/errors.ts';
import { type Layer, type Network, type Requant, type TensorDesc, requantValue } from './ir.ts';

export type Activations = Map<string, Float64Array>;

/** Runs the network on `input` (HWC); returns every tensor by name, the input included. */
export function runReference(net: Network, input: Float64Array): Activations {
  const acts: Activations = new Map();
  const want = net.input.h * net.input.w * net.input.c;
  if (input.length !== want) throw new UserError(`input has ${input.length} values, the network takes ${want} (${net.input.h} x ${net.input.w} x ${net.input.c})`);
  acts.set(net.input.name, input);
  for (const l of net.layers) acts.set(l.output, runLayer(net, l, acts));
  return acts;
}

const rq = (r: Requant | undefined, x: number, c: number): number => (r ? requantValue(r, x, c) : x);

function check(v: number, l: Layer): number {
  if (!Number.isSafeInteger(v)) throw new UserError(`layer ${l.index} (${l.nodes[0] ?? l.op}): intermediate value ${v} is not a safe integer`);
  return v;
}

export function runLayer(net: Network, l: Layer, acts: Activations): Float64Array {
  const t = (name: string): TensorDesc => net.tensors.get(name)!;
  const out = t(l.output);
  const inp = t(l.inputs[0]!);
  const x = acts.get(inp.name)!;
  const y = new Float64Array(out.h * out.w * out.c);
  switch (l.op) {
    case 'conv': {
      const cpg = l.depthwise ? 1 : l.cin;
      for (let oy = 0; oy < out.h; oy++)
        for (let ox = 0; ox < out.w; ox++)
          for (let o = 0; o < out.c; o++) {
            let acc = l.bias?.[o] ?? 0;
            for (let ky = 0; ky < l.kh; ky++) {
              const iy = oy * l.sh - l.pad[0] + ky;
              if (iy < 0 || iy >= inp.h) continue;
              for (let kx = 0; kx < l.kw; kx++) {
                const ix = ox * l.sw - l.pad[1] + kx;
                if (ix < 0 || ix >= inp.w) continue;
                const wBase = ((o * l.kh + ky) * l.kw + kx) * cpg;
                const xBase = (iy * inp.w + ix) * inp.c;
                if (l.depthwise) acc += l.weights[wBase]! * x[xBase + o]!;
                else for (let ci = 0; ci < cpg; ci++) acc += l.weights[wBase + ci]! * x[xBase + ci]!;
              }
            }
            y[(oy * out.w + ox) * out.c + o] = rq(l.requant, check(acc, l), o);
          }
      return y;
    }
    case 'gemm': {
      for (let o = 0; o < l.n; o++) {
        let acc = l.bias?.[o] ?? 0;
        for (let i = 0; i < l.k; i++) acc += l.weights[o * l.k + i]! * x[i]!;
        y[o] = rq(l.requant, check(acc, l), o);
      }
      return y;
    }
    case 'maxpool':
    case 'avgpool': {
      const max = l.op === 'maxpool';
      for (let oy = 0; oy < out.h; oy++)
        for (let ox = 0; ox < out.w; ox++)
          for (let c = 0; c < out.c; c++) {
            let acc = max ? -Infinity : 0;
            for (let ky = 0; ky < l.kh; ky++) {
              const iy = oy * l.sh - l.pad[0] + ky;
              if (iy < 0 || iy >= inp.h) continue;
              for (let kx = 0; kx < l.kw; kx++) {
                const ix = ox * l.sw - l.pad[1] + kx;
                if (ix < 0 || ix >= inp.w) continue;
                const v = x[(iy * inp.w + ix) * inp.c + c]!;
                acc = max ? Math.max(acc, v) : acc + v;
              }
            }
            y[(oy * out.w + ox) * out.c + c] = rq(l.requant, acc, c);
          }
      return y;
    }
    case 'add': {
      const b = acts.get(l.inputs[1]!)!;
      for (let i = 0; i < y.length; i++) {
        const c = i % out.c;
        const s = requantValue(l.pre[0], x[i]!, c) + requantValue(l.pre[1], b[i]!, c);
        y[i] = rq(l.requant, check(s, l), c);
      }
      return y;
    }
    case 'requant': {
      for (let i = 0; i < y.length; i++) y[i] = rq(l.requant, x[i]!, i % out.c);
      return y;
    }
  }
}

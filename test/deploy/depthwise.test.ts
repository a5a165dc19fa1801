import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { deploy } from '../../src/deploy/flow.ts';

const { onnx } = onnxProto;

/** xorshift32 integers in [lo, hi] */
function ints(n: number, lo: number, hi: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return lo + (s % (hi - lo + 1));
  });
}

const tensor = (name: string, dims: number[], values: number[]) => ({ name, dims, dataType: onnx.TensorProto.DataType.FLOAT, floatData: values });
const ints64 = (name: string, v: number[]) => ({ name, type: onnx.AttributeProto.AttributeType.INTS, ints: v });
const int64 = (name: string, v: number) => ({ name, type: onnx.AttributeProto.AttributeType.INT, i: v });
const float = (name: string, v: number) => ({ name, type: onnx.AttributeProto.AttributeType.FLOAT, f: v });

/**
 * A NEMO-style network of two depthwise convolutions the example networks do not have: 6 channels (a
 * partial 4-channel group, pixels not whole words: the byte gather), a 5 × 3 kernel at stride (2, 1) (two
 * tap words per column), then a 3 × 3 one at stride 1; each requantized by Mul, Add, Div, Floor, Clip.
 */
function writeModel(dir: string): string {
  const c = 6;
  const layer = (i: number, kh: number, kw: number, stride: number[], pads: number[], x: string) => ({
    init: [
      tensor(`w${i}`, [c, 1, kh, kw], ints(c * kh * kw, -128, 127, 11 + i)),
      tensor(`b${i}`, [c], ints(c, -3000, 3000, 23 + i)),
      tensor(`k${i}`, [1, c, 1, 1], ints(c, 1, 9, 37 + i)),
      tensor(`l${i}`, [1, c, 1, 1], ints(c, -20000, 200000, 41 + i)),
      tensor(`d${i}`, [], [4096]),
    ],
    nodes: [
      { name: `conv${i}`, opType: 'Conv', input: [x, `w${i}`, `b${i}`], output: [`a${i}`], attribute: [int64('group', c), ints64('kernel_shape', [kh, kw]), ints64('strides', stride), ints64('pads', pads)] },
      { name: `mul${i}`, opType: 'Mul', input: [`a${i}`, `k${i}`], output: [`m${i}`] },
      { name: `add${i}`, opType: 'Add', input: [`m${i}`, `l${i}`], output: [`s${i}`] },
      { name: `div${i}`, opType: 'Div', input: [`s${i}`, `d${i}`], output: [`q${i}`] },
      { name: `floor${i}`, opType: 'Floor', input: [`q${i}`], output: [`f${i}`] },
      { name: `clip${i}`, opType: 'Clip', input: [`f${i}`], output: [`y${i}`], attribute: [float('min', 0), float('max', 255)] },
    ],
  });
  const l0 = layer(0, 5, 3, [2, 1], [2, 1, 2, 1], 'x');
  const l1 = layer(1, 3, 3, [1, 1], [1, 1, 1, 1], 'y0');
  const vi = (name: string, dims: number[]) => ({ name, type: { tensorType: { elemType: 1, shape: { dim: dims.map((d) => ({ dimValue: d })) } } } });
  const model = onnx.ModelProto.fromObject({
    irVersion: 6,
    opsetImport: [{ domain: '', version: 10 }],
    graph: { name: 'dw', node: [...l0.nodes, ...l1.nodes], initializer: [...l0.init, ...l1.init], input: [vi('x', [1, c, 11, 9])], output: [vi('y1', [1, c, 6, 9])] },
  });
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'dw.onnx');
  writeFileSync(path, onnx.ModelProto.encode(model).finish());
  return path;
}

describe('depthwise kernel (sw/deploy/depthwise.c) on shapes the example networks lack', () => {
  const model = writeModel(resolve(import.meta.dirname, '../../build/test-deploy-depthwise'));

  it('6 channels, a 5 x 3 kernel at stride (2, 1), then 3 x 3: bit-exact with the TS execution on the golden cluster', async () => {
    const r = await deploy({ model, config: 'xpulpnn', cores: 3, run: 'golden' });
    expect(r.reference).toMatch(/^ts-reference/);
    expect(r.layers.map((l) => [l.op, l.shape.join('x')])).toEqual([['depthwise', '6x9x6'], ['depthwise', '6x9x6']]);
    expect(r.layers.every((l) => l.bit_exact)).toBe(true);
    expect(r.bit_exact).toBe(true);
  });

  it('a wrong packed weight (second tap word of a column) is caught at its layer and channel', async () => {
    const r = await deploy({
      model, config: 'baseline', cores: 2, run: 'golden',
      alterLowered: (dev) => {
        const l = dev.layers[0]!;
        if (l.kind !== 'depthwise') throw new Error('layer 0 is depthwise');
        // channel 5, kx 1, word 1 (taps ky 4..7), lane 0: ky = 4
        l.weights[5 * l.kpad + (1 * 2 + 1) * 4] = l.weights[5 * l.kpad + (1 * 2 + 1) * 4]! ^ 0x40;
      },
    });
    expect(r.bit_exact).toBe(false);
    expect(r.first_mismatch?.index).toBe(0);
    expect(r.first_mismatch?.first?.c).toBe(5);
  });
});

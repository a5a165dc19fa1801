import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareWithReference } from '../../src/deploy/compare.ts';
import { importGraph, importOnnxFile } from '../../src/deploy/import/import.ts';
import { layerMacs, requantValue } from '../../src/deploy/ir.ts';
import { deeployModel, doryModel } from '../../src/deploy/models.ts';
import { parseNpy } from '../../src/deploy/npz.ts';
import { loadOnnx } from '../../src/deploy/onnx/model.ts';
import { findReference } from '../../src/deploy/refdata.ts';
import { runReference } from '../../src/deploy/reference.ts';

/** Import + TS execution, checked layer by layer against the exporters' own reference activations. */
function check(path: string) {
  const net = importOnnxFile(path);
  const ref = findReference(dirname(path))!;
  const acts = runReference(net, ref.input.data);
  return { net, ref, result: compareWithReference(net, acts, ref.tensors) };
}

describe('ONNX import and TS reference, bit-exact at every layer', () => {
  it('Deeploy KeywordSpotting (RequantShift, depthwise, global max pool, Gemm)', () => {
    const { net, result } = check(deeployModel('KeywordSpotting'));
    expect(net.conventions).toEqual(['deeploy']);
    expect(result.layers.every((l) => l.status === 'match')).toBe(true);
    expect(result.bitExact).toBe(true);
    expect(net.layers.filter((l) => l.op === 'conv' && l.depthwise).length).toBe(4);
    expect(net.layers.map((l) => l.op)).toContain('maxpool');
  });

  it('Deeploy ImageClassification (ResNet-8: residual adds with requantized operands)', () => {
    const { net, result } = check(deeployModel('ImageClassification'));
    expect(result.bitExact).toBe(true);
    expect(result.layers.every((l) => l.status === 'match')).toBe(true);
    const adds = net.layers.filter((l) => l.op === 'add');
    expect(adds.length).toBe(3);
    // The skip branch's RequantShift is the add's input requantization (mul 32768 / 65536), not a layer.
    expect(adds.some((a) => a.op === 'add' && a.pre.some((p) => p.div === 65536))).toBe(true);
    const macs = net.layers.reduce((s, l) => s + layerMacs(l, net.tensors), 0);
    expect(macs).toBe(12_501_632);
  });

  it('NEMO Residual_connection_test_1 (Mul/Add/Div/Floor/Clip, float-Sigmoid tail left to the host)', () => {
    const { net, result, ref } = check(doryModel('Residual_connection_test_1'));
    expect(net.conventions).toEqual(['nemo']);
    expect(net.hostTail).toEqual(['Sigmoid_82 (Sigmoid)']);
    expect(result.referencesMatched).toBe(ref.tensors.length);
    expect(result.bitExact).toBe(true);
    // The residual sum (Mul + Mul, Add, Div, Floor: [0, 510]) is saturated to a byte as DORY's add does.
    const add = net.layers.find((l) => l.op === 'add')!;
    expect(net.saturated).toEqual([`layer ${add.index} (add 'Add_64' -> '114'): [0, 510] saturated to [0, 255]`]);
    expect([add.requant?.lo, add.requant?.hi]).toEqual([0, 255]);
    expect(requantValue(add.requant!, 2 * add.requant!.div * 255, 0)).toBe(255);
    expect([net.tensors.get('114')!.lo, net.tensors.get('114')!.hi]).toEqual([0, 255]);
  });

  it('a wrong weight is caught at its layer with index, shape position and values', () => {
    const path = deeployModel('KeywordSpotting');
    const net = importOnnxFile(path);
    const ref = findReference(dirname(path))!;
    const l = net.layers[2]!;
    if (l.op !== 'conv') throw new Error('layer 2 of KWS is a conv');
    l.weights[0] = l.weights[0]! + 7;
    const r = compareWithReference(net, runReference(net, ref.input.data), ref.tensors);
    expect(r.bitExact).toBe(false);
    expect(r.firstMismatch?.index).toBe(2);
    expect(r.firstMismatch?.first).toMatchObject({ c: 0 });
    expect(r.layers.slice(0, 2).every((x) => x.status === 'match')).toBe(true);
  });

  it('an unsupported operator names the node, its op type, inputs and the supported patterns', () => {
    const g = loadOnnx(deeployModel('AnomalyDetection'));
    const n = g.nodes[2]!;
    n.opType = 'LeakyRelu';
    expect(() => importGraph(g)).toThrowError(new RegExp(`unsupported operator LeakyRelu: node '${n.name}' \\(LeakyRelu\\) inputs \\[.*\\][\\s\\S]*RequantShift`));
  });

  it('a Div by a non-constant is refused with the pattern list', () => {
    const g = loadOnnx(doryModel('Residual_connection_test_1'));
    const div = g.nodes.find((n) => n.opType === 'Div')!;
    div.inputs[1] = div.inputs[0]!;
    expect(() => importGraph(g)).toThrowError(/Div needs a positive integer scalar divisor: node 'Div_\d+'/);
  });
});

describe('.npy reader', () => {
  const npy = (descr: string, shape: string, body: number[]) => {
    const header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape}), }`.padEnd(118, ' ') + '\n';
    const bytes = new Uint8Array(10 + header.length + body.length);
    bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]);
    bytes.set(new TextEncoder().encode(header), 10);
    bytes.set(body, 10 + header.length);
    return bytes;
  };
  it('reads little-endian int16 and int64 arrays with their shape', () => {
    const a = parseNpy(npy('<i2', '2, 1', [0xff, 0xff, 5, 0]), 't');
    expect([...a.data]).toEqual([-1, 5]);
    expect(a.shape).toEqual([2, 1]);
    const b = parseNpy(npy('<i8', '1,', [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), 't');
    expect([...b.data]).toEqual([-2]);
  });
  it('refuses a bad magic and a truncated body', () => {
    expect(() => parseNpy(new Uint8Array(20), 'x.npy')).toThrowError(/bad magic/);
    expect(() => parseNpy(npy('<i4', '3,', [1, 0, 0, 0]), 'x.npy')).toThrowError(/truncated/);
  });
});

/**
 * ONNX model loading through `onnx-proto` (the ONNX schema compiled for protobufjs): decodes the
 * ModelProto and flattens it into plain nodes, constant tensors (initializers and `Constant` nodes) as
 * exact numbers, and the graph's inputs and outputs with their shapes.
 */
import { readFileSync } from 'node:fs';
import onnxProto from 'onnx-proto';
import { UserError } from '../../util/errors.ts';

const { onnx } = onnxProto;

export interface ConstTensor {
  dims: number[];
  data: Float64Array;
}

export type AttrValue = number | number[] | string | ConstTensor;

export interface OnnxNode {
  name: string;
  opType: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attrs: Map<string, AttrValue>;
  /** Index in the graph's node list, for messages. */
  index: number;
}

export interface OnnxGraph {
  path: string;
  opset: number;
  nodes: OnnxNode[];
  consts: Map<string, ConstTensor>;
  inputs: Array<{ name: string; dims: number[] }>;
  outputs: string[];
}

type Long = { toNumber(): number };
const num = (v: number | Long | null | undefined): number => (v === null || v === undefined ? 0 : typeof v === 'number' ? v : v.toNumber());

/** A TensorProto's values as exact numbers (integers and floats; 64-bit integers must be safe). */
export function tensorValues(t: InstanceType<typeof onnx.TensorProto>, where: string): ConstTensor {
  const dims = t.dims.map(num);
  const count = dims.reduce((a, b) => a * b, 1);
  const T = onnx.TensorProto.DataType;
  let data: Float64Array;
  const raw = t.rawData && t.rawData.length ? t.rawData : undefined;
  if (raw) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const read: Record<number, [number, (o: number) => number]> = {
      [T.FLOAT]: [4, (o) => view.getFloat32(o, true)],
      [T.DOUBLE]: [8, (o) => view.getFloat64(o, true)],
      [T.INT8]: [1, (o) => view.getInt8(o)],
      [T.UINT8]: [1, (o) => view.getUint8(o)],
      [T.INT16]: [2, (o) => view.getInt16(o, true)],
      [T.UINT16]: [2, (o) => view.getUint16(o, true)],
      [T.INT32]: [4, (o) => view.getInt32(o, true)],
      [T.UINT32]: [4, (o) => view.getUint32(o, true)],
      [T.INT64]: [8, (o) => Number(view.getBigInt64(o, true))],
      [T.UINT64]: [8, (o) => Number(view.getBigUint64(o, true))],
      [T.BOOL]: [1, (o) => view.getUint8(o)],
    };
    const r = read[t.dataType];
    if (!r) throw new UserError(`tensor '${t.name}': unsupported data type ${T[t.dataType] ?? t.dataType}`, where);
    const [size, get] = r;
    if (raw.byteLength !== count * size) throw new UserError(`tensor '${t.name}': ${raw.byteLength} raw bytes for ${count} elements of ${size}`, where);
    data = new Float64Array(count);
    for (let i = 0; i < count; i++) data[i] = get(i * size);
  } else {
    const src: ArrayLike<number | Long> =
      t.floatData.length ? t.floatData : t.int32Data.length ? t.int32Data : t.int64Data.length ? t.int64Data : t.doubleData.length ? t.doubleData : t.uint64Data;
    if (src.length !== count) throw new UserError(`tensor '${t.name}': ${src.length} values for shape [${dims.join(', ')}]`, where);
    data = Float64Array.from(Array.from(src, num));
  }
  for (let i = 0; i < data.length; i++) {
    if (Number.isInteger(data[i]) && !Number.isSafeInteger(data[i])) throw new UserError(`tensor '${t.name}': element ${i} is not a safe integer`, where);
  }
  return { dims, data };
}

function attrValue(a: InstanceType<typeof onnx.AttributeProto>, where: string): AttrValue {
  const A = onnx.AttributeProto.AttributeType;
  switch (a.type) {
    case A.FLOAT: return a.f;
    case A.INT: return num(a.i);
    case A.STRING: return new TextDecoder().decode(a.s);
    case A.TENSOR: return tensorValues(onnx.TensorProto.create(a.t ?? {}), where);
    case A.INTS: return a.ints.map(num);
    case A.FLOATS: return [...a.floats];
    default: return `<${A[a.type] ?? a.type}>`;
  }
}

/** Reads and decodes an ONNX file. */
export function loadOnnx(path: string): OnnxGraph {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new UserError(`cannot read ONNX model: ${(e as Error).message}`, path);
  }
  let model: InstanceType<typeof onnx.ModelProto>;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new UserError(`not an ONNX model (protobuf decode failed: ${(e as Error).message})`, path);
  }
  const g = model.graph;
  if (!g || !g.node?.length) throw new UserError('ONNX model has no graph nodes', path);
  const opset = num(model.opsetImport.find((o) => !o.domain)?.version);
  const consts = new Map<string, ConstTensor>();
  for (const t of g.initializer ?? []) consts.set(t.name ?? '', tensorValues(onnx.TensorProto.create(t), path));
  const nodes: OnnxNode[] = [];
  g.node.forEach((n, index) => {
    const output = n.output ?? [];
    const opType = n.opType ?? '';
    const where = `${path}: node ${index} '${n.name}'`;
    const attrs = new Map<string, AttrValue>();
    for (const a of n.attribute ?? []) attrs.set(a.name ?? '', attrValue(onnx.AttributeProto.create(a), where));
    if (opType === 'Constant') {
      const v = attrs.get('value');
      if (!v || typeof v !== 'object' || Array.isArray(v)) throw new UserError(`Constant '${n.name}' without a tensor value`, where);
      consts.set(output[0]!, v);
      return;
    }
    nodes.push({ name: n.name || `${opType}_${index}`, opType, domain: n.domain ?? '', inputs: [...(n.input ?? [])], outputs: [...output], attrs, index });
  });
  const inputs = (g.input ?? [])
    .filter((i) => !consts.has(i.name ?? ''))
    .map((i) => ({ name: i.name ?? '', dims: (i.type?.tensorType?.shape?.dim ?? []).map((d) => num(d.dimValue)) }));
  return { path, opset, nodes, consts, inputs, outputs: (g.output ?? []).map((o) => o.name ?? '') };
}

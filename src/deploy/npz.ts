/**
 * NumPy `.npz` / `.npy` reader: a zip archive (fflate) of `.npy` arrays (format 1.0-3.0, little- or
 * big-endian integers, floats and bools, C order). Integer arrays become `Float64Array`s of exact values
 * (every element checked to be a safe integer), so the rest of the flow works on plain numbers.
 */
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { UserError } from '../util/errors.ts';

export interface NpyArray {
  shape: number[];
  /** dtype as written in the header, e.g. `<i8`. */
  dtype: string;
  data: Float64Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** Parses one `.npy` file; `where` names it in errors. */
export function parseNpy(bytes: Uint8Array, where: string): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new UserError('not a .npy array (bad magic)', where);
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  const header = new TextDecoder(major >= 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, headerStart + headerLen));
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shapeText === undefined) throw new UserError(`unreadable .npy header: ${header.trim()}`, where);
  if (fortran === 'True') throw new UserError('Fortran-order .npy arrays are not supported', where);
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const m = /^([<>|=])([iufb])(\d+)$/.exec(descr);
  if (!m) throw new UserError(`unsupported .npy dtype '${descr}' (integers, floats, bools)`, where);
  const little = m[1] !== '>';
  const kind = m[2]!;
  const size = Number(m[3]);
  const start = headerStart + headerLen;
  if (bytes.length < start + count * size) throw new UserError(`truncated .npy data: ${count} x ${size} bytes expected`, where);
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const o = start + i * size;
    let v: number;
    if (kind === 'f') v = size === 4 ? view.getFloat32(o, little) : size === 8 ? view.getFloat64(o, little) : NaN;
    else if (size === 1) v = kind === 'i' ? view.getInt8(o) : view.getUint8(o);
    else if (size === 2) v = kind === 'i' ? view.getInt16(o, little) : view.getUint16(o, little);
    else if (size === 4) v = kind === 'i' ? view.getInt32(o, little) : view.getUint32(o, little);
    else if (size === 8) {
      const big = kind === 'i' ? view.getBigInt64(o, little) : view.getBigUint64(o, little);
      v = Number(big);
      if (!Number.isSafeInteger(v)) throw new UserError(`element ${i} (${big}) is not a safe integer`, where);
    } else v = NaN;
    if (Number.isNaN(v) && kind !== 'f') throw new UserError(`unsupported .npy dtype '${descr}'`, where);
    data[i] = v;
  }
  return { shape, dtype: descr, data };
}

/** Reads every array of an `.npz` file, keyed by name (without `.npy`). */
export function readNpz(path: string): Map<string, NpyArray> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(readFileSync(path));
  } catch (e) {
    throw new UserError(`cannot read .npz archive: ${(e as Error).message}`, path);
  }
  const out = new Map<string, NpyArray>();
  for (const [name, bytes] of Object.entries(files)) {
    if (!name.endsWith('.npy')) continue;
    out.set(name.slice(0, -4), parseNpy(bytes, `${path}:${name}`));
  }
  return out;
}

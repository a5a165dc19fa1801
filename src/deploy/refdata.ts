/**
 * The reference activations that come with a model, converted to HWC:
 * - Deeploy: `inputs.npz`, `activations.npz`, `outputs.npz` next to the model (NCHW int64 arrays);
 * - DORY: `input.txt` (CHW, header `# input (shape [C, H, W])`) and `out_layerN.txt` / `output.txt`
 *   (header `# name (shape [H, W, C])`, one value per line, HWC).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../util/errors.ts';
import { readNpz } from './npz.ts';

export interface RefTensor {
  name: string;
  /** HWC dims (vectors: 1, 1, k) */
  h: number;
  w: number;
  c: number;
  data: Float64Array;
}

export interface ReferenceSet {
  kind: 'deeploy-npz' | 'dory-txt';
  dir: string;
  input: RefTensor;
  /** Intermediate and output tensors, in file order. */
  tensors: RefTensor[];
}

/** NCHW (or [1, K]) array → HWC tensor. */
function fromNchw(name: string, shape: number[], data: Float64Array): RefTensor {
  const s = shape[0] === 1 && shape.length > 1 ? shape.slice(1) : shape;
  if (s.length === 1) return { name, h: 1, w: 1, c: s[0]!, data };
  if (s.length === 2) return { name, h: 1, w: s[1]!, c: s[0]!, data: chwToHwc(data, s[0]!, 1, s[1]!) };
  if (s.length === 3) return { name, h: s[1]!, w: s[2]!, c: s[0]!, data: chwToHwc(data, s[0]!, s[1]!, s[2]!) };
  throw new UserError(`array '${name}' of shape [${shape.join(', ')}] is not an activation`);
}

export function chwToHwc(d: Float64Array, c: number, h: number, w: number): Float64Array {
  const out = new Float64Array(d.length);
  for (let ch = 0; ch < c; ch++) for (let i = 0; i < h * w; i++) out[i * c + ch] = d[ch * h * w + i]!;
  return out;
}

function readDeeploy(dir: string): ReferenceSet {
  const inputs = readNpz(join(dir, 'inputs.npz'));
  if (inputs.size !== 1) throw new UserError(`expected one input array, found ${inputs.size}`, join(dir, 'inputs.npz'));
  const [[iname, iarr]] = [...inputs];
  const tensors: RefTensor[] = [];
  for (const f of ['activations.npz', 'outputs.npz']) {
    if (!existsSync(join(dir, f))) continue;
    for (const [name, a] of readNpz(join(dir, f))) tensors.push(fromNchw(`${f}:${name}`, a.shape, a.data));
  }
  return { kind: 'deeploy-npz', dir, input: fromNchw(iname!, iarr!.shape, iarr!.data), tensors };
}

function readDoryTxt(path: string): { name: string; shape: number[]; data: Float64Array } {
  const lines = readFileSync(path, 'utf8').split('\n');
  const m = /^#\s*(.*?)\s*\(shape \[([^\]]*)\]\)/.exec(lines[0] ?? '');
  if (!m) throw new UserError(`expected a '# name (shape [...])' header, found '${lines[0]}'`, `${path}:1`);
  const shape = m[2]!.split(',').map((s) => Number(s.trim()));
  const vals: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const t = lines[i]!.replace(/[,\\\s]/g, '');
    if (!t) continue;
    const v = Number(t);
    if (!Number.isFinite(v)) throw new UserError(`not a number: '${lines[i]}'`, `${path}:${i + 1}`);
    vals.push(v);
  }
  const count = shape.reduce((a, b) => a * b, 1);
  if (vals.length !== count) throw new UserError(`${vals.length} values for shape [${shape.join(', ')}]`, path);
  return { name: m[1]!, shape, data: Float64Array.from(vals) };
}

function readDory(dir: string): ReferenceSet {
  const inp = readDoryTxt(join(dir, 'input.txt'));
  const s = inp.shape;
  const [c, h, w] = s.length === 3 ? [s[0]!, s[1]!, s[2]!] : s.length === 1 ? [s[0]!, 1, 1] : [0, 0, 0];
  if (!c) throw new UserError(`input shape [${s.join(', ')}] is not [C, H, W]`, join(dir, 'input.txt'));
  const input: RefTensor = { name: 'input.txt', h, w, c, data: chwToHwc(inp.data, c, h, w) };
  const files = readdirSync(dir)
    .map((f) => ({ f, n: /^out_layer(\d+)\.txt$/.exec(f) }))
    .filter((x) => x.n)
    .sort((a, b) => Number(a.n![1]) - Number(b.n![1]))
    .map((x) => x.f);
  if (existsSync(join(dir, 'output.txt'))) files.push('output.txt');
  const tensors = files.map((f) => {
    const t = readDoryTxt(join(dir, f));
    const sh = t.shape;
    const [th, tw, tc] = sh.length === 3 ? [sh[0]!, sh[1]!, sh[2]!] : [1, 1, sh.reduce((a, b) => a * b, 1)];
    return { name: `${f}:${t.name}`, h: th, w: tw, c: tc, data: t.data };
  });
  return { kind: 'dory-txt', dir, input, tensors };
}

/** Finds the reference data in `dir` (Deeploy .npz or DORY .txt), or undefined when there is none. */
export function findReference(dir: string): ReferenceSet | undefined {
  if (existsSync(join(dir, 'inputs.npz'))) return readDeeploy(dir);
  if (existsSync(join(dir, 'input.txt'))) return readDory(dir);
  return undefined;
}

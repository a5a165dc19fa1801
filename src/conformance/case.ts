import { pack } from '../kernels/ref/pack.ts';
import { Rng } from '../randprog/rng.ts';
import type { Fmt, KernelEntry } from './catalog.ts';

/**
 * One kernel call of a conformance driver: the buffers it reads and writes (as bytes, in the layout the
 * kernel expects), its arguments by parameter name (a number, or the name of a buffer), and the bytes the
 * TypeScript reference expects in its output buffer.
 */
export interface Buffer {
  name: string;
  bytes: Uint8Array;
  /** Compared after the call (and copied back to L2 on the cluster). */
  output?: boolean;
  /** Work space of the kernel (im2col, weight buffer): uninitialized, only its size counts. */
  scratch?: boolean;
}

export interface Call {
  /** What the call exercises, e.g. the requantization path `bn+relu`. */
  label: string;
  buffers: Buffer[];
  /** Parameter name -> numeric value, or `{ buffer }` (pointer to that buffer's first byte), or null (NULL). */
  args: Record<string, number | { buffer: string; offset?: number } | null>;
  output: string;
  expected: Uint8Array;
  macs: number;
}

export interface Case {
  calls: Call[];
  /** The kernel splits its work over NUM_CORES (false: a helper a parallel kernel calls per core). */
  parallel: boolean;
}

/** Why a kernel has no driver (reported, never silently skipped). */
export class NoDriver extends Error {}

/** A case builder per kind: the kernel, the team size it is built for and a seeded generator. */
export type CaseBuilder = (k: KernelEntry, cores: number, rng: Rng) => Case;

export const range = (f: Fmt) => (f.signed ? { lo: -(2 ** (f.bits - 1)), hi: 2 ** (f.bits - 1) - 1 } : { lo: 0, hi: 2 ** f.bits - 1 });

/** `n` random elements of a format. */
export function randomTensor(rng: Rng, f: Fmt, n: number): Int32Array {
  const { lo, hi } = range(f);
  return Int32Array.from({ length: n }, () => rng.int(lo, hi));
}

/** Elements packed little-endian, lane 0 lowest (spec §3), as bytes. */
export function packBytes(values: ArrayLike<number>, bits: number): Uint8Array {
  if (bits === 32) return new Uint8Array(Int32Array.from(values).buffer);
  const words = pack(values, bits);
  return new Uint8Array(words.buffer).slice(0, Math.ceil((values.length * bits) / 8));
}

export function int32Bytes(values: ArrayLike<number>): Uint8Array {
  return new Uint8Array(Int32Array.from(values).buffer);
}

/** Clip to a format's range (the kernels' clip / clipu). */
export function clipTo(v: number, f: Fmt): number {
  const { lo, hi } = range(f);
  return v < lo ? lo : v > hi ? hi : v;
}

/** Mean and spread of accumulators, for choosing requantization parameters that use the whole output range. */
function stats(acc: ArrayLike<number>): { mean: number; sigma: number } {
  let s = 0, q = 0;
  for (let i = 0; i < acc.length; i++) { s += acc[i]; q += acc[i] * acc[i]; }
  const mean = s / acc.length;
  return { mean, sigma: Math.max(1, Math.sqrt(Math.max(0, q / acc.length - mean * mean))) };
}

/**
 * The three requantization paths of the PULP-NN kernels, selected by (flag_relu, flag_batch_norm):
 * `bn+relu` (1, 1): clip((kappa[o] * acc + lambda[o]) >> shift); `relu` (1, 0): clip((out_mult * acc) >> shift),
 * out_mult an int16; `shift` (0, x): clip(acc >> shift). Arithmetic wraps in 32 bits; >> is arithmetic.
 */
export type RequantPath = 'bn+relu' | 'relu' | 'shift';
export const REQUANT_PATHS: readonly RequantPath[] = ['bn+relu', 'relu', 'shift'];

export interface Requant {
  path: RequantPath;
  kappa: Int32Array;
  lambda: Int32Array;
  mult: number;
  shift: number;
}

export function chooseRequant(rng: Rng, path: RequantPath, acc: ArrayLike<number>, channels: number, out: Fmt): Requant {
  const { mean, sigma } = stats(acc);
  const span = range(out).hi - range(out).lo + 1;
  const center = (range(out).hi + range(out).lo + 1) / 2;
  const kappa = new Int32Array(channels), lambda = new Int32Array(channels);
  let shift = 0, mult = 1;
  if (path === 'shift') {
    shift = Math.max(0, Math.round(Math.log2((4 * sigma) / span)));
  } else if (path === 'relu') {
    shift = 16;
    mult = Math.round((2 ** shift * span) / (4 * sigma));
    while (mult > 32767 && shift > 0) { shift--; mult = Math.round((2 ** shift * span) / (4 * sigma)); }
    mult = Math.max(1, Math.min(32767, mult));
  } else {
    shift = 16;
    for (let o = 0; o < channels; o++) {
      kappa[o] = Math.max(1, Math.round(((2 ** shift * span) / (4 * sigma)) * (0.75 + rng.int(0, 50) / 100)));
      lambda[o] = (Math.round(center * 2 ** shift - kappa[o] * mean) + rng.int(-(2 ** (shift - 1)), 2 ** (shift - 1))) | 0;
    }
  }
  return { path, kappa, lambda, mult, shift };
}

export function requantOne(acc: number, o: number, rq: Requant, out: Fmt): number {
  if (rq.path === 'bn+relu') return clipTo(((Math.imul(acc, rq.kappa[o]) + rq.lambda[o]) | 0) >> rq.shift, out);
  if (rq.path === 'relu') return clipTo(Math.imul(acc, rq.mult) >> rq.shift, out);
  return clipTo(acc >> rq.shift, out);
}

/** The flag and parameter arguments of a requantization path (PULP-NN parameter names). */
export function requantArgs(rq: Requant): Call['args'] {
  return {
    pKappa: { buffer: 'kappa' },
    pLambda: { buffer: 'lambda' },
    out_mult: rq.mult,
    out_shift: rq.shift,
    flag_relu: rq.path === 'shift' ? 0 : 1,
    flag_batch_norm: rq.path === 'bn+relu' ? 1 : 0,
  };
}

export function requantBuffers(rq: Requant): Buffer[] {
  return [{ name: 'kappa', bytes: int32Bytes(rq.kappa) }, { name: 'lambda', bytes: int32Bytes(rq.lambda) }];
}

/**
 * The requantization calls of a layer: one per path over the same data (parameters fitted to the
 * accumulators), and one more on the first path without bias (pBias = NULL), which separates a kernel's
 * bias handling from its arithmetic. `accOf(withBias)` gives the accumulators; `outArgs` the output pointers.
 */
export function requantCalls(
  rng: Rng, out: Fmt, channels: number, macs: number, accOf: (withBias: boolean) => Int32Array, common: Buffer[], args: Call['args'],
  outBytes: (expectedBytes: number) => Call['args'] = () => ({ pOut: { buffer: 'y' } }),
): Call[] {
  const one = (path: RequantPath, withBias: boolean): Call => {
    const acc = accOf(withBias);
    const rq = chooseRequant(rng, path, acc, channels, out);
    const expected = packBytes(Int32Array.from(acc, (a, i) => requantOne(a, i % channels, rq, out)), out.bits);
    return {
      label: withBias ? path : `${path}, no bias`,
      buffers: [...common, ...requantBuffers(rq), outputBuffer('y', expected.length)],
      args: { ...args, ...requantArgs(rq), ...(withBias ? {} : { pBias: null }), ...outBytes(expected.length) },
      output: 'y',
      expected,
      macs,
    };
  };
  return [...REQUANT_PATHS.map((p) => one(p, true)), one(REQUANT_PATHS[0], false)];
}

/** An output buffer pre-filled with a pattern, so bytes the kernel never writes show up as wrong. */
export function outputBuffer(name: string, bytes: number): Buffer {
  return { name, bytes: new Uint8Array(bytes).fill(0xa5), output: true };
}

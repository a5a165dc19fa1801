import { UserError } from '../util/errors.ts';

/** A top-level port as the harness sees it (the same shape as `PortInfo` from src/hdl). */
export interface SimPort {
  name: string;
  dir: 'input' | 'output';
  width: number;
  signed: boolean;
}

/** A value for a port: `bigint`, or a `number` when it is a safe integer. */
export type PortValue = bigint | number;

/** Values travel as 32-bit words, least significant first: Verilator's own word size for wide ports. */
export const WORD_BITS = 32;

export function wordsOf(width: number): number {
  return Math.ceil(width / WORD_BITS);
}

/** `8-bit unsigned input a_i`: how messages name a port. */
export function describePort(p: SimPort): string {
  return `${p.width}-bit ${p.signed ? 'signed' : 'unsigned'} ${p.dir} ${p.name}`;
}

/**
 * Checks that `value` fits `port` and returns its bit pattern (two's complement for negative values of
 * signed ports). Signed ports also accept the raw pattern 0..2^w-1, handy for random stimulus.
 */
export function toBits(port: SimPort, value: PortValue): bigint {
  let v: bigint;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      throw new UserError(`value ${value} for ${describePort(port)} is not a safe integer: pass a bigint`);
    }
    v = BigInt(value);
  } else if (typeof value === 'bigint') {
    v = value;
  } else {
    throw new UserError(`value for ${describePort(port)} must be a bigint or a number, got ${typeof value}`);
  }
  const w = BigInt(port.width);
  const limit = 1n << w;
  const min = port.signed ? -(1n << (w - 1n)) : 0n;
  if (v < min || v >= limit) {
    const range = port.signed ? `${min}..${limit - 1n}` : `0..${limit - 1n}`;
    throw new UserError(`value ${v} does not fit ${describePort(port)} (accepted: ${range})`);
  }
  return v < 0n ? v + limit : v;
}

/** Reads a port's value back from its bit pattern: signed ports give negative values. */
export function fromBits(port: SimPort, bits: bigint): bigint {
  if (port.signed && port.width > 0 && bits >> BigInt(port.width - 1) === 1n) {
    return bits - (1n << BigInt(port.width));
  }
  return bits;
}

/** Writes `bits` as `wordsOf(width)` little-endian 32-bit words into `buf` at `offset`. */
export function writeWords(buf: Buffer, offset: number, bits: bigint, words: number): number {
  if (words === 1) {
    buf.writeUInt32LE(Number(bits), offset);
    return offset + 4;
  }
  for (let i = 0; i < words; i++) {
    buf.writeUInt32LE(Number(bits & 0xffffffffn), offset);
    bits >>= 32n;
    offset += 4;
  }
  return offset;
}

export function readWords(buf: Buffer, offset: number, words: number): bigint {
  if (words === 1) return BigInt(buf.readUInt32LE(offset));
  if (words === 2) {
    return (BigInt(buf.readUInt32LE(offset + 4)) << 32n) | BigInt(buf.readUInt32LE(offset));
  }
  let v = 0n;
  for (let i = words - 1; i >= 0; i--) v = (v << 32n) | BigInt(buf.readUInt32LE(offset + 4 * i));
  return v;
}

import { newRetirement, type Retirement } from '../iss/retire.ts';

/**
 * The harness's retirement stream (sim/core/harness.cpp writes it): little-endian 32-bit words per record,
 * 9 fixed (pc, insn, size | rd << 8 | memCount << 16 | csrCount << 20 | rs1Wb << 24 | nnCount << 29, rd value,
 * trap cause or ~0, next pc, order, cycle, rs1 write-back value), then 3 per bus beat (addr, data, mask | write << 8),
 * 2 per CSR write (addr, value) and 2 per NN-RF write (index, value).
 */
export const FIXED_WORDS = 9;

/** A core retirement as the harness reports it: the golden model's record plus the cycle it retired in. */
export interface CoreRetirement extends Retirement {
  cycle: number;
}

/**
 * A little-endian view of the buffer being decoded: one DataView per chunk, reused across its records
 * (Buffer.readInt32LE validates every call; records are decoded millions of times per second).
 */
let viewOf: Buffer | undefined;
let view: DataView = new DataView(new ArrayBuffer(0));
function dv(buf: Buffer): DataView {
  if (buf !== viewOf) {
    viewOf = buf;
    view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  return view;
}

/** Bytes of the record at `offset`, or 0 when fewer than its fixed words are there. */
export function recordBytes(buf: Buffer, offset: number): number {
  if (offset + 4 * FIXED_WORDS > buf.length) return 0;
  const packed = dv(buf).getUint32(offset + 8, true);
  return 4 * (FIXED_WORDS + 3 * ((packed >>> 16) & 0xf) + 2 * ((packed >>> 20) & 0xf) + 2 * ((packed >>> 29) & 1));
}

/** Decodes the record at `offset` into `r` (reused: copy it to keep it); returns the next record's offset. */
export function decodeRecord(buf: Buffer, offset: number, r: CoreRetirement): number {
  const v = dv(buf);
  r.pc = v.getInt32(offset, true);
  r.insn = v.getUint32(offset + 4, true);
  const packed = v.getUint32(offset + 8, true);
  r.size = packed & 0xff;
  r.rd = (packed >>> 8) & 0xff;
  r.memCount = (packed >>> 16) & 0xf;
  r.csrCount = (packed >>> 20) & 0xf;
  r.rs1Wb = (packed >>> 24) & 0x1f;
  r.nnCount = (packed >>> 29) & 1;
  r.rdValue = v.getInt32(offset + 12, true);
  const trap = v.getUint32(offset + 16, true);
  r.trap = trap === 0xffffffff ? -1 : trap;
  r.nextPc = v.getInt32(offset + 20, true);
  r.order = v.getUint32(offset + 24, true);
  r.cycle = v.getUint32(offset + 28, true);
  r.rs1WbValue = v.getInt32(offset + 32, true);
  let o = offset + 36;
  for (let i = 0; i < r.memCount; i++, o += 12) {
    const m = r.mem[i]!;
    m.addr = v.getInt32(o, true);
    m.data = v.getInt32(o + 4, true);
    const mw = v.getUint32(o + 8, true);
    m.mask = mw & 0xf;
    m.write = ((mw >>> 8) & 1) === 1;
  }
  for (let i = 0; i < r.csrCount; i++, o += 8) {
    const c = r.csr[i]!;
    c.addr = v.getUint32(o, true);
    c.value = v.getInt32(o + 4, true);
  }
  for (let i = 0; i < r.nnCount; i++, o += 8) {
    const n = r.nn[i]!;
    n.index = v.getUint32(o, true);
    n.value = v.getInt32(o + 4, true);
  }
  return o;
}

export function newCoreRetirement(hart = 0): CoreRetirement {
  return { ...newRetirement(hart), cycle: 0 };
}

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

/** Bytes of the record at `offset`, or 0 when fewer than its fixed words are there. */
export function recordBytes(buf: Buffer, offset: number): number {
  if (offset + 4 * FIXED_WORDS > buf.length) return 0;
  const packed = buf.readUInt32LE(offset + 8);
  return 4 * (FIXED_WORDS + 3 * ((packed >>> 16) & 0xf) + 2 * ((packed >>> 20) & 0xf) + 2 * ((packed >>> 29) & 1));
}

/** Decodes the record at `offset` into `r` (reused: copy it to keep it); returns the next record's offset. */
export function decodeRecord(buf: Buffer, offset: number, r: CoreRetirement): number {
  r.pc = buf.readInt32LE(offset);
  r.insn = buf.readUInt32LE(offset + 4);
  const packed = buf.readUInt32LE(offset + 8);
  r.size = packed & 0xff;
  r.rd = (packed >>> 8) & 0xff;
  r.memCount = (packed >>> 16) & 0xf;
  r.csrCount = (packed >>> 20) & 0xf;
  r.rs1Wb = (packed >>> 24) & 0x1f;
  r.nnCount = (packed >>> 29) & 1;
  r.rdValue = buf.readInt32LE(offset + 12);
  const trap = buf.readUInt32LE(offset + 16);
  r.trap = trap === 0xffffffff ? -1 : trap;
  r.nextPc = buf.readInt32LE(offset + 20);
  r.order = buf.readUInt32LE(offset + 24);
  r.cycle = buf.readUInt32LE(offset + 28);
  r.rs1WbValue = buf.readInt32LE(offset + 32);
  let o = offset + 36;
  for (let i = 0; i < r.memCount; i++, o += 12) {
    const m = r.mem[i]!;
    m.addr = buf.readInt32LE(o);
    m.data = buf.readInt32LE(o + 4);
    const mw = buf.readUInt32LE(o + 8);
    m.mask = mw & 0xf;
    m.write = ((mw >>> 8) & 1) === 1;
  }
  for (let i = 0; i < r.csrCount; i++, o += 8) {
    const c = r.csr[i]!;
    c.addr = buf.readUInt32LE(o);
    c.value = buf.readInt32LE(o + 4);
  }
  for (let i = 0; i < r.nnCount; i++, o += 8) {
    const n = r.nn[i]!;
    n.index = buf.readUInt32LE(o);
    n.value = buf.readInt32LE(o + 4);
  }
  return o;
}

export function newCoreRetirement(hart = 0): CoreRetirement {
  return { ...newRetirement(hart), cycle: 0 };
}

import { DEFAULT_SIZES, L2_BASE, TCDM_BASE, type MemorySizes } from '../platform/memory-map.ts';
import type { Memory } from '../iss/memory.ts';
import { UserError } from '../util/errors.ts';

/**
 * The RAM of the core harness at the end of a run (`harness --dump FILE`: L2, then the TCDM, byte for byte):
 * what the RTL core actually wrote, for checks that must not take the golden model's word for it (kernel
 * outputs, conformance results, the end-state comparison of lockstep).
 */
export class RtlMemory {
  readonly l2: Buffer;
  readonly tcdm: Buffer;

  constructor(dump: Buffer, sizes: Partial<MemorySizes> = {}, where = 'memory dump') {
    const s = { ...DEFAULT_SIZES, ...sizes };
    if (dump.length !== s.l2 + s.tcdm) throw new UserError(`the core harness's memory dump has ${dump.length} bytes, expected ${s.l2 + s.tcdm} (L2 ${s.l2} + TCDM ${s.tcdm})`, where);
    this.l2 = dump.subarray(0, s.l2);
    this.tcdm = dump.subarray(s.l2);
  }

  private at(addr: number, size: number): { buf: Buffer; off: number } {
    const a = addr >>> 0;
    for (const [buf, base] of [[this.l2, L2_BASE >>> 0], [this.tcdm, TCDM_BASE]] as const) {
      if (a >= base && a + size <= base + buf.length) return { buf, off: a - base };
    }
    throw new UserError(`address 0x${a.toString(16)} (${size} bytes) is outside the core's RAM (L2 and TCDM)`);
  }

  /** As the golden model's `Memory.read`: `size` bytes little-endian, zero-extended; size 4 as a signed number. */
  read(addr: number, size: number): number {
    const { buf, off } = this.at(addr, size);
    if (size === 4) return buf.readInt32LE(off);
    if (size === 2) return buf.readUInt16LE(off);
    if (size === 1) return buf[off]!;
    throw new UserError(`read of ${size} bytes: sizes are 1, 2 and 4`);
  }

  /** Overwrites bytes (tests use it to show a check reads this memory, not the golden model's). */
  write(addr: number, bytes: ArrayLike<number>): void {
    const { buf, off } = this.at(addr, bytes.length);
    for (let i = 0; i < bytes.length; i++) buf[off + i] = bytes[i]!;
  }
}

/**
 * Where the RTL's RAM differs from the golden model's at the end of a run: undefined when every byte of L2
 * and the TCDM agrees, otherwise a sentence with the first differing address, both bytes and the count.
 */
export function memoryDifference(rtl: RtlMemory, golden: Memory): string | undefined {
  const regions = [
    { name: 'L2', rtl: rtl.l2, gold: golden.l2.u8, base: L2_BASE >>> 0 },
    { name: 'TCDM', rtl: rtl.tcdm, gold: golden.tcdm.u8, base: TCDM_BASE },
  ];
  for (const r of regions) {
    if (r.rtl.length !== r.gold.length) return `the ${r.name} of the core harness has ${r.rtl.length} bytes, the golden model's ${r.gold.length}`;
    const gold = Buffer.from(r.gold.buffer, r.gold.byteOffset, r.gold.byteLength);
    if (r.rtl.equals(gold)) continue;
    let first = -1, count = 0;
    for (let i = 0; i < r.rtl.length; i++) {
      if (r.rtl[i] === gold[i]) continue;
      if (first < 0) first = i;
      count++;
    }
    const hex = (v: number, w: number) => '0x' + v.toString(16).padStart(w, '0');
    return `the core's memory differs from the golden model's at the end: ${count} byte${count === 1 ? '' : 's'} of ${r.name}, the first at ${hex(r.base + first, 8)} (RTL ${hex(r.rtl[first]!, 2)}, golden model ${hex(gold[first]!, 2)})`;
  }
  return undefined;
}

import type { ElfImage } from '../elf/read.ts';
import { DEFAULT_SIZES, L2_BASE, PERIPH, PERIPH_BASE, PERIPH_SIZE, TCDM_BASE, type MemorySizes } from '../platform/memory-map.ts';
import { UserError } from '../util/errors.ts';

/** "FXVI": the image the core harness (sim/core/harness.cpp) loads. */
export const IMAGE_MAGIC = 0x49565846;
const NO_TOHOST = 0xffffffff;

/**
 * The harness's input: the memory map (from src/platform/memory-map.ts, so the C++ never repeats it), entry,
 * tohost address and the ELF's loadable segments (bss as zeros). Little-endian 32-bit words.
 */
export function coreImage(elf: ElfImage, fileName: string, sizes: Partial<MemorySizes> = {}): Buffer {
  const s = { ...DEFAULT_SIZES, ...sizes };
  const inRegion = (a: number, n: number) =>
    [[L2_BASE >>> 0, s.l2], [TCDM_BASE, s.tcdm]].some(([b, size]) => a >= b! && a + n <= b! + size!);
  const tohost = elf.symbol('tohost');
  const header = [
    IMAGE_MAGIC, L2_BASE >>> 0, s.l2, TCDM_BASE, s.tcdm, PERIPH_BASE, PERIPH_SIZE, PERIPH.coreCount, PERIPH.cycles, PERIPH.eoc,
    elf.entry >>> 0, tohost ? tohost.value >>> 0 : NO_TOHOST,
  ];
  const segs = elf.segments.filter((g) => g.memSize > 0);
  const chunks: Buffer[] = [];
  const words = (ws: number[]) => {
    const b = Buffer.alloc(4 * ws.length);
    ws.forEach((w, i) => b.writeUInt32LE(w >>> 0, 4 * i));
    chunks.push(b);
  };
  words([...header, segs.length]);
  for (const g of segs) {
    const addr = g.paddr >>> 0;
    if (!inRegion(addr, g.memSize)) {
      throw new UserError(`segment at 0x${addr.toString(16)} (${g.memSize} bytes) does not fit in the memory map`, fileName);
    }
    const data = Buffer.alloc(g.memSize);
    Buffer.from(g.data.buffer, g.data.byteOffset, g.data.byteLength).copy(data);
    words([addr, g.memSize]);
    chunks.push(data);
  }
  return Buffer.concat(chunks);
}

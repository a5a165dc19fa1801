import type { ElfImage } from '../elf/read.ts';
import { UserError } from '../util/errors.ts';
import type { Memory } from './memory.ts';

/**
 * Copies an executable's PT_LOAD segments into memory (bss zero-filled) and arms the `tohost` symbol when
 * the program has one. Returns the entry point.
 */
export function loadElf(mem: Memory, image: ElfImage, fileName = '<elf>'): number {
  for (const seg of image.segments) {
    if (seg.memSize === 0) continue;
    try {
      mem.load(seg.paddr | 0, seg.data, seg.memSize);
    } catch (e) {
      throw new UserError((e as Error).message, fileName);
    }
  }
  const tohost = image.symbol('tohost');
  if (tohost) mem.setTohost(tohost.value | 0);
  return image.entry | 0;
}

import type { Retirement } from './retire.ts';

/**
 * Appends the bus beats of one access to a retirement record: one beat per word touched, so a misaligned
 * access splits in two (first the bytes up to the end of the first word, then the rest), as RI5CY's LSU
 * does. Each beat has its word address, byte enables and lane-aligned data.
 */
export function recordAccess(r: Retirement, a: number, size: number, v: number, write: boolean): void {
  let beatAddr = a & ~3;
  let data = 0;
  let mask = 0;
  for (let j = 0; j < size; j++) {
    const addr = (a + j) | 0;
    if ((addr & ~3) !== beatAddr) {
      pushBeat(r, beatAddr, data, mask, write);
      beatAddr = addr & ~3;
      data = 0;
      mask = 0;
    }
    const lane = addr & 3;
    data |= ((v >>> (8 * j)) & 0xff) << (8 * lane);
    mask |= 1 << lane;
  }
  pushBeat(r, beatAddr, data, mask, write);
}

function pushBeat(r: Retirement, addr: number, data: number, mask: number, write: boolean): void {
  if (r.memCount >= r.mem.length) return;
  const e = r.mem[r.memCount++];
  e.addr = addr;
  e.data = data | 0;
  e.mask = mask;
  e.write = write;
}

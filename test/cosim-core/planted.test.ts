import { beforeAll, describe, expect, it } from 'vitest';
import { emitCore } from '../../src/core/core.ts';
import { buildCoreSim } from '../../src/cosim/build.ts';
import { endDifference, formatMismatch, lockstep } from '../../src/cosim/lockstep.ts';
import { readElfFile } from '../../src/elf/read.ts';
import { buildProgram } from '../../src/randprog/build.ts';
import { BUILD_DIR, tohostProgram, toolsReady } from '../core/helpers.ts';
import { plantBugs, SECOND_BEAT_LANES, STORE_BYTE_ENABLES, STUCK_MCYCLE } from './plant.ts';

/**
 * Bugs planted in the generated RTL that lockstep must catch although no later load reads what they
 * did: a wrong store byte enable and a lane shift in the second half of a misaligned store on the data
 * bus (the retirement record's beats are the bus's, not the core's own account), and a stuck cycle
 * counter (its reads are checked for plausibility, not copied). One Verilator build carries the three
 * bugs: each program below triggers only its own (byte stores, a misaligned word store, counter reads;
 * each ends with the aligned word store to tohost, which no plant touches), and the unplanted core
 * passes all three.
 */
describe.skipIf(!toolsReady)('lockstep catches bugs planted in the RTL', { timeout: 120_000 }, () => {
  const planted = plantBugs(emitCore('baseline'), [STORE_BYTE_ENABLES, SECOND_BEAT_LANES, STUCK_MCYCLE]);
  let storeElf = '';
  let splitElf = '';
  let counterElf = '';
  beforeAll(async () => {
    await buildCoreSim('baseline');
    await buildCoreSim('baseline', { design: planted });
    // A half-word and a byte store into data words nobody reads again, then tohost.
    const scratch = ['  .pushsection .data', '  .align 2', 'scratch: .word 0x55667788, 0x99aabbcc', '  .popsection'];
    storeElf = await buildProgram(BUILD_DIR, 'planted-store', tohostProgram(
      ['  la t1, scratch', '  li t0, 0x11223344', '  sh t0, 6(t1)', '  sb t0, 1(t1)', ...scratch].join('\n')));
    // A word store across the two scratch words: two bus beats.
    splitElf = await buildProgram(BUILD_DIR, 'planted-split', tohostProgram(
      ['  la t1, scratch', '  li t0, 0x11223344', '  sw t0, 3(t1)', ...scratch].join('\n')));
    counterElf = await buildProgram(BUILD_DIR, 'planted-counter', tohostProgram(
      ['  csrr a0, mcycle', '  addi a2, a2, 1', '  addi a2, a2, 1', '  addi a2, a2, 1', '  csrr a1, mcycle', '  sub a3, a1, a0'].join('\n')));
  }, 900_000);

  it('the unplanted core passes the three programs', async () => {
    for (const elf of [storeElf, splitElf, counterElf]) {
      const r = await lockstep('baseline', elf, { memory: true });
      if (r.mismatch) throw new Error(formatMismatch('baseline', r.mismatch));
      expect(endDifference(r)).toBeUndefined();
      expect(r.end).toMatchObject({ reason: 'tohost', value: 1 });
    }
  });

  it('a store byte enable wrong on the bus fails at the store itself', async () => {
    const r = await lockstep('baseline', storeElf, { design: planted });
    expect(r.mismatch, 'the planted store byte enables went unseen').toBeDefined();
    const m = r.mismatch!;
    expect(m.fields).toContain('mem[0]');
    expect(m.gold.mem[0]).toMatchObject({ write: true, mask: 0b0010 });
    expect(m.rtl.mem[0]).toMatchObject({ write: true, mask: 0b1111 });
    // the sb (the sh before it agreed): nothing has loaded the word
    const scratch = (await readElfFile(storeElf)).symbol('scratch')!.value;
    expect(m.gold.mem[0]!.addr >>> 0).toBe(scratch >>> 0);
    expect(formatMismatch('baseline', m)).toMatch(/! mem\[0\]\s+write 0x[0-9a-f]{8} data 0x[0-9a-f]{8} mask 0xf\s+write/);
  });

  it('wrong lanes in the second half of a misaligned store fail at the store itself', async () => {
    const r = await lockstep('baseline', splitElf, { design: planted });
    expect(r.mismatch, 'the planted second-beat lanes went unseen').toBeDefined();
    const m = r.mismatch!;
    expect(m.fields).toEqual(['mem[1]']);
    expect(m.gold.memCount).toBe(2);
    expect(m.gold.mem[1]).toMatchObject({ write: true, mask: 0b0111, data: 0x112233 });
    expect(m.rtl.mem[1]!.data).not.toBe(0x112233);
  });

  it('a stuck cycle counter fails at its read', async () => {
    const r = await lockstep('baseline', counterElf, { design: planted });
    expect(r.mismatch, 'the stuck mcycle went unseen').toBeDefined();
    expect(r.mismatch!.note).toMatch(/implausible cycle count: mcycle/);
    expect(formatMismatch('baseline', r.mismatch!)).toMatch(/0x8000000a\s+csrr\s+a1,\s*mcycle/);
  });
});

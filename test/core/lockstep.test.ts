import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { coreCoverage } from '../../src/core/core.ts';
import { buildCoreSim } from '../../src/cosim/build.ts';
import { endDifference, formatMismatch, lockstep } from '../../src/cosim/lockstep.ts';
import { buildRandomProgram } from '../../src/cosim/programs.ts';
import { decoderSweep } from '../../src/cosim/sweep.ts';
import { readElfFile } from '../../src/elf/read.ts';
import { buildProgram } from '../../src/randprog/build.ts';
import { assembleTestProgram, BUILD_DIR, buildTestProgram, tohostProgram, toolsReady } from './helpers.ts';

/**
 * The baseline core against the golden model, every field of every retirement: directed programs per
 * instruction class, the decoder sweep (every table entry the core decodes, then illegal words), a C
 * program, bus errors, and random programs with random bus stalls (the hundreds of random seeds are in
 * test/randprog/randprog.test.ts).
 */
// Generous per-test limits: the shared 2-core machine can be slow (gcc, Verilator and Node compete).
describe.skipIf(!toolsReady)('baseline core in lockstep', { timeout: 90_000 }, () => {
  beforeAll(async () => {
    await buildCoreSim('baseline'); // the one Verilator build (cached by content)
  }, 300_000);

  const passes = async (elf: string, minRetired: number, stallSeed = 0) => {
    const r = await lockstep('baseline', elf, { maxCycles: 5_000_000, stallSeed });
    if (r.mismatch) throw new Error(formatMismatch('baseline', r.mismatch));
    expect(r.end?.reason).toBe('tohost');
    expect(r.end?.value).toBe(1);
    expect(r.goldEnd).toEqual({ reason: 'tohost', value: 1 });
    expect(r.compared).toBeGreaterThanOrEqual(minRetired);
    expect(r.compared).toBe(r.end!.instret);
    return r;
  };

  it('runs integer, multiply/divide, misaligned and branch code', async () => {
    await passes(await buildTestProgram('smoke.S'), 30);
  });

  it('takes traps, executes CSR instructions and mret like the golden model', async () => {
    await passes(await buildTestProgram('traps.S'), 140);
  });

  it('runs the hazard program (forwarding, load-use, divider stalls, jumps back to back)', async () => {
    await passes(await buildTestProgram('hazards.S'), 50);
  });

  it('runs XpulpV2 post-increment and register-offset accesses', async () => {
    await passes(assembleTestProgram('xpulp-mem.S'), 40);
  });

  it('runs XpulpV2 hardware loops (nested, one-instruction body, shared end, split setup)', async () => {
    await passes(assembleTestProgram('hwloop.S'), 90);
  });

  it('runs hardware loops with zero overhead (fetch predicts the jump back)', async () => {
    const r = await passes(assembleTestProgram('hwloop-perf.S'), 400);
    // 400 loop instructions and ~12 others: only pipeline fill and the final store remain.
    expect(r.end!.cycles - r.end!.instret).toBeLessThan(12);
  });

  it('runs a packed-SIMD dot-product kernel (hardware loop, post-increment loads, sdotsp)', async () => {
    await passes(assembleTestProgram('dotp-kernel.S'), 70);
  });

  it('runs XpulpV2 ALU, bit-manipulation and multiply-accumulate code', async () => {
    await passes(assembleTestProgram('xpulp-alu.S'), 40);
  });

  it('decodes every table entry of its parts as the table says and traps on illegal words', async () => {
    const cov = coreCoverage('baseline');
    for (const seed of [1, 2, 3]) {
      const src = decoderSweep({ config: 'baseline', ids: [...cov.decoded, ...cov.compressed], seed, perInstruction: 6, illegal: 150 });
      const elf = await buildProgram(BUILD_DIR, `sweep-${seed}`, src);
      await passes(elf, 6 * (cov.decoded.length + cov.compressed.length - 1) + 300);
    }
  }, 60_000);

  it('runs a C program compiled by gcc -march=rv32imc', async () => {
    await passes(await buildTestProgram('kernels.c'), 30_000);
  }, 60_000);

  it('runs hardware loops ending on fence.i, a branch, a jump, mret and traps (self-checking)', async () => {
    // The loop end wins over every other next pc; a trapping instruction ends no loop (no decrement).
    await passes(assembleTestProgram('hwloop-ends.S'), 90);
    await passes(assembleTestProgram('hwloop-ends.S'), 90, 11);
  });

  it("takes the core's cycle count for mcycle, cycle and peripheral cycle-counter reads (register and bus beat)", async () => {
    const body = ['  li t0, 0x10200000', '  lw a0, 4(t0)', '  csrr a1, mcycle', '  rdcycle a2', '  lw a3, 4(t0)', '  sub a4, a3, a0', '  add a5, a4, a1'].join('\n');
    await passes(await buildProgram(BUILD_DIR, 'cycle-reads', tohostProgram(body)), 8);
  });

  it('stops with the golden model on an access outside the memory map (same reason, same address)', async () => {
    for (const [access, addr] of [['lw a0, 0x10(t0)', 0x10200010], ['sw a0, 4(t0)', 0x10200004], ['lh a0, 0(t0)', 0x10200000], ['lw a0, 2(t0)', 0x10200002], ['lw a0, 0(t1)', 0x20000000]] as const) {
      const body = `  li t0, 0x10200000\n  li t1, 0x20000000\n  ${access}`;
      const elf = await buildProgram(BUILD_DIR, `bus-error-${addr.toString(16)}`, tohostProgram(body));
      const r = await lockstep('baseline', elf);
      if (r.mismatch) throw new Error(formatMismatch('baseline', r.mismatch));
      expect(endDifference(r)).toBeUndefined();
      expect({ access, end: r.end?.reason, value: r.end?.value }).toEqual({ access, end: 'bus-error', value: addr });
    }
  });

  it('agrees with random bus grants and response latencies on both ports', async () => {
    // The handshakes, the prefetch buffer with words in flight, loads waiting in WB (a forwarding bug of
    // exactly that case was found this way) and split accesses with stalled beats.
    const directed = [
      await buildTestProgram('hazards.S'), await buildTestProgram('traps.S'), await buildTestProgram('kernels.c'),
      assembleTestProgram('xpulp-mem.S'), assembleTestProgram('hwloop.S'), assembleTestProgram('dotp-kernel.S'), assembleTestProgram('hwloop-ends.S'),
    ];
    for (const [i, elf] of directed.entries()) await passes(elf, 50, 100 + i);
    const cov = coreCoverage('baseline');
    const sweep = decoderSweep({ config: 'baseline', ids: [...cov.decoded, ...cov.compressed], seed: 9, perInstruction: 3, illegal: 50 });
    await passes(await buildProgram(BUILD_DIR, 'sweep-stall', sweep), 1000, 9);
    for (let seed = 1001; seed <= 1020; seed++) await passes(await buildRandomProgram(`${BUILD_DIR}/random`, 'baseline', seed, 300), 500, seed);
  }, 120_000);

  it('stops at the first difference and reports it field by field', async () => {
    const elf = await buildTestProgram('smoke.S');
    const data = (await readElfFile(elf)).symbol('data')!.value;
    // The golden model's copy of the data word differs: the first load of it must mismatch.
    const r = await lockstep('baseline', elf, { prepareGolden: (_hart, mem) => void mem.write(data + 7, 1, 0xab) });
    expect(r.mismatch).toBeDefined();
    const text = formatMismatch('baseline', r.mismatch!);
    expect(r.mismatch!.fields).toContain('rd value');
    expect(text).toMatch(/lockstep mismatch at cycle \d+, retirement \d+: 0x8000[0-9a-f]{4}\s+lw\s/);
    expect(text).toMatch(/! rd value\s+0x55000000\s+0xab000000/);
    expect(text).toMatch(/last \d+ retirements \(agreed\)/);
  });

  it('writes an FST window around a mismatch', async () => {
    const elf = await buildTestProgram('smoke.S');
    const data = (await readElfFile(elf)).symbol('data')!.value;
    const fst = join(BUILD_DIR, 'mismatch.fst');
    rmSync(fst, { force: true });
    const r = await lockstep('baseline', elf, { fst, fstWindow: 20, prepareGolden: (_h, mem) => void mem.write(data + 7, 1, 0xab) });
    expect(r.mismatch?.fst).toBe(fst);
    expect(statSync(fst).size).toBeGreaterThan(1000);
    expect(formatMismatch('baseline', r.mismatch!)).toContain(`waveform of the cycles around the mismatch: ${fst}`);
  }, 240_000);
});

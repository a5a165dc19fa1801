import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { coreCoverage } from '../../src/core/core.ts';
import { buildCoreSim } from '../../src/cosim/build.ts';
import { formatMismatch, lockstep } from '../../src/cosim/lockstep.ts';
import { buildRandomProgram } from '../../src/cosim/programs.ts';
import { decoderSweep } from '../../src/cosim/sweep.ts';
import { readElfFile } from '../../src/elf/read.ts';
import { buildProgram } from '../../src/randprog/build.ts';
import { assembleTestProgram, BUILD_DIR, buildTestProgram, toolsReady } from './helpers.ts';

/**
 * The baseline core against the golden model, every field of every retirement: directed programs per
 * instruction class, the decoder sweep (every table entry the core decodes, then illegal words), a C
 * program and random programs.
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

  it('agrees on random RV32IMC programs', async () => {
    for (let seed = 1; seed <= 100; seed++) {
      const elf = await buildRandomProgram(`${BUILD_DIR}/random`, seed, 2, 60);
      await passes(elf, 1000);
    }
  }, 120_000);

  it('agrees with random bus grants and response latencies on both ports', async () => {
    // The handshakes, the prefetch buffer with words in flight, loads waiting in WB (a forwarding bug of
    // exactly that case was found this way) and split accesses with stalled beats.
    const directed = [
      await buildTestProgram('hazards.S'), await buildTestProgram('traps.S'), await buildTestProgram('kernels.c'),
      assembleTestProgram('xpulp-mem.S'), assembleTestProgram('hwloop.S'), assembleTestProgram('dotp-kernel.S'),
    ];
    for (const [i, elf] of directed.entries()) await passes(elf, 50, 100 + i);
    const cov = coreCoverage('baseline');
    const sweep = decoderSweep({ config: 'baseline', ids: [...cov.decoded, ...cov.compressed], seed: 9, perInstruction: 3, illegal: 50 });
    await passes(await buildProgram(BUILD_DIR, 'sweep-stall', sweep), 1000, 9);
    for (let seed = 1; seed <= 20; seed++) await passes(await buildRandomProgram(`${BUILD_DIR}/random`, seed, 2, 60), 1000, seed);
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

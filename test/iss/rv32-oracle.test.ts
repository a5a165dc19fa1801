import { describe, expect, it } from 'vitest';
import { hasTool } from '../../src/util/tools.ts';
import { buildProgram } from '../../src/randprog/build.ts';
import { compareDumps, runOnIss, runOnQemu } from '../../src/randprog/oracle.ts';
import { DUMP_BYTES, generateRv32imc } from '../../src/randprog/rv32imc.ts';

/**
 * RV32IMC against qemu-riscv32: random programs assembled by GNU as, run on both, final registers and
 * data-area checksums compared after every segment. 40 ELF files x 15 segments = 600 random programs.
 */
const FILES = 40;
const SEGMENTS = 15;
const ready = (await hasTool('gcc')) && (await hasTool('qemu'));

describe.skipIf(!ready)('RV32IMC random programs: golden model vs qemu-riscv32', () => {
  it(`${FILES * SEGMENTS} random programs agree`, async () => {
    const dir = 'build/test-randprog';
    let compared = 0;
    for (let seed = 1; seed <= FILES; seed++) {
      const elf = await buildProgram(dir, `rv32imc-${seed}`, generateRv32imc({ seed, segments: SEGMENTS, length: 150 }));
      const [iss, qemu] = await Promise.all([runOnIss(elf), runOnQemu(elf)]);
      expect(qemu.exitCode).toBe(0);
      expect(iss.exitCode).toBe(0);
      expect(compareDumps(iss.stdout, qemu.stdout), `seed ${seed}`).toBeUndefined();
      compared += iss.stdout.length / DUMP_BYTES;
    }
    expect(compared).toBe(FILES * SEGMENTS);
  }, 120_000);

  it('the comparison catches a single flipped register bit', async () => {
    const elf = await buildProgram('build/test-randprog', 'rv32imc-flip', generateRv32imc({ seed: 99, segments: 2, length: 50 }));
    const iss = await runOnIss(elf);
    const bad = iss.stdout.slice();
    bad[DUMP_BYTES + 4 * 9] ^= 0x10;
    expect(compareDumps(bad, iss.stdout)).toMatch(/^segment 1: x10 /);
  });
});

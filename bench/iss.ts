import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { buildProgram } from '../src/randprog/build.ts';
import { compareDumps, runOnIss, runOnQemu } from '../src/randprog/oracle.ts';
import { generateRv32imc, DUMP_BYTES } from '../src/randprog/rv32imc.ts';
import { runElf } from '../src/iss/run.ts';
import { requireTool } from '../src/util/tools.ts';
import { mixedKernelSource } from './iss/mixed-kernel.ts';

/**
 * Golden-model speed and the long oracle campaign.
 * `npm run bench -- iss [instructions=200e6] [randomFiles=200]`:
 *  - RV32IM xorshift + accumulate loop: MIPS untraced, MIPS with the retirement record streamed to a
 *    callback, and the same ELF on qemu-riscv32 for a ratio;
 *  - a Flex-V mixed-precision Mac&Load kernel loop (8-bit x 4-bit, hardware loops): MIPS and MAC/s;
 *  - random RV32IMC programs against qemu-riscv32 (files x 15 segments).
 */
const here = dirname(fileURLToPath(import.meta.url));
const dir = 'build/bench-iss';

export default async function bench(args: string[]) {
  const instructions = Number(args[0] ?? 200e6);
  const randomFiles = Number(args[1] ?? 200);
  const iterations = Math.round(instructions / 12);
  const src = await readFile(join(here, 'iss', 'xorshift.S'), 'utf8');
  const xs = await buildProgram(dir, 'xorshift', src, { march: 'rv32im', extra: [`-DITERATIONS=${iterations}`] });

  const branchy = await buildProgram(dir, 'xorshift-branchy', src, { march: 'rv32im', extra: [`-DITERATIONS=${Math.round(iterations / 1.2)}`, '-DBRANCHY'] });
  const fast = await runElf(xs, { config: 'baseline', maxInstr: 2 * instructions });
  if (fast.reason !== 'tohost' || fast.value !== 1) throw new Error(`xorshift loop ended with ${fast.reason}`);
  const mips = fast.instructions / fast.seconds / 1e6;
  console.log(`RV32IM loop, untraced: ${fast.instructions} instructions in ${fast.seconds.toFixed(2)} s = ${mips.toFixed(0)} MIPS`);

  const br = await runElf(branchy, { config: 'baseline', maxInstr: 2 * instructions });
  if (br.reason !== 'tohost' || br.value !== 1) throw new Error(`branchy loop ended with ${br.reason}`);
  const mipsBranchy = br.instructions / br.seconds / 1e6;
  console.log(`RV32IM loop with a data-dependent branch (side exits), untraced: ${br.instructions} instructions = ${mipsBranchy.toFixed(0)} MIPS`);

  // Traced: every record goes to a callback that reads it (a lockstep checker does at least this).
  const tracedCount = Math.min(instructions, 30e6);
  let sink = 0;
  const traced = await runElf(xs, {
    config: 'baseline',
    maxInstr: tracedCount,
    onRetire: (r) => {
      sink = (sink + r.pc + r.rdValue + r.memCount) | 0;
    },
  });
  const mipsTraced = traced.instructions / traced.seconds / 1e6;
  console.log(`RV32IM loop, traced: ${traced.instructions} instructions in ${traced.seconds.toFixed(2)} s = ${mipsTraced.toFixed(1)} MIPS (checksum ${sink})`);

  const qemu = await requireTool('qemu');
  const t0 = performance.now();
  const q = await execa(qemu, [xs], { reject: false, encoding: 'buffer', stripFinalNewline: false });
  const qemuSeconds = (performance.now() - t0) / 1000;
  if (q.exitCode !== 0) throw new Error(`qemu-riscv32 exited with ${q.exitCode}`);
  const qemuResult = new DataView((q.stdout as Uint8Array).buffer, (q.stdout as Uint8Array).byteOffset).getInt32(0, true);
  const issResult = fast.hart.mem.read(fast.image.symbol('result')!.value | 0, 4);
  if (qemuResult !== issResult) throw new Error(`xorshift result: golden model ${issResult}, qemu ${qemuResult}`);
  const qemuMips = fast.instructions / qemuSeconds / 1e6;
  console.log(`qemu-riscv32 on the same ELF: ${qemuSeconds.toFixed(2)} s = ${qemuMips.toFixed(0)} MIPS (golden model / qemu = ${(mips / qemuMips).toFixed(2)})`);

  const inner = 64, outer = Math.max(1, Math.round(Math.min(instructions, 50e6) / (4 + 8 * inner)));
  const mk = await buildProgram(dir, 'mixed-kernel', mixedKernelSource(outer, inner));
  const mixed = await runElf(mk, { config: 'flexv', maxInstr: 1e10 });
  if (mixed.reason !== 'tohost') throw new Error(`mixed kernel ended with ${mixed.reason}`);
  const mixedMips = mixed.instructions / mixed.seconds / 1e6;
  const macs = outer * inner * 8 * 4;
  console.log(`mixed-precision kernel (8b x 4b Mac&Load, hw loops): ${mixed.instructions} instructions, ${mixedMips.toFixed(0)} MIPS, ${(macs / mixed.seconds / 1e6).toFixed(0)} MMAC/s`);

  let compared = 0;
  const t1 = performance.now();
  for (let seed = 1000; seed < 1000 + randomFiles; seed++) {
    const elf = await buildProgram(join(dir, 'random'), `p${seed % 8}`, generateRv32imc({ seed, segments: 15, length: 300 }));
    const [a, b] = await Promise.all([runOnIss(elf), runOnQemu(elf)]);
    const diff = compareDumps(a.stdout, b.stdout);
    if (diff) throw new Error(`random program seed ${seed}: ${diff}`);
    compared += a.stdout.length / DUMP_BYTES;
  }
  console.log(`random RV32IMC programs vs qemu-riscv32: ${compared} agree (${randomFiles} files, ${((performance.now() - t1) / 1000).toFixed(0)} s)`);

  return {
    mips: Math.round(mips),
    mips_branchy: Math.round(mipsBranchy),
    mips_traced: Math.round(mipsTraced * 10) / 10,
    qemu_mips: Math.round(qemuMips),
    ratio_to_qemu: Math.round((mips / qemuMips) * 100) / 100,
    instructions: fast.instructions,
    traced_instructions: traced.instructions,
    mixed_kernel_mips: Math.round(mixedMips),
    mixed_kernel_mmac_per_s: Math.round(macs / mixed.seconds / 1e6),
    mixed_kernel_instructions: mixed.instructions,
    random_programs_compared: compared,
    node: process.version,
  };
}

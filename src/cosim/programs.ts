import { buildProgram } from '../randprog/build.ts';
import { generateRv32imc, type RandProgOptions } from '../randprog/rv32imc.ts';

/** The end of a bare-metal test: tohost = 1 (pass), then spin; and the tohost word. */
export const TOHOST_PASS = ['  li t0, 1', '  la t1, tohost', '  sw t0, 0(t1)', '1: j 1b'];
export const TOHOST_SECTION = ['  .section .tohost, "aw"', '  .align 2', '  .globl tohost', 'tohost: .word 0'];

/**
 * A random RV32IMC program (src/randprog) for the bare-metal core: its Linux `write` system calls are
 * dropped (the register dumps stay in memory, and lockstep compares every store of them) and its `exit`
 * becomes a tohost write.
 */
export function randomBareMetal(opts: RandProgOptions): string {
  const lines = generateRv32imc(opts).split('\n');
  const last = lines.map((l) => l.trim()).lastIndexOf('ecall');
  const out: string[] = [];
  lines.forEach((l, i) => {
    if (l.trim() !== 'ecall') out.push(l);
    else if (i === last) out.push(...TOHOST_PASS);
  });
  return [...out, ...TOHOST_SECTION].join('\n') + '\n';
}

/** Builds the random program of `seed` into `dir` and returns the ELF path. */
export function buildRandomProgram(dir: string, seed: number, segments = 2, length = 60): Promise<string> {
  return buildProgram(dir, `rand-${seed}`, randomBareMetal({ seed, segments, length }), { march: 'rv32imc_zicsr_zifencei' });
}

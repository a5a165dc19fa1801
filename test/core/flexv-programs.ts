import { csrByName } from '../../src/isa/index.ts';

/**
 * Directed lockstep programs for the Flex-V parts (xpulpnn, flexv), generated with a seeded generator so
 * that every run is the same program:
 *  - `macLoadProgram`: legacy decoding: NN-RF fills with rd = x0, back-to-back load/use of the entry just
 *    loaded, random Mac&Load streams (every lane format, signedness, imm5) with NN-RF CSR reads and writes
 *    in between. The status-based programs are in sb-programs.ts.
 */
const NNRF0 = csrByName('nnrf_a0')!.address;

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s;
  };
}

const SIGNS4 = ['up', 'usp', 'sup', 'sp'];

function dataWords(next: () => number, n: number): string {
  const words = Array.from({ length: n }, () => `0x${next().toString(16)}`);
  const lines: string[] = ['  .section .data', '  .align 2', 'nndata:'];
  for (let i = 0; i < words.length; i += 8) lines.push(`  .word ${words.slice(i, i + 8).join(', ')}`);
  return lines.join('\n');
}

export function macLoadProgram(seed: number, opts: { steps: number }): string {
  const next = rng(seed);
  const formats = ['h', 'b', 'n', 'c'];
  const body: string[] = ['  la s0, nndata', '  la s1, nndata'];
  // Fill the NN-RF with rd = x0: A0, A1 (load A), W0..W3 (load W).
  for (const imm of [8, 9, 16, 18, 20, 22]) body.push(`  pv.mlsdotsp.b x0, s0, ${imm}`);
  // Back-to-back: load an entry, then use it in the very next instruction (bypass).
  for (const imm of [8, 9, 16, 18, 20, 22]) {
    body.push(`  pv.mlsdotsp.b a4, s0, ${imm}`, `  pv.mlsdotup.b a5, s0, ${imm & 7}`);
  }
  let loads = 12;
  for (let k = 0; k < opts.steps; k++) {
    const f = formats[next() % formats.length]!;
    const sg = SIGNS4[next() % 4]!;
    const imm = next() & 31;
    const rd = ['a4', 'a5', 'x0', 's0'][next() % 8 < 6 ? next() % 2 : next() % 2 + 2]!;
    if (imm & 24) loads++;
    if (rd === 's0') body.push('  mv s2, s0');
    body.push(`  pv.mlsdot${sg}.${f} ${rd}, s0, ${imm}`);
    if (rd === 's0') body.push('  addi s0, s2, 4'); // keep the pointer on the data
    const r = next() % 16;
    if (r === 0) body.push(`  csrr t1, 0x${(NNRF0 + (next() % 6)).toString(16)}`);
    if (r === 1) body.push(`  csrw 0x${(NNRF0 + (next() % 6)).toString(16)}, a4`);
    if (r === 3) body.push('  add a6, a4, a5'); // use of the sum right after
    if (loads > 200) {
      body.push('  mv s0, s1');
      loads = 0;
    }
  }
  return program(body, dataWords(next, 256));
}

function program(body: string[], data: string): string {
  return [
    '  .section .text.init', '  .globl _start', '_start:', ...body,
    '  li t0, 1', '  la t1, tohost', '  sw t0, 0(t1)', '1: j 1b',
    data,
    '  .section .tohost, "aw"', '  .align 2', '  .globl tohost', 'tohost: .word 0',
  ].join('\n') + '\n';
}

/**
 * Directed lockstep programs for the Flex-V parts (xpulpnn, flexv), generated with a seeded generator so
 * that every run is the same program:
 *  - `mpcProgram`: every (activation, weight) format pair x skip values x start idx/cnt, each followed by
 *    a run of register-form mixed dot products interleaved with uniform ones and `mpc` reads;
 *  - `macLoadProgram`: NN-RF fills with rd = x0, back-to-back load/use of the entry just loaded, random
 *    Mac&Load streams (every lane format, signedness, imm5, `.m` in flexv) with NN-RF and `mpc` CSR
 *    reads and writes in between.
 */
const MPC = 0x7d0, NNRF0 = 0x7d8;

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s;
  };
}

const SIGNS3 = ['up', 'usp', 'sp'];
const SIGNS4 = ['up', 'usp', 'sup', 'sp'];

function dataWords(next: () => number, n: number): string {
  const words = Array.from({ length: n }, () => `0x${next().toString(16)}`);
  const lines: string[] = ['  .section .data', '  .align 2', 'nndata:'];
  for (let i = 0; i < words.length; i += 8) lines.push(`  .word ${words.slice(i, i + 8).join(', ')}`);
  return lines.join('\n');
}

export function mpcProgram(seed: number): string {
  const next = rng(seed);
  const body: string[] = [];
  for (let afmt = 0; afmt < 3; afmt++) {
    for (let wfmt = 0; wfmt < 3; wfmt++) {
      for (const skip of [0, 1, 2, 3, 5, 255]) {
        const idx = next() & 3, cnt = next() % 4;
        body.push(`  li t0, 0x${(afmt | (wfmt << 2) | (skip << 4) | (idx << 12) | (cnt << 16)).toString(16)}`, `  csrw 0x${MPC.toString(16)}, t0`);
        body.push(`  li a0, 0x${next().toString(16)}`, `  li a1, 0x${next().toString(16)}`);
        for (let k = 0; k < 7; k++) {
          const sg = SIGNS3[next() % 3]!;
          const acc = next() & 1 ? 's' : '';
          body.push(`  pv.${acc}dot${sg}.m a2, a0, a1`);
          if (next() % 3 === 0) body.push('  pv.sdotsp.b a3, a2, a1'); // a uniform one in between
          if (next() % 4 === 0) body.push(`  csrr t1, 0x${MPC.toString(16)}`);
          body.push('  xor a0, a0, a2');
        }
      }
    }
  }
  body.push('  li t0, 0x3f', `  csrw 0x${MPC.toString(16)}, t0`, `  csrr t1, 0x${MPC.toString(16)}`); // reserved formats keep the old ones
  return program(body, dataWords(next, 8));
}

export function macLoadProgram(seed: number, opts: { mixed: boolean; steps: number }): string {
  const next = rng(seed);
  const formats = opts.mixed ? ['h', 'b', 'n', 'c', 'm'] : ['h', 'b', 'n', 'c'];
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
    if (r === 2 && opts.mixed) body.push(`  li t0, 0x${((next() % 3) | ((next() % 3) << 2) | ((next() % 4) << 4) | ((next() & 3) << 12)).toString(16)}`, `  csrw 0x${MPC.toString(16)}, t0`);
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

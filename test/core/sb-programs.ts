/**
 * Directed, self-checking programs of the revision-2 status-based mode (spec §5) for the flexv core,
 * generated from a seed (the same seed is the same program). Expected values come from the golden
 * model's references (`formatDot`, `controllerStep`, src/iss/mixed.ts) and the spec's address-stream rule;
 * the program branches to `fail` (tohost = 3) on a wrong value, and lockstep compares every retirement.
 *  - every format 1..13 (`extension`: 11..13 too) with several skip sizes: register-form dot products of
 *    every signedness, accumulating or not, with a chosen sub-group (checked), then free-running runs
 *    where the controller advances (ivec_mixed_cycle checked after each), ALU, compare, `.sc`/`.sci` and
 *    lane-move rows at the format's width, and the traps (`.sc` dot under a mixed format, lane moves on
 *    4/2-bit lanes);
 *  - Mac&Load address streams (stride, skip, rollback, address writes resetting the counter, rd = x0 not
 *    counted) under random formats, addresses and sub-group checked;
 *  - mode switches (legacy Mac&Load with rs1 in between), VEC_MODE32 traps, reserved format writes.
 * The trap handler counts traps (s11) and skips the instruction; the total is checked at the end.
 */
import { DOT_SIGNS, FIRST_EXTENSION_FORMAT, VEC_FORMAT_COUNT, vecFormat, type DotSign } from '../../src/isa/index.ts';
import { controllerStep, formatDot } from '../../src/iss/mixed.ts';

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s;
  };
}
const hex = (v: number) => `0x${(v >>> 0).toString(16)}`;
const DOT_SIGN_NAMES: DotSign[] = ['up', 'usp', 'sp'];
const ML_SIGNS = ['up', 'usp', 'sup', 'sp'];
const ALU_OPS = ['add', 'sub', 'avg', 'avgu', 'min', 'minu', 'max', 'maxu', 'srl', 'sra', 'sll', 'or', 'xor', 'and'];
const COMPARES = ['cmpeq', 'cmpne', 'cmpgt', 'cmpge', 'cmplt', 'cmple', 'cmpgtu', 'cmpgeu', 'cmpltu', 'cmpleu'];

export interface SbProgramOptions {
  /** Run the extension formats 11..13 (false: a write of them is checked to leave ivec_fmt unchanged). */
  extension: boolean;
}

export function sbProgram(seed: number, opts: SbProgramOptions = { extension: true }): string {
  const next = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[next() % xs.length]!;
  const body: string[] = ['  la t0, handler', '  csrw mtvec, t0', '  li s11, 0', '  csrwi sb_legacy, 0'];
  let traps = 0;
  const check = (reg: string, value: number) => body.push(`  li t0, ${hex(value)}`, `  bne ${reg}, t0, fail`);
  const trap = (insn: string) => {
    body.push(insn);
    traps++;
  };
  const formats = Array.from({ length: opts.extension ? VEC_FORMAT_COUNT - 1 : FIRST_EXTENSION_FORMAT - 1 }, (_, i) => i + 1);
  let fmt = 0;
  const st = { cycle: 0, skip: 0, count: 0 };
  const setCycle = (c: number) => {
    body.push(`  csrwi ivec_mixed_cycle, ${c}`);
    st.cycle = c;
    st.count = 0;
  };
  const counted = () => Object.assign(st, controllerStep(fmt, st));

  // Part A: every format.
  for (const f of formats) {
    for (const skip of [0, 1, 3]) {
      const F = vecFormat(f)!;
      body.push(`  csrwi ivec_fmt, ${f}`, `  csrwi ivec_skip_size, ${skip}`);
      fmt = f;
      st.skip = skip;
      st.count = 0;
      for (let k = 0; k < 4; k++) {
        const a = next() | 0, b = next() | 0, acc = next() | 0;
        const sign = pick(DOT_SIGN_NAMES), accumulate = (next() & 1) === 1, row = pick(['h', 'b', 'n', 'c']);
        const c = next() & 7;
        body.push(`  li a0, ${hex(a)}`, `  li a1, ${hex(b)}`, `  li a2, ${hex(acc)}`);
        setCycle(c);
        body.push(`  pv.${accumulate ? 's' : ''}dot${sign}.${row} a2, a0, a1`);
        check('a2', formatDot(f, c, accumulate ? acc : 0, a, b, DOT_SIGNS[sign].rs1, DOT_SIGNS[sign].rs2));
        counted();
        body.push('  csrr a3, ivec_mixed_cycle');
        check('a3', st.cycle);
      }
      // Free-running: the controller advances every max(skip, 1) dot products.
      body.push(`  li a0, ${hex(next())}`, `  li a1, ${hex(next())}`);
      for (let k = 0; k < 7; k++) {
        body.push(`  pv.sdot${pick(DOT_SIGN_NAMES)}.${pick(['b', 'n'])} a2, a0, a1`);
        counted();
        body.push('  csrr a3, ivec_mixed_cycle');
        check('a3', st.cycle);
        body.push('  xor a0, a0, a2');
      }
      // ALU rows at the format's (wider) width, every form; compares; lane moves.
      for (let k = 0; k < 6; k++) {
        const op = pick([...ALU_OPS, ...COMPARES]);
        const form = pick(['', '.sc', '.sci']);
        const operand = form === '.sci' ? `${next() % 32}` : 'a1';
        const row = COMPARES.includes(op) || form === '.sci' ? pick(['h', 'b']) : pick(['h', 'b', 'n', 'c']);
        body.push(`  pv.${op}${form}.${row} a4, a0, ${operand}`, '  xor a1, a1, a4');
      }
      body.push(`  pv.abs.h a4, a0`);
      const narrow = 32 / F.lanes <= 4;
      const moves = ['  pv.extract.h a4, a0, 1', '  pv.extractu.b a4, a0, 3', '  pv.insert.b a4, a0, 2', '  pv.shuffle.h a4, a0, a1', '  pv.shuffle2.b a4, a0, a1', '  pv.pack.h a4, a0, a1', '  pv.packhi.b a4, a0, a1', '  pv.packlo.b a4, a0, a1'];
      for (const mv of [pick(moves), pick(moves)]) (narrow ? trap : (s: string) => body.push(s))(mv);
      body.push(`  pv.shufflei${next() & 3}.b.sci a4, a0, ${next() % 64}`, `  pv.shuffle.h.sci a4, a0, ${next() % 64}`);
      if (F.groups > 1) {
        trap('  pv.dotsp.b.sc a2, a0, a1');
        trap(`  pv.sdotup.h.sci a2, a0, ${next() % 32}`);
      } else {
        body.push(`  pv.sdotsp.${pick(['h', 'b', 'n', 'c'])}.sc a2, a0, a1`, `  pv.dotup.${pick(['h', 'b'])}.sci a2, a0, ${next() % 32}`);
        counted();
        counted();
      }
    }
  }

  // Part B: Mac&Load address streams under random formats.
  body.push('  la s0, nndata');
  for (let block = 0; block < 6; block++) {
    const f = pick(formats);
    const skip = next() % 4;
    body.push(`  csrwi ivec_fmt, ${f}`, `  csrwi ivec_skip_size, ${skip}`);
    fmt = f;
    st.skip = skip;
    st.count = 0;
    setCycle(next() & 7);
    const streams = { a: { address: 0, stride: 0, rollback: 0, skip: 0, count: 0 }, w: { address: 0, stride: 0, rollback: 0, skip: 0, count: 0 } };
    for (const s of ['a', 'w'] as const) {
      const x = streams[s];
      x.address = (s === 'a' ? 0 : 512) + 4 * (next() % 16);
      x.stride = pick([4, 8, -4, 0]);
      x.skip = next() % 4;
      x.rollback = pick([4, -x.skip * x.stride, 4 - x.skip * x.stride]);
      body.push(`  addi t1, s0, ${x.address}`, `  csrw macl_${s}_address, t1`);
      for (const [field, v] of [['stride', x.stride], ['rollback', x.rollback], ['skip', x.skip]] as const) body.push(`  li t1, ${v}`, `  csrw macl_${s}_${field}, t1`);
    }
    const advance = (s: 'a' | 'w') => {
      const x = streams[s];
      if (x.count === x.skip) {
        x.address += x.rollback;
        x.count = 0;
      } else {
        x.address += x.stride;
        x.count++;
      }
    };
    // Fill A0, A1, W0..W3 (rd = x0: not counted), then a stream.
    for (const imm of [8, 9, 16, 18, 20, 22]) {
      body.push(`  pv.mlsdotsup.b x0, a0, ${imm}`);
      advance(imm & 8 ? 'a' : 'w');
    }
    for (let k = 0; k < 24; k++) {
      const imm = next() & 31, rd = pick(['a5', 'a5', 'a6', 'x0']);
      body.push(`  pv.mlsdot${pick(ML_SIGNS)}.${pick(['h', 'b', 'n', 'c'])} ${rd}, a0, ${imm}`);
      if (imm & 8) advance('a');
      else if (imm & 16) advance('w');
      if (rd !== 'x0') counted();
      if (next() % 8 === 0) {
        body.push('  csrr a3, ivec_mixed_cycle');
        check('a3', st.cycle);
      }
      if (next() % 12 === 0) {
        const s = pick(['a', 'w'] as const);
        streams[s].address = (s === 'a' ? 0 : 512) + 4 * (next() % 16);
        streams[s].count = 0;
        body.push(`  addi t1, s0, ${streams[s].address}`, `  csrw macl_${s}_address, t1`);
      }
    }
    for (const s of ['a', 'w'] as const) {
      body.push(`  csrr a3, macl_${s}_address`, `  addi t1, s0, ${streams[s].address}`, '  bne a3, t1, fail');
    }
    body.push('  csrr a3, ivec_mixed_cycle');
    check('a3', st.cycle);
    // Mode switch: legacy Mac&Load from rs1 (post-increment), legacy nibble dot, back to status-based.
    body.push('  csrwi sb_legacy, 1', '  la a0, nndata', '  pv.mlsdotsup.n a5, a0, 9', '  pv.sdotusp.n a5, a5, a1', '  pv.mlsdotusp.b a6, a0, 16', '  csrwi sb_legacy, 0');
  }

  // Part C: VEC_MODE32 traps and reserved format writes.
  body.push('  csrwi ivec_fmt, 2');
  for (const v of [14, 15, ...(opts.extension ? [] : [11, 12, 13])]) {
    body.push(`  csrwi ivec_fmt, ${v}`, '  csrr a3, ivec_fmt');
    check('a3', 2);
  }
  body.push('  csrwi ivec_fmt, 0');
  trap('  pv.add.b a4, a0, a1');
  trap('  pv.mlsdotsp.b a5, a0, 8');
  body.push('  csrwi sb_legacy, 1', '  pv.add.b a4, a0, a1'); // legal again in legacy mode
  check('s11', traps);

  const data = Array.from({ length: 256 }, () => hex(next()));
  return [
    '  .section .text.init', '  .globl _start', '_start:', ...body,
    '  li t0, 1', '  la t1, tohost', '  sw t0, 0(t1)', '1: j 1b',
    'fail:', '  csrwi sb_legacy, 1', '  li t0, 3', '  la t1, tohost', '  sw t0, 0(t1)', '2: j 2b',
    'handler:', '  addi s11, s11, 1', '  csrr t3, mepc', '  addi t3, t3, 4', '  csrw mepc, t3', '  mret',
    '  .section .data', '  .align 2', 'nndata:',
    ...Array.from({ length: 32 }, (_, i) => `  .word ${data.slice(i * 8, i * 8 + 8).join(', ')}`),
    '  .section .tohost, "aw"', '  .align 2', '  .globl tohost', 'tohost: .word 0',
  ].join('\n') + '\n';
}

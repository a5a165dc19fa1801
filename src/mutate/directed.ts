import { csrByName, hasStatusBased, instructionsFor, STATUS_BASED_CSRS, vecFormatOf, type Config } from '../isa/index.ts';

/**
 * Directed programs of the mutation regression, generated (one source per fact: CSR addresses, formats and
 * instruction availability come from src/isa). Each exists because random programs left mutants alive
 * (docs/mutate.md): they need no self-check, lockstep compares every result.
 */
export interface DirectedProgram {
  name: string;
  source: string;
}

const hex = (v: number) => `0x${(v >>> 0).toString(16)}`;
const END = ['  li t0, 1', '  la t1, tohost', '  sw t0, 0(t1)', '1: j 1b', '  .section .tohost, "aw"', '  .align 2', '  .globl tohost', 'tohost: .word 0'];

function program(body: string[]): string {
  return ['  .section .text.init', '  .globl _start', '_start:', ...body, ...END].join('\n') + '\n';
}

/**
 * Every register x1..x31 holds all ones, then all zeros, and each is read on both read ports while the
 * value sits in the register file (the other 30 writes in between: no forwarding): a stuck register bit
 * shows in the result.
 */
function registerFile(): string {
  const body: string[] = [];
  for (const v of [-1, 0, 0x55555555, 0xaaaaaaaa | 0]) {
    for (let n = 1; n < 32; n++) body.push(`  li x${n}, ${v}`);
    for (let n = 1; n < 32; n++) body.push(`  addi x${n}, x${n}, 0`);
    for (let n = 1; n < 32; n++) body.push(`  add x${n}, x0, x${n}`);
  }
  return program(body);
}

/** Machine CSRs written with all ones, all zeros and two checkerboards, each read back. */
const CSR_NAMES = ['mscratch', 'mepc', 'mcause', 'mtval', 'mtvec', 'mcountinhibit', 'minstret', 'minstreth'];

function csrs(): string {
  const body: string[] = [];
  for (const name of CSR_NAMES) {
    const c = csrByName(name);
    if (!c || c.feature) continue;
    for (const v of [-1, 0x55555555, 0xaaaaaaaa | 0, -256, 0]) body.push(`  li t0, ${hex(v)}`, `  csrw ${hex(c.address)}, t0`, `  csrr t1, ${hex(c.address)}`, '  nop', `  csrr t2, ${hex(c.address)}`);
  }
  return program(body);
}

/** Bit scans and bit fields (XpulpV2): every bit position as the lowest/highest set bit, every field. */
function bitOps(): string {
  const body: string[] = [];
  for (let i = 0; i < 32; i++) {
    for (const v of [1 << i, (1 << i) | 1, ~(1 << i), -1 << i, ((1 << i) - 1) | 0, (1 << i) | (1 << 31)]) {
      body.push(`  li a0, ${hex(v)}`, '  p.ff1 a1, a0', '  p.fl1 a2, a0', '  p.clb a3, a0', '  p.cnt a4, a0');
    }
  }
  body.push('  li a0, 0x9b5d3c71');
  for (let pos = 0; pos < 32; pos += 3) {
    for (let w = 0; w < 32; w += 5) {
      body.push(`  li a1, ${(w << 5) | pos}`, '  p.extract a2, a0, a1', '  p.extractu a3, a0, a1', '  mv a4, a0', '  p.insert a4, a0, a1', '  p.bset a5, a0, a1', '  p.bclr a6, a0, a1');
    }
  }
  return program(body);
}

/**
 * Status-based packed-SIMD ALU and compare rows on 4- and 2-bit lanes (flexv): each lane pair of the
 * operands holds another (a, b) combination, so a few words cover every pair of a 2-bit lane and the
 * signed/unsigned boundaries of a 4-bit one.
 */
const SB_ROWS = ['add', 'sub', 'avg', 'avgu', 'min', 'minu', 'max', 'maxu', 'srl', 'sra', 'sll', 'or', 'xor', 'and', 'abs', 'cmpeq', 'cmpne', 'cmpgt', 'cmpge', 'cmplt', 'cmple', 'cmpgtu', 'cmpgeu', 'cmpltu', 'cmpleu'];

/**
 * Operand words for all (a, b) lane pairs: word k puts pair (k + i * stride) mod N in lane i (stride =
 * N / lanes), so every lane sees many pairs (every pair for 2-bit lanes), each compare true and false.
 */
function laneOperands(w: number, pairs: Array<[number, number]>): Array<[number, number]> {
  const lanes = 32 / w;
  const stride = pairs.length / lanes;
  const out: Array<[number, number]> = [];
  for (let k = 0; k < stride * (w === 2 ? lanes : 1); k++) {
    let a = 0, b = 0;
    for (let i = 0; i < lanes; i++) {
      const [x, y] = pairs[(k + i * stride) % pairs.length]!;
      a |= x << (i * w);
      b |= y << (i * w);
    }
    out.push([a | 0, b | 0]);
  }
  return out;
}

function statusSimd(isa: Config): string {
  const body: string[] = [`  csrwi ${hex(csrByName('sb_legacy')!.address)}, 0`];
  const defs = new Set(instructionsFor(isa).map((d) => d.id));
  for (const w of [4, 2] as const) {
    const f = vecFormatOf(w, w)!;
    body.push(`  csrwi ${hex(csrByName('ivec_fmt')!.address)}, ${f.value}`);
    const pairs: Array<[number, number]> = [];
    for (let x = 0; x < 1 << w; x++) for (let y = 0; y < 1 << w; y++) pairs.push([x, y]);
    for (const [a, b] of laneOperands(w, pairs)) {
      body.push(`  li a0, ${hex(a)}`, `  li a1, ${hex(b)}`);
      for (const op of SB_ROWS) {
        const id = `pv.${op}.b`;
        if (!defs.has(id)) continue;
        body.push(op === 'abs' ? `  ${id} a2, a0` : `  ${id} a2, a0, a1`);
        if (defs.has(`${id.replace('.b', '.sc.b')}`) && op !== 'abs') body.push(`  pv.${op}.sc.b a3, a0, a1`);
      }
    }
  }
  body.push(`  csrwi ${hex(csrByName('sb_legacy')!.address)}, 1`);
  // the status-based CSRs written and read back (Mac&Load stream registers hold whole words)
  for (const name of STATUS_BASED_CSRS) {
    const a = hex(csrByName(name)!.address);
    for (const v of [-1, 0x55555555, 0xaaaaaaaa | 0, 0]) body.push(`  li t0, ${hex(v)}`, `  csrw ${a}, t0`, `  csrr t1, ${a}`);
  }
  return program(body);
}

/**
 * Code and data past the first 2 MiB + 16 KiB of L2 (the L2 holds 4 MiB: DEFAULT_SIZES in
 * src/platform/memory-map.ts), so pc, branch-target and address bits 14 and 21 are 1, which the small random
 * programs never make them.
 */
const FAR = 0x204000;

function farCode(): string {
  const body = [
    '  la t0, far', '  jr t0', `  .space ${hex(FAR)}`, 'far:',
    '  la s1, fardata', '  li a0, 5', '2: addi a0, a0, -1', '  sw a0, 0(s1)', '  lw a1, 0(s1)', '  sh a0, 6(s1)', '  lbu a2, 7(s1)',
    '  bnez a0, 2b', '  jal ra, 3f', '  j 4f', '3: ret', '4: auipc a3, 0', '  lw a4, 4(s1)',
  ];
  return program(body).replace(/\n  \.section \.tohost/, '\n  .align 2\nfardata: .word 0, 0, 0, 0\n  .section .tohost');
}

/**
 * Status-based Mac&Load streams with skips past 32 (flexv): the stream counters count beyond 5 bits
 * before the rollback, which the random programs (skips below 32) never reach; the addresses are read back.
 */
function longSkipStreams(): string {
  const c = (n: string) => hex(csrByName(n)!.address);
  const body = [`  csrwi ${c('sb_legacy')}, 0`, `  csrwi ${c('ivec_fmt')}, ${vecFormatOf(8, 8)!.value}`, '  la s0, nndata', '  mv a0, s0'];
  for (const st of ['a', 'w']) {
    body.push(`  csrw ${c(`macl_${st}_address`)}, s0`, `  csrw ${c(`macl_${st}_stride`)}, x0`, `  li t1, 4`, `  csrw ${c(`macl_${st}_rollback`)}, t1`, '  li t1, 40', `  csrw ${c(`macl_${st}_skip`)}, t1`);
  }
  for (let k = 0; k < 45; k++) body.push('  pv.mlsdotsup.b a5, a0, 8', '  pv.mlsdotsup.b a6, a0, 16');
  body.push(`  csrr a3, ${c('macl_a_address')}`, `  csrr a4, ${c('macl_w_address')}`, `  csrwi ${c('sb_legacy')}, 1`);
  return program(body).replace(/\n  \.section \.tohost/, '\n  .align 2\nnndata: .word 0x01020304, 0x05060708, 0x090a0b0c, 0x0d0e0f10\n  .section .tohost');
}

/**
 * Load-use hazards on every register-only instruction of the table (syntax `rd, rs1, rs2` or `rd, rs1`,
 * 32-bit, not excluded): each source, and rd where it is also read (accumulators), loaded by the
 * instruction right before. Stalls and forwarding the decoder's read flags steer must be right for every
 * instruction, not only for the ones random programs happen to pair with a load.
 */
function loadUse(isa: Config, excluded: ReadonlySet<string>): string {
  const body = ['  la s0, lu_data'];
  for (const d of instructionsFor(isa)) {
    if (d.size !== 4 || excluded.has(d.id) || !d.writesRd || d.simd?.op === 'qnt') continue;
    if (d.id.startsWith('pv.ml') && d.syntax === 'rd, rs1, uimm' && d.reads.includes('rd')) {
      // Mac&Load: the accumulator (rd) loaded right before; imm 0 loads nothing into the NN-RF
      body.push('  mv a0, s0', '  lw a1, 8(s0)', `  ${d.mnemonic} a1, a0, 0`);
      continue;
    }
    if (d.syntax !== 'rd, rs1, rs2' && d.syntax !== 'rd, rs1') continue;
    const two = d.syntax === 'rd, rs1, rs2';
    const ins = `  ${d.mnemonic} a1, a0${two ? ', a2' : ''}`;
    body.push('  lw a0, 0(s0)', ins, '  lw a1, 8(s0)');
    if (two) body.push('  lw a2, 4(s0)', ins);
    if (d.reads.includes('rd')) body.push('  lw a1, 8(s0)', ins);
  }
  return program(body).replace(/\n  \.section \.tohost/, '\n  .align 2\nlu_data: .word 0x8badf00d, 0x00000003, 0x7fff8001, 0\n  .section .tohost');
}

/** The directed programs that apply to an ISA configuration (`excluded`: instruction ids the core lacks). */
export function directedPrograms(isa: Config, excluded: readonly string[] = []): DirectedProgram[] {
  const ids = new Set(instructionsFor(isa).map((d) => d.id));
  const out: DirectedProgram[] = [{ name: 'register-file', source: registerFile() }, { name: 'csrs', source: csrs() }, { name: 'far-code', source: farCode() }, { name: 'load-use', source: loadUse(isa, new Set(excluded)) }];
  if (ids.has('p.ff1') && ids.has('p.extract')) out.push({ name: 'bit-ops', source: bitOps() });
  if (hasStatusBased(isa)) out.push({ name: 'status-simd', source: statusSimd(isa) }, { name: 'long-skip-streams', source: longSkipStreams() });
  return out;
}

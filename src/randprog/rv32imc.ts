import { Rng } from './rng.ts';

/**
 * Random RV32IMC programs for the golden-model oracle. A program is several independent segments; each
 * sets every register to a random value, runs a random instruction sequence (integer, multiply/divide,
 * loads/stores in a private data area, forward branches, bounded backward loops, jal/jalr) and ends by
 * writing its 31 registers and a checksum of the data area with the Linux `write` system call. The last
 * segment calls `exit(0)`. The assembler picks compressed forms wherever it can (-march=rv32imc), and
 * register choice is biased toward x8..x15 so that many instructions compress.
 *
 * Registers with a role: s11 (x27) holds the data-area base, s10 (x26) counts loop iterations.
 */

export interface RandProgOptions {
  seed: number;
  segments: number;
  /** Random instructions per segment. */
  length: number;
}

/** Bytes of the data area the random loads and stores use; the dump area follows it. */
export const DATA_BYTES = 1024;
/** Bytes one segment writes: 31 registers and the data checksum. */
export const DUMP_BYTES = 32 * 4;

const BASE = 27;
const LOOP = 26;
/** Registers random instructions may write. */
const WRITABLE = Array.from({ length: 31 }, (_, i) => i + 1).filter((r) => r !== BASE && r !== LOOP);
const COMPRESSIBLE = [8, 9, 10, 11, 12, 13, 14, 15];

const R_OPS = ['add', 'sub', 'sll', 'slt', 'sltu', 'xor', 'srl', 'sra', 'or', 'and', 'mul', 'mulh', 'mulhsu', 'mulhu', 'div', 'divu', 'rem', 'remu'];
const I_OPS = ['addi', 'slti', 'sltiu', 'xori', 'ori', 'andi'];
const SHIFT_OPS = ['slli', 'srli', 'srai'];
const LOADS: Array<[string, number]> = [['lb', 1], ['lh', 2], ['lw', 4], ['lbu', 1], ['lhu', 2]];
const STORES: Array<[string, number]> = [['sb', 1], ['sh', 2], ['sw', 4]];
const BRANCHES = ['beq', 'bne', 'blt', 'bge', 'bltu', 'bgeu'];

export function generateRv32imc(opts: RandProgOptions): string {
  const rng = new Rng(opts.seed);
  const out: string[] = [
    `# flexv random RV32IMC program, seed ${opts.seed}, ${opts.segments} segments of ${opts.length} instructions`,
    '  .section .text.init',
    '  .globl _start',
    '_start:',
    '  la s11, data',
  ];
  let label = 0;
  const reg = (): number => (rng.chance(0.5) ? rng.pick(COMPRESSIBLE) : rng.pick(WRITABLE));
  const src = (): number => (rng.chance(0.1) ? 0 : reg());

  const one = (avoid: number[] = []): string[] => {
    let rd = reg();
    while (avoid.includes(rd)) rd = reg();
    const k = rng.int(0, 99);
    // rd = rs1 and small immediates half of the time: the forms the assembler compresses.
    const s1 = rng.chance(0.5) ? rd : src();
    if (k < 30) return [`  ${rng.pick(R_OPS)} x${rd}, x${s1}, x${src()}`];
    if (k < 45) return [`  ${rng.pick(I_OPS)} x${rd}, x${s1}, ${rng.chance(0.5) ? rng.int(-32, 31) : rng.int(-2048, 2047)}`];
    if (k < 52) return [`  ${rng.pick(SHIFT_OPS)} x${rd}, x${s1}, ${rng.int(0, 31)}`];
    if (k < 55) return [`  lui x${rd}, ${rng.int(0, 0xfffff)}`];
    if (k < 57) return [`  auipc x${rd}, ${rng.int(0, 0xfffff)}`];
    if (k < 67) {
      const [op, size] = rng.pick(LOADS);
      return [`  ${op} x${rd}, ${rng.int(0, DATA_BYTES / size - 1) * size}(s11)`];
    }
    if (k < 77) {
      const [op, size] = rng.pick(STORES);
      return [`  ${op} x${src()}, ${rng.int(0, DATA_BYTES / size - 1) * size}(s11)`];
    }
    if (k < 80) return [`  li x${rd}, ${rng.interesting()}`];
    if (k < 82) return [`  mv x${rd}, x${reg()}`];
    if (k < 85) return [`  c.li x${rng.pick(WRITABLE)}, ${rng.int(-32, 31)}`];
    return [`  ${rng.pick(R_OPS.slice(0, 10))} x${rd}, x${src()}, x${src()}`];
  };

  for (let seg = 0; seg < opts.segments; seg++) {
    out.push(`# segment ${seg}`);
    for (const r of WRITABLE) out.push(`  li x${r}, ${rng.interesting()}`);
    for (let i = 0; i < opts.length; ) {
      const k = rng.int(0, 99);
      if (k < 8) {
        // Forward conditional branch over a few instructions.
        const l = `f${label++}`;
        out.push(`  ${rng.pick(BRANCHES)} x${src()}, x${src()}, ${l}`);
        for (let j = rng.int(1, 4); j > 0; j--) out.push(...one());
        out.push(`${l}:`);
        i += 4;
      } else if (k < 11) {
        // Bounded backward loop.
        const l = `b${label++}`;
        out.push(`  li s10, ${rng.int(1, 5)}`, `${l}:`);
        for (let j = rng.int(1, 4); j > 0; j--) out.push(...one());
        out.push('  addi s10, s10, -1', `  bnez s10, ${l}`);
        i += 6;
      } else if (k < 13) {
        const l = `j${label++}`;
        out.push(`  jal x${reg()}, ${l}`);
        out.push(...one());
        out.push(`${l}:`);
        i += 2;
      } else if (k < 15) {
        const l = `r${label++}`;
        const t = reg();
        out.push(`  la x${t}, ${l}`, `  jalr x${reg()}, 0(x${t})`);
        out.push(...one());
        out.push(`${l}:`);
        i += 3;
      } else {
        out.push(...one());
        i++;
      }
    }
    // Dump: registers, then a checksum of the data area, then write(1, dump, DUMP_BYTES).
    for (let r = 1; r < 32; r++) out.push(`  sw x${r}, ${DATA_BYTES + 4 * (r - 1)}(s11)`);
    out.push(
      '  li t0, 0',
      '  mv t1, s11',
      `  addi t2, s11, ${DATA_BYTES}`,
      `c${label}:`,
      '  lw t3, 0(t1)',
      '  slli t4, t0, 5',
      '  srli t5, t0, 27',
      '  or t0, t4, t5',
      '  xor t0, t0, t3',
      '  addi t1, t1, 4',
      `  bne t1, t2, c${label++}`,
      `  sw t0, ${DATA_BYTES + 124}(s11)`,
      '  li a7, 64',
      '  li a0, 1',
      `  addi a1, s11, ${DATA_BYTES}`,
      `  li a2, ${DUMP_BYTES}`,
      '  ecall',
    );
  }
  out.push('  li a7, 93', '  li a0, 0', '  ecall');
  out.push('  .data', '  .align 4', 'data:');
  for (let i = 0; i < DATA_BYTES / 4; i++) out.push(`  .word ${rng.u32() | 0}`);
  out.push(`  .space ${DUMP_BYTES}`);
  return out.join('\n') + '\n';
}

import { describe, expect, it } from 'vitest';
import { csrByName, instructionsFor, operandRange, type InstrDef } from '../../src/isa/index.ts';
import { L2_BASE, PERIPH_BASE, TCDM_BASE } from '../../src/platform/memory-map.ts';
import { Rng } from '../../src/randprog/rng.ts';
import { enc, machine, put, trace, type Asm } from './helpers.ts';

/** The execution engine: exact limits, self-modifying code, fetch faults, fast path = traced path. */

const END: Asm[number] = ['sw', { rs2: 0, rs1: 31, imm: 8 }];

describe('execution engine', () => {
  it('run(n) retires exactly n instructions, also inside a block that loops on itself', () => {
    const { mem, hart } = machine('baseline');
    put(mem, [['addi', { rd: 5, rs1: 5, imm: 1 }], ['addi', { rd: 6, rs1: 6, imm: 1 }], ['jal', { rd: 0, target: -8 }]]);
    for (const n of [1, 2, 5, 1000, 77_777]) {
      const before = hart.n;
      hart.run(n);
      expect(hart.n - before).toBe(n);
    }
    // Each pass is addi, addi, jal: x5 counts the passes started.
    expect(hart.x[5]).toBe(Math.ceil(hart.n / 3));
  });

  it('a store that rewrites the next instruction of the same block takes effect', () => {
    const { mem, hart } = machine('baseline');
    hart.x[31] = PERIPH_BASE;
    const patched = enc('addi', { rd: 7, rs1: 0, imm: 42 }).word;
    hart.x[8] = patched;
    const a = put(mem, [
      ['auipc', { rd: 9, imm: 0 }], //            0: x9 = base
      ['sw', { rs2: 8, rs1: 9, imm: 12 }], //     4: overwrite the instruction at 12
      ['addi', { rd: 6, rs1: 0, imm: 1 }], //      8
      ['addi', { rd: 7, rs1: 0, imm: 1 }], //     12: becomes addi x7, x0, 42
      END,
    ]);
    hart.run(100);
    expect(a[3]).toBe((L2_BASE + 12) | 0);
    expect(mem.haltReason).toBe('eoc');
    expect(hart.x[7]).toBe(42);
  });

  it('code rewritten after it ran is re-decoded (fence.i)', () => {
    const { mem, hart } = machine('baseline');
    hart.x[31] = PERIPH_BASE;
    put(mem, [['addi', { rd: 5, rs1: 5, imm: 1 }], ['jalr', { rd: 1, rs1: 1, imm: 0 }]], (L2_BASE + 0x800) | 0);
    hart.x[1] = 0;
    hart.x[10] = (L2_BASE + 0x800) | 0;
    hart.x[11] = enc('addi', { rd: 5, rs1: 5, imm: 100 }).word;
    put(mem, [
      ['jalr', { rd: 1, rs1: 10, imm: 0 }], //  call: x5 += 1
      ['sw', { rs2: 11, rs1: 10, imm: 0 }], //  patch the callee
      ['fence.i'],
      ['jalr', { rd: 1, rs1: 10, imm: 0 }], //  call: x5 += 100
      END,
    ]);
    hart.run(100);
    expect(mem.haltReason).toBe('eoc');
    expect(hart.x[5]).toBe(101);
  });

  it('a jump outside the memory map halts with a bus error at that pc', () => {
    const { mem, hart } = machine('baseline');
    hart.x[5] = 0x4000_0000;
    put(mem, [['jalr', { rd: 0, rs1: 5, imm: 0 }]]);
    hart.run(10);
    expect(mem.haltReason).toBe('bus-error');
    expect(mem.haltValue).toBe(0x4000_0000);
  });

  it('random Xpulp programs: compiled blocks and the traced path end in the same state', () => {
    // Straight-line random register instructions of every extension, data in TCDM, ended by EOC; a quarter
    // of the programs in legacy decoding, the others in status-based decoding under every format (with
    // Mac&Load on the address streams), traps (e.g. .sc dot products under a mixed format) skipped by a
    // handler that returns after the trapping instruction.
    const rng = new Rng(2024);
    const defs = instructionsFor('flexv').filter(
      (d) => d.size === 4 && d.writesRd && !d.writesRs1 && ['alu', 'alu.imm', 'mul', 'div', 'mac', 'bitmanip', 'simd.alu', 'simd.cmp', 'simd.shuffle', 'simd.dot', 'simd.sdot'].includes(d.sem),
    );
    const macLoads = instructionsFor('flexv').filter((d) => d.macLoad);
    const pick = (d: InstrDef): Record<string, number> =>
      Object.fromEntries(
        d.operands.map((o) => {
          if (o.kind === 'xreg') return [o.name, rng.int(1, 29)];
          const { min, max } = operandRange(o);
          return [o.name, rng.int(min, max)];
        }),
      );
    const handler = (L2_BASE + 0x8000) | 0;
    const csr = (name: string) => csrByName(name)!.address;
    for (let p = 0; p < 26; p++) {
      const statusBased = p % 4 !== 0;
      const prog: Asm = [];
      for (let i = 0; i < 200; i++) {
        const d = statusBased && rng.chance(0.15) ? rng.pick(macLoads) : rng.pick(defs);
        prog.push([d.id, pick(d)]);
      }
      prog.push(END);
      const states = [false, true].map((traced) => {
        const { mem, hart } = machine('flexv');
        const seed = new Rng(p);
        for (let r = 1; r < 31; r++) hart.x[r] = seed.interesting();
        hart.x[31] = PERIPH_BASE;
        hart.csr.write(csr('mtvec'), handler, 0);
        put(mem, [['csrrs', { rd: 30, csr: csr('mepc'), rs1: 0 }], ['addi', { rd: 30, rs1: 30, imm: 4 }], ['csrrw', { rd: 0, csr: csr('mepc'), rs1: 30 }], ['mret']], handler);
        if (statusBased) {
          hart.csr.write(csr('sb_legacy'), 0, 0);
          hart.csr.write(csr('ivec_fmt'), 1 + (p % 13), 0);
          hart.csr.write(csr('ivec_mixed_cycle'), p % 8, 0);
          hart.csr.write(csr('ivec_skip_size'), p % 4, 0);
          for (const [n, v] of [['macl_a_address', TCDM_BASE], ['macl_w_address', TCDM_BASE + 0x100], ['macl_a_stride', 4], ['macl_w_stride', 8], ['macl_a_rollback', -12], ['macl_w_rollback', -20], ['macl_a_skip', 3], ['macl_w_skip', p % 3]] as const) {
            hart.csr.write(csr(n), v, 0);
          }
          for (let k = 0; k < 0x200; k += 4) mem.write(TCDM_BASE + k, 4, seed.interesting());
        }
        put(mem, prog);
        if (traced) trace(hart, 1000);
        else hart.run(1000);
        expect(mem.haltReason).toBe('eoc');
        return [...hart.x, ...hart.sb, ...hart.nn, hart.n];
      });
      expect(states[0], `program ${p}`).toEqual(states[1]);
    }
  });

  it('TCDM and L2 loads and stores of every size, aligned and not, agree between the paths', () => {
    const rng = new Rng(7);
    const ops = ['lb', 'lh', 'lw', 'lbu', 'lhu', 'sb', 'sh', 'sw'];
    const prog: Asm = [];
    for (let i = 0; i < 300; i++) {
      const op = rng.pick(ops);
      const base = rng.chance(0.5) ? 10 : 11;
      prog.push(op.startsWith('l') ? [op, { rd: rng.int(1, 9), rs1: base, imm: rng.int(0, 60) }] : [op, { rs2: rng.int(1, 9), rs1: base, imm: rng.int(0, 60) }]);
    }
    prog.push(END);
    const init = Array.from({ length: 10 }, () => rng.u32() | 0);
    const states = [false, true].map((traced) => {
      const { mem, hart } = machine('baseline');
      for (let r = 1; r < 10; r++) hart.x[r] = init[r];
      hart.x[10] = TCDM_BASE;
      hart.x[11] = (L2_BASE + 0x8000) | 0;
      hart.x[31] = PERIPH_BASE;
      put(mem, prog);
      if (traced) trace(hart, 1000);
      else hart.run(1000);
      const words = Array.from({ length: 17 }, (_, i) => [mem.read(TCDM_BASE + 4 * i, 4), mem.read(L2_BASE + 0x8000 + 4 * i, 4)]).flat();
      return [...hart.x, ...words];
    });
    expect(states[0]).toEqual(states[1]);
  });
});

describe('memory map edges', () => {
  it('an access running past the end of a region, or into the gap after the TCDM, is a bus error', () => {
    for (const addr of [TCDM_BASE + (1 << 18) - 2, TCDM_BASE + (1 << 18) + 16, PERIPH_BASE + 0x10]) {
      const { mem, hart } = machine('baseline');
      hart.x[6] = addr;
      put(mem, [['lw', { rd: 5, rs1: 6, imm: 0 }]]);
      hart.run(1);
      expect(mem.haltReason, `0x${addr.toString(16)}`).toBe('bus-error');
      expect(hart.n).toBe(0);
    }
  });

  it('peripherals: core count and cycle counter read, EOC write stops with its value', () => {
    const { mem, hart } = machine('baseline');
    mem.cycles = () => hart.n;
    hart.x[6] = PERIPH_BASE;
    hart.x[7] = 77;
    put(mem, [['lw', { rd: 5, rs1: 6, imm: 0 }], ['lw', { rd: 8, rs1: 6, imm: 4 }], ['sw', { rs2: 7, rs1: 6, imm: 8 }]]);
    hart.run(10);
    expect(hart.x[5]).toBe(1);
    expect(hart.x[8]).toBeGreaterThanOrEqual(0);
    expect(mem.haltReason).toBe('eoc');
    expect(mem.haltValue).toBe(77);
  });
});

describe('code and data in one page', () => {
  it('stores next to code run the slow path without recompiling the loop', () => {
    const { mem, hart } = machine('baseline');
    hart.x[31] = PERIPH_BASE;
    hart.x[5] = 10_000;
    put(mem, [
      ['auipc', { rd: 9, imm: 0 }],
      ['sw', { rs2: 5, rs1: 9, imm: 40 }], //   4: data word 40 bytes after the code, same page
      ['lw', { rd: 6, rs1: 9, imm: 40 }], //    8
      ['add', { rd: 7, rs1: 7, rs2: 6 }], //   12
      ['addi', { rd: 5, rs1: 5, imm: -1 }], // 16
      ['bne', { rs1: 5, rs2: 0, target: -16 }], // 20: back to 4
      END,
    ]);
    hart.run(1_000_000);
    expect(mem.haltReason).toBe('eoc');
    expect(hart.x[7]).toBe((10_000 * 10_001) / 2);
    expect(hart.blocksCompiled).toBeLessThan(10);
  });
});

describe('coverage of the ISA table', () => {
  it('every instruction of every configuration has a semantic', async () => {
    const { unimplemented } = await import('../../src/iss/decode.ts');
    for (const config of ['baseline', 'xpulpnn'] as const) expect(unimplemented(instructionsFor(config)), config).toEqual([]);
    // Revision 2 removed revision 1's mixed instructions (opcode 0x77, funct3 100/110): they are illegal,
    // and they are the only rows without a semantic until the table drops them.
    const missing = unimplemented(instructionsFor('flexv'));
    for (const id of missing) expect(instructionsFor('flexv').find((d) => d.id === id)!.sem, id).toMatch(/^mixed\./);
  });
});

describe('dropped blocks taken back', () => {
  it('a block dropped by fence.i over unchanged code is revived, not compiled again', () => {
    const { mem, hart } = machine('baseline');
    hart.x[31] = PERIPH_BASE;
    put(mem, [['addi', { rd: 5, rs1: 5, imm: 1 }], ['jalr', { rd: 1, rs1: 1, imm: 0 }]], (L2_BASE + 0x800) | 0);
    hart.x[10] = (L2_BASE + 0x800) | 0;
    put(mem, [
      ['jalr', { rd: 1, rs1: 10, imm: 0 }], //  call: x5 += 1
      ['fence.i'], //                           drops every block
      ['jalr', { rd: 1, rs1: 10, imm: 0 }], //  call again: the callee's block comes back
      END,
    ]);
    hart.run(100);
    expect(mem.haltReason).toBe('eoc');
    expect(hart.x[5]).toBe(2);
    expect(hart.blocksRevived).toBeGreaterThanOrEqual(1);
  });
});

import { describe, expect, it } from 'vitest';
import { CSRS } from '../../src/isa/index.ts';
import { CSR } from '../../src/iss/csr.ts';
import { L2_BASE, PERIPH_BASE } from '../../src/platform/memory-map.ts';
import { machine, put, trace, type Asm } from './helpers.ts';

/** Directed tests for every trap and every CSR of the ISA table (spec §2). */

const HANDLER = (L2_BASE + 0x400) | 0;

/** Program at L2 base with mtvec = HANDLER; the handler ends the run (EOC store). */
function withHandler(prog: Asm, handler: Asm = [['sw', { rs2: 0, rs1: 31, imm: 8 }]]) {
  const { mem, hart } = machine('flexv');
  hart.x[31] = PERIPH_BASE;
  hart.csr.write(CSR.mtvec, HANDLER, 0);
  const addrs = put(mem, prog);
  put(mem, handler, HANDLER);
  return { mem, hart, addrs };
}

describe('traps', () => {
  it('illegal instruction: mcause 2, mepc = pc, mtval = the instruction word, MIE -> MPIE', () => {
    const { mem, hart, addrs } = withHandler([['addi', { rd: 5, rs1: 0, imm: 1 }], 0xffffffff]);
    hart.csr.write(CSR.mstatus, 0x8, 0);
    const recs = trace(hart);
    expect(mem.haltReason).toBe('eoc');
    expect(hart.csr.read(CSR.mcause, 0)).toBe(2);
    expect(hart.csr.read(CSR.mepc, 0)).toBe(addrs[1]);
    expect(hart.csr.read(CSR.mtval, 0)).toBe(-1);
    expect(hart.csr.read(CSR.mstatus, 0) & 0x88).toBe(0x80);
    expect(recs[1]).toMatchObject({ trap: 2, rd: 0, memCount: 0, nextPc: HANDLER });
    expect(recs[1].csr.map((c) => c.addr)).toEqual([CSR.mepc, CSR.mcause, CSR.mtval, CSR.mstatus]);
  });

  it('a compressed all-zero half-word is illegal (mtval holds the 16 bits)', () => {
    const { hart } = withHandler([0]);
    hart.run(10);
    expect(hart.csr.read(CSR.mcause, 0)).toBe(2);
    expect(hart.csr.read(CSR.mtval, 0)).toBe(0);
  });

  it('ecall: cause 11; ebreak: cause 3; mret returns to mepc and restores MIE', () => {
    for (const [id, cause] of [['ecall', 11], ['ebreak', 3], ['c.ebreak', 3]] as const) {
      // Handler: mepc += 4 (or 2), mret.
      const size = id === 'c.ebreak' ? 2 : 4;
      const { mem, hart, addrs } = withHandler(
        [[id], ['addi', { rd: 6, rs1: 0, imm: 7 }], ['sw', { rs2: 0, rs1: 31, imm: 8 }]],
        [
          ['csrrs', { rd: 5, csr: CSR.mepc, rs1: 0 }],
          ['addi', { rd: 5, rs1: 5, imm: size }],
          ['csrrw', { rd: 0, csr: CSR.mepc, rs1: 5 }],
          ['mret'],
        ],
      );
      hart.csr.write(CSR.mstatus, 0x8, 0);
      const recs = trace(hart);
      expect(mem.haltReason).toBe('eoc');
      expect(recs[0].trap, id).toBe(cause);
      expect(hart.csr.read(CSR.mcause, 0)).toBe(cause);
      expect(hart.x[6]).toBe(7);
      expect(hart.csr.read(CSR.mstatus, 0) & 0x88).toBe(0x88);
      expect(recs[4].nextPc).toBe((addrs[0] + size) | 0);
    }
  });

  it('vectored mtvec: exceptions still go to BASE; modes 2 and 3 keep the old mode', () => {
    const { mem, hart } = withHandler([['ecall']]);
    hart.csr.write(CSR.mtvec, HANDLER | 1, 0);
    hart.run(10);
    expect(mem.haltReason).toBe('eoc');
    hart.csr.write(CSR.mtvec, HANDLER | 2, 0);
    expect(hart.csr.read(CSR.mtvec, 0)).toBe(HANDLER | 1);
  });

  it('a handler that traps at once is reported as a trap loop', () => {
    const { mem, hart } = withHandler([['ecall']], [0xffffffff]);
    hart.run(10_000);
    expect(mem.haltReason).toBe('trap-loop');
    expect(hart.n).toBeLessThan(10);
  });

  it('minstret does not count trapping instructions; mcycle does', () => {
    const { hart } = withHandler(
      [['ecall'], ['csrrs', { rd: 5, csr: CSR.minstret, rs1: 0 }], ['csrrs', { rd: 6, csr: CSR.mcycle, rs1: 0 }], ['sw', { rs2: 0, rs1: 31, imm: 8 }]],
      [['csrrs', { rd: 7, csr: CSR.mepc, rs1: 0 }], ['addi', { rd: 7, rs1: 7, imm: 4 }], ['csrrw', { rd: 0, csr: CSR.mepc, rs1: 7 }], ['mret']],
    );
    hart.run(100);
    // ecall (trap) + 4 handler instructions retired before the read: minstret 4, mcycle 6 at the second read.
    expect(hart.x[5]).toBe(4);
    expect(hart.x[6]).toBe(6);
  });
});

describe('CSRs', () => {
  it('every CSR of the table reads its reset value', () => {
    for (const c of CSRS) {
      const { mem, hart } = machine('flexv');
      put(mem, [['csrrs', { rd: 5, csr: c.address, rs1: 0 }]]);
      const recs = trace(hart, 1);
      expect(recs[0].trap, c.name).toBe(-1);
      const counter = ['mcycle', 'minstret', 'cycle', 'instret'].includes(c.name);
      const want = c.reset === 'hartid' ? 0 : counter ? 0 : c.reset | 0;
      expect(hart.x[5], c.name).toBe(want);
    }
  });

  it('writes to read-only CSRs and accesses to unknown CSRs are illegal; csrrs x0 may read them', () => {
    for (const [csr, writes, legal] of [
      [0xf14, true, false], [0xc00, true, false], [0xf14, false, true], [0x7b0, false, false], [0x3a0, false, false],
    ] as const) {
      const { mem, hart } = machine('flexv');
      hart.x[6] = 1;
      put(mem, [['csrrs', { rd: 5, csr, rs1: writes ? 6 : 0 }]]);
      const recs = trace(hart, 1);
      expect(recs[0].trap, `csr 0x${csr.toString(16)}`).toBe(legal ? -1 : 2);
    }
  });

  it('WARL fields: misa and mip ignore writes, mepc bit 0 is 0, mstatus.MPP reads 3, other bits read 0', () => {
    const { mem, hart } = machine('flexv');
    hart.x[6] = -1;
    put(mem, [
      ['csrrw', { rd: 0, csr: CSR.misa, rs1: 6 }], ['csrrs', { rd: 7, csr: CSR.misa, rs1: 0 }],
      ['csrrw', { rd: 0, csr: CSR.mip, rs1: 6 }], ['csrrs', { rd: 8, csr: CSR.mip, rs1: 0 }],
      ['csrrw', { rd: 0, csr: CSR.mepc, rs1: 6 }], ['csrrs', { rd: 9, csr: CSR.mepc, rs1: 0 }],
      ['csrrw', { rd: 0, csr: CSR.mstatus, rs1: 0 }], ['csrrs', { rd: 10, csr: CSR.mstatus, rs1: 0 }],
      ['csrrw', { rd: 0, csr: CSR.mstatus, rs1: 6 }], ['csrrs', { rd: 11, csr: CSR.mstatus, rs1: 0 }],
      ['csrrw', { rd: 0, csr: CSR.mie, rs1: 6 }], ['csrrs', { rd: 12, csr: CSR.mie, rs1: 0 }],
      ['csrrwi', { rd: 13, csr: CSR.mscratch, uimm: 21 }], ['csrrci', { rd: 0, csr: CSR.mscratch, uimm: 1 }], ['csrrs', { rd: 14, csr: CSR.mscratch, rs1: 0 }],
    ]);
    hart.run(15);
    expect(hart.x[7] >>> 0).toBe(0x40801104);
    expect(hart.x[8]).toBe(0);
    expect(hart.x[9]).toBe(-2);
    expect(hart.x[10]).toBe(0x1800);
    expect(hart.x[11]).toBe(0x1888);
    expect(hart.x[12]).toBe(0x888);
    expect(hart.x[13]).toBe(0);
    expect(hart.x[14]).toBe(20);
  });

  it('counters: a write is seen by the next instruction; mcountinhibit freezes them; high words', () => {
    const { mem, hart } = machine('flexv');
    hart.x[6] = 100;
    hart.x[7] = 5;
    put(mem, [
      ['csrrw', { rd: 0, csr: CSR.minstret, rs1: 6 }],
      ['csrrs', { rd: 8, csr: CSR.minstret, rs1: 0 }], // 100
      ['csrrs', { rd: 9, csr: CSR.instret, rs1: 0 }], // 101
      ['csrrw', { rd: 0, csr: CSR.mcountinhibit, rs1: 7 }], // stop both
      ['addi', { rd: 0, rs1: 0, imm: 0 }],
      ['csrrs', { rd: 10, csr: CSR.minstret, rs1: 0 }],
      ['csrrs', { rd: 11, csr: CSR.minstret, rs1: 0 }],
      ['csrrw', { rd: 0, csr: CSR.minstreth, rs1: 7 }],
      ['csrrs', { rd: 12, csr: CSR.minstreth, rs1: 0 }],
      ['csrrs', { rd: 13, csr: CSR.cycleh, rs1: 0 }],
    ]);
    hart.run(10);
    expect(hart.x[8]).toBe(100);
    expect(hart.x[9]).toBe(101);
    expect(hart.x[10]).toBe(hart.x[11]);
    expect(hart.x[12]).toBe(5);
    expect(hart.x[13]).toBe(0);
  });

  it('mhartid is the hart index', () => {
    const { mem, hart } = machine('flexv');
    put(mem, [['csrrs', { rd: 5, csr: CSR.mhartid, rs1: 0 }]]);
    hart.run(1);
    expect(hart.x[5]).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { enc, machine, put, trace, type Asm } from './helpers.ts';
import { csr, runBoth, sbMachine } from './sb-helpers.ts';

/**
 * Status-based decoding (spec §5.2): lane width from ivec_fmt, the form from funct3 bits 14/13, traps,
 * lane moves, legacy decoding unchanged, and compiled code across decoding-mode changes.
 */

const rrr = (id: string) => [id, { rd: 5, rs1: 6, rs2: 7 }] as [string, Record<string, number>];

describe('traps in status-based mode', () => {
  const fmt0: Asm = [
    rrr('pv.add.b'), rrr('pv.sdotsp.b'), rrr('pv.dotup.n'), ['pv.mlsdotsup.b', { rd: 5, rs1: 6, uimm: 0 }],
    ['pv.qnt.n', { rd: 5, rs1: 6, rs2: 7 }], ['pv.extract.b', { rd: 5, rs1: 6, uimm: 1 }],
  ];
  for (const insn of fmt0) {
    it(`${(insn as [string])[0]} under VEC_MODE32 (ivec_fmt = 0) is illegal`, () => {
      const { mem, hart } = sbMachine({ fmt: 0 });
      put(mem, [insn]);
      const [r] = trace(hart, 1);
      expect(r).toMatchObject({ trap: 2, rd: 0, memCount: 0 });
      expect(hart.csr.read(csr('mtval'), 0) >>> 0).toBe(enc((insn as [string])[0], (insn as [string, Record<string, number>])[1]).word >>> 0);
    });
  }

  for (const id of ['pv.sdotsp.b.sc', 'pv.dotup.h.sci', 'pv.dotusp.b.sc']) {
    it(`${id} under a mixed format is illegal; under a uniform format it runs`, () => {
      const ops: Record<string, number> = id.endsWith('sci') ? { rd: 5, rs1: 6, uimm: 3 } : { rd: 5, rs1: 6, rs2: 7 };
      for (const [fmt, trap] of [[8, 2], [12, 2], [2, -1]] as const) {
        const { mem, hart } = sbMachine({ fmt });
        put(mem, [[id, ops]]);
        expect(trace(hart, 1)[0]!.trap, `format ${fmt}`).toBe(trap);
      }
    });
  }

  it('lane moves under 4- or 2-bit lanes are illegal (the published ALU has none)', () => {
    for (const [id, ops] of [['pv.extract.b', { rd: 5, rs1: 6, uimm: 1 }], ['pv.shuffle.b', { rd: 5, rs1: 6, rs2: 7 }], ['pv.pack.h', { rd: 5, rs1: 6, rs2: 7 }], ['pv.insert.h', { rd: 5, rs1: 6, uimm: 1 }]] as const) {
      for (const fmt of [3, 4, 5, 11]) {
        const { mem, hart } = sbMachine({ fmt });
        put(mem, [[id, { ...ops }]]);
        expect(trace(hart, 1)[0]!.trap, `${id} format ${fmt}`).toBe(2);
      }
    }
  });

  it('revision 1 mixed instructions (opcode 0x77, funct3 100/110) are illegal', () => {
    // Raw words (the rows leave the table at integration): pv.mlsdotsp.m, pv.sdotsp.m, pv.dotup.m, rd = x5.
    const ops = (5 << 7) | (6 << 15) | (7 << 20);
    for (const [funct7, funct3] of [[0b1111100, 0b100], [0b1011100, 0b110], [0b1000000, 0b110]]) {
      const { mem, hart } = sbMachine({ fmt: 8 });
      const word = ((funct7! << 25) | (funct3! << 12) | 0x77 | ops) >>> 0;
      put(mem, [word | 0]);
      expect(trace(hart, 1)[0]!.trap, word.toString(16)).toBe(2);
    }
  });
});

describe('forms and widths', () => {
  it('a word that legacy-decodes to pv.sdotusp.n.sc (funct3 011) is the vector form in status-based mode', () => {
    // Format 2 (8 x 8): rs1 bytes unsigned [1, 2, 3, 4], rs2 bytes signed [1, -1, 2, -2].
    // Vector: 1 - 2 + 6 - 8 = -3. (The .sc reading would replicate rs2's byte 0: 1 + 2 + 3 + 4 = 10.)
    const prep = () => {
      const m = sbMachine({ fmt: 2 });
      m.hart.x[6] = 0x04030201;
      m.hart.x[7] = 0xfe02ff01 | 0;
      return m;
    };
    const { hart } = runBoth(prep, [rrr('pv.sdotusp.n.sc'), rrr('pv.sdotusp.b.sc')], 2);
    // The second (funct3 101: bit 14 set) is the .sc form: -3 + 10.
    expect(hart.x[5]).toBe(7);
  });

  it('.sc replicates rs2\'s lowest lane and .sci the immediate at the format\'s width', () => {
    // Format 3 (4-bit lanes): rs2 nibble 0 = 3 replicated; .sci immediate 5 (low 4 bits) replicated.
    const prep = () => {
      const m = sbMachine({ fmt: 3 });
      m.hart.x[6] = 0x11111111;
      m.hart.x[7] = 0x000000a3;
      return m;
    };
    const { hart } = runBoth(prep, [
      ['pv.add.sc.b', { rd: 5, rs1: 6, rs2: 7 }],
      ['pv.add.sci.h', { rd: 8, rs1: 6, imm: 5 }],
      ['pv.dotup.b.sc', { rd: 9, rs1: 6, rs2: 7 }],
    ], 3);
    expect(hart.x[5]).toBe(0x44444444);
    expect(hart.x[8]).toBe(0x66666666);
    expect(hart.x[9]).toBe(8 * 1 * 3);
  });

  it('lane moves take 16- or 8-bit lanes from the format (published ALU)', () => {
    const run = (fmt: number, prog: Asm) =>
      runBoth(() => {
        const m = sbMachine({ fmt });
        m.hart.x[5] = 0x55667788;
        m.hart.x[6] = 0x11223344;
        m.hart.x[7] = 0xaabbccdd | 0;
        return m;
      }, prog, prog.length).hart.x;
    // Format 1 (16-bit): extract lane 1 of rs1 (a .b row), pack / packlo = {rs1[15:0], rs2[15:0]}, packhi = upper halves.
    let x = run(1, [['pv.extractu.b', { rd: 10, rs1: 6, uimm: 1 }], ['pv.packlo.b', { rd: 11, rs1: 6, rs2: 7 }], ['pv.packhi.b', { rd: 12, rs1: 6, rs2: 7 }], ['pv.pack.h', { rd: 13, rs1: 6, rs2: 7 }]]);
    expect([x[10], x[11], x[12], x[13]].map((v) => v! >>> 0)).toEqual([0x1122, 0x3344ccdd, 0x1122aabb, 0x3344ccdd]);
    // Formats 2 and 6 (8-bit lanes): pv.pack.h packs bytes into the low half of rd; extract.h takes byte 1.
    for (const fmt of [2, 6]) {
      x = run(fmt, [['pv.pack.h', { rd: 5, rs1: 6, rs2: 7 }], ['pv.extract.h', { rd: 10, rs1: 6, uimm: 1 }]]);
      expect([x[5]! >>> 0, x[10]], `format ${fmt}`).toEqual([0x556644dd, 0x33]);
    }
  });
});

describe('legacy decoding and mode changes', () => {
  it('sb_legacy = 1 ignores ivec_fmt: the row\'s own widths', () => {
    const prep = () => {
      const m = sbMachine({ legacy: 1, fmt: 8 });
      m.hart.x[6] = 0x11111111;
      m.hart.x[7] = 0x22222222;
      return m;
    };
    const { hart } = runBoth(prep, [rrr('pv.dotup.n'), ['pv.dotup.c', { rd: 8, rs1: 6, rs2: 7 }], ['pv.dotup.b', { rd: 9, rs1: 6, rs2: 7 }]], 3);
    // nibbles 1 x 2, 8 lanes = 16; crumbs [1, 0] x [2, 0] x 8 = 16; bytes 17 x 34 x 4 = 2312.
    expect([hart.x[5], hart.x[8], hart.x[9]]).toEqual([16, 16, 2312]);
  });

  it('the same code runs in legacy, then status-based, then another format (blocks per mode, no stale chaining)', () => {
    // Loop body: dot product, then the next mode is written; x11 counts passes.
    //   pass 0: legacy .b (bytes 17 x 34 x 4 = 2312); then sb_legacy = 0 with ivec_fmt = 3 preset
    //   pass 1: format 3 (nibbles 1 x 2 x 8 = 16); then ivec_fmt = 4
    //   pass 2: format 4 (crumbs [1, 0] x [2, 0] x 8 = 16)
    const prog: Asm = [
      ['pv.dotup.b', { rd: 5, rs1: 6, rs2: 7 }], //                   0
      ['add', { rd: 10, rs1: 10, rs2: 5 }], //                          4
      ['csrrw', { rd: 0, csr: csr('sb_legacy'), rs1: 0 }], //            8
      ['csrrw', { rd: 0, csr: csr('ivec_fmt'), rs1: 12 }], //           12
      ['addi', { rd: 12, rs1: 12, imm: 1 }], //                          16
      ['addi', { rd: 11, rs1: 11, imm: 1 }], //                          20
      ['blt', { rs1: 11, rs2: 13, target: -24 }], //                    24
    ];
    const prep = () => {
      const m = sbMachine({ legacy: 1, fmt: 3 });
      m.hart.x[6] = 0x11111111;
      m.hart.x[7] = 0x22222222;
      m.hart.x[12] = 3;
      m.hart.x[13] = 3;
      return m;
    };
    const { hart, fast } = runBoth(prep, prog, 21);
    expect(hart.x[10]).toBe(2312 + 16 + 16);
    expect(fast.x[10]).toBe(2312 + 16 + 16);
    // Run the loop a second time from the start on the fast machine: cached blocks of every mode are reused.
    const before = fast.blocksCompiled;
    fast.csr.write(csr('sb_legacy'), 1, 0);
    fast.csr.write(csr('ivec_fmt'), 3, 0);
    fast.x[10] = 0;
    fast.x[11] = 0;
    fast.x[12] = 3;
    fast.pc = (fast.pc - 28) | 0;
    fast.run(21);
    expect(fast.x[10]).toBe(2312 + 16 + 16);
    expect(fast.blocksCompiled - before).toBeLessThanOrEqual(1);
  });

  it('the legacy configuration xpulpnn keeps legacy decoding (no status-based CSRs)', () => {
    const { mem, hart } = machine('xpulpnn');
    hart.x[6] = 0x11111111;
    hart.x[7] = 0x22222222;
    put(mem, [rrr('pv.dotup.n')]);
    hart.run(1);
    expect(hart.x[5]).toBe(16);
  });
});

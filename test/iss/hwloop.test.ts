import { describe, expect, it } from 'vitest';
import { CSR } from '../../src/iss/csr.ts';
import { PERIPH_BASE } from '../../src/platform/memory-map.ts';
import { machine, put, trace, type Asm } from './helpers.ts';

/** Hardware loops (spec §3, GVSoC semantics): nested, minimum body, compressed last instruction. */

/** Ends a test program: a store to the end-of-computation register (x31 holds the peripheral base). */
const END: Asm[number] = ['sw', { rs2: 0, rs1: 31, imm: 8 }];

function runBoth(prog: Asm, setup: (x: Int32Array) => void = () => {}) {
  const out = [];
  for (const traced of [false, true]) {
    const { mem, hart } = machine('baseline');
    hart.x[31] = PERIPH_BASE;
    setup(hart.x);
    put(mem, prog);
    if (traced) trace(hart, 100_000);
    else hart.run(100_000);
    expect(mem.haltReason).toBe('eoc');
    out.push({ x: Array.from(hart.x), n: hart.n, lp: Array.from(hart.lp) });
  }
  // The compiled-block path and the one-instruction traced path agree exactly.
  expect(out[0]).toEqual(out[1]);
  return out[0];
}

describe('hardware loops', () => {
  it('lp.setupi with the minimum body of two instructions', () => {
    const r = runBoth([
      ['lp.setupi', { L: 0, uimm: 5, target: 8 }],
      ['addi', { rd: 5, rs1: 5, imm: 1 }],
      ['addi', { rd: 6, rs1: 6, imm: 2 }],
      END,
    ]);
    expect(r.x[5]).toBe(5);
    expect(r.x[6]).toBe(10);
    expect(r.lp[2]).toBe(0); // lpcount0 counted down to 0
    expect(r.n).toBe(1 + 2 * 5 + 1);
  });

  it('a loop whose end lies inside code that already ran as one block', () => {
    const r = runBoth([
      ['jal', { rd: 1, target: 16 }], //               0: run 16..28 once, straight through
      ['auipc', { rd: 1, imm: 0 }], //                 4
      ['addi', { rd: 1, rs1: 1, imm: 28 }], //         8: x1 = the END
      ['lp.setupi', { L: 0, uimm: 3, target: 8 }], // 12: body 16..20: its end is inside the block at 16
      ['addi', { rd: 5, rs1: 5, imm: 1 }], //         16
      ['addi', { rd: 6, rs1: 6, imm: 1 }], //         20: end of loop 0
      ['addi', { rd: 7, rs1: 7, imm: 1 }], //         24
      ['jalr', { rd: 0, rs1: 1, imm: 0 }], //         28
      END,
    ]);
    expect([r.x[5], r.x[6], r.x[7]]).toEqual([4, 4, 2]);
  });

  it('nested loops: loop 1 outside, loop 0 inside', () => {
    const r = runBoth(
      [
        ['lp.setup', { L: 1, rs1: 10, target: 16 }], //  0: outer body = 4..16
        ['lp.setupi', { L: 0, uimm: 4, target: 8 }], //  4: inner body = 8..12
        ['addi', { rd: 5, rs1: 5, imm: 1 }], //  8
        ['add', { rd: 6, rs1: 6, rs2: 5 }], // 12: end of loop 0
        ['addi', { rd: 7, rs1: 7, imm: 1 }], // 16: end of loop 1
        END,
      ],
      (x) => (x[10] = 3),
    );
    expect(r.x[5]).toBe(12);
    expect(r.x[7]).toBe(3);
    // x6 sums 1..12
    expect(r.x[6]).toBe(78);
  });

  it('loop ending on a compressed instruction', () => {
    const r = runBoth([
      ['lp.setupi', { L: 0, uimm: 7, target: 8 }],
      ['addi', { rd: 8, rs1: 8, imm: 3 }],
      ['c.addi', { rd: 9, imm: 1 }], // at +8, 2 bytes: END follows at +10
      END,
    ]);
    expect(r.x[8]).toBe(21);
    expect(r.x[9]).toBe(7);
  });

  it('both loops ending on the same instruction (loop 0 first, then loop 1)', () => {
    const r = runBoth([
      ['lp.setupi', { L: 1, uimm: 2, target: 12 }], // outer: 4..12
      ['lp.setupi', { L: 0, uimm: 3, target: 8 }], // inner: 8..12 (starts at 8)
      ['addi', { rd: 5, rs1: 5, imm: 1 }], // 8
      ['addi', { rd: 6, rs1: 6, imm: 1 }], // 12: end of both
      END,
    ]);
    expect(r.x[5]).toBe(6);
    expect(r.x[6]).toBe(6);
  });

  it('lp.starti / lp.endi / lp.counti and the loop CSRs', () => {
    const { mem, hart } = machine('baseline');
    hart.x[31] = PERIPH_BASE;
    const a = put(mem, [
      ['lp.starti', { L: 1, target: 16 }],
      ['lp.endi', { L: 1, target: 16 }],
      ['lp.counti', { L: 1, uimm: 4 }],
      ['csrrs', { rd: 11, csr: CSR.lpcount1, rs1: 0 }],
      ['addi', { rd: 5, rs1: 5, imm: 1 }], // 16: start and end of loop 1? needs 2 instructions: 16..20
      ['addi', { rd: 6, rs1: 6, imm: 1 }],
      END,
    ]);
    // Rewrite the end to the second body instruction with a CSR write (lpend1 = a[5]).
    hart.x[12] = a[5];
    put(mem, [['csrrw', { rd: 0, csr: CSR.lpend1, rs1: 12 }]], a[3]);
    hart.run(1000);
    expect(mem.haltReason).toBe('eoc');
    expect(hart.lp[3]).toBe(a[4]);
    expect(hart.x[5]).toBe(4);
    expect(hart.x[6]).toBe(4);
  });

  it('the implicit lpcount decrement is reported as a CSR write', () => {
    const { mem, hart } = machine('baseline');
    hart.x[31] = PERIPH_BASE;
    put(mem, [['lp.setupi', { L: 0, uimm: 2, target: 8 }], ['addi', { rd: 5, rs1: 5, imm: 1 }], ['addi', { rd: 6, rs1: 6, imm: 1 }], END]);
    const recs = trace(hart);
    expect(recs[0].csr.map((c) => c.addr)).toEqual([CSR.lpstart0, CSR.lpend0, CSR.lpcount0]);
    expect(recs[2].csr).toEqual([{ addr: CSR.lpcount0, value: 1 }]);
    expect(recs[2].nextPc).toBe(recs[1].pc);
    expect(recs[4].csr).toEqual([{ addr: CSR.lpcount0, value: 0 }]);
  });
});

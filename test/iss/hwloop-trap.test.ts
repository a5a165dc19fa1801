import { describe, expect, it } from 'vitest';
import { CSR } from '../../src/iss/csr.ts';
import { L2_BASE, PERIPH_BASE } from '../../src/platform/memory-map.ts';
import { machine, put, trace, type Asm } from './helpers.ts';

/** A trapping instruction does not retire, so it ends no hardware loop (CV32E40P; the core does the same). */
describe('trap at a hardware-loop end', () => {
  for (const id of ['ecall', 'ebreak']) {
    it(`${id} as the last instruction of a loop body goes to the handler without a decrement`, () => {
      const prog: Asm = [
        ['csrrw', { rd: 0, csr: CSR.mtvec, rs1: 7 }], //   0
        ['lp.setupi', { L: 0, uimm: 3, target: 8 }], //   4: body 8..12
        ['addi', { rd: 5, rs1: 5, imm: 1 }], //            8
        [id], //                                          12: loop end, traps
        ['sw', { rs2: 0, rs1: 31, imm: 8 }], //           16: not reached
        ['sw', { rs2: 0, rs1: 31, imm: 8 }], //           20: handler: EOC
      ];
      const states = [];
      for (const traced of [false, true]) {
        const { mem, hart } = machine('baseline');
        hart.x[31] = PERIPH_BASE;
        hart.x[7] = (L2_BASE + 20) | 0;
        put(mem, prog);
        const recs = traced ? trace(hart, 1000) : (hart.run(1000), []);
        expect(mem.haltReason).toBe('eoc');
        expect(hart.x[5]).toBe(1);
        expect(hart.lp[2]).toBe(3);
        if (traced) {
          const t = recs.find((r) => r.trap >= 0)!;
          expect(t.nextPc).toBe((L2_BASE + 20) | 0);
          expect(t.csr.slice(0, t.csrCount).map((c) => c.addr)).not.toContain(CSR.lpcount0);
        }
        states.push({ n: hart.n, x: Array.from(hart.x), lp: Array.from(hart.lp) });
      }
      expect(states[0]).toEqual(states[1]);
    });
  }
});

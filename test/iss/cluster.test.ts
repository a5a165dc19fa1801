import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/iss/cluster.ts';
import { L2_BASE, PERIPH_BASE, TCDM_BASE } from '../../src/platform/memory-map.ts';
import { CSR } from '../../src/iss/csr.ts';
import { put } from './helpers.ts';

describe('cluster of harts sharing the memory map', () => {
  it('harts see their own mhartid and each other\'s TCDM stores; the core-count register reads N', () => {
    const c = new Cluster('flexv', 4);
    put(c.mem, [
      ['csrrs', { rd: 5, csr: CSR.mhartid, rs1: 0 }], //      0
      ['slli', { rd: 6, rs1: 5, shamt: 2 }], //               4: x6 = 4 * id
      ['add', { rd: 6, rs1: 6, rs2: 10 }], //                 8: &slot[id]
      ['lw', { rd: 7, rs1: 11, imm: 0 }], //                 12: core count
      ['addi', { rd: 7, rs1: 7, imm: 100 }], //              16
      ['sw', { rs2: 7, rs1: 6, imm: 0 }], //                 20: slot[id] = N + 100
      ['bne', { rs1: 5, rs2: 0, target: 0 }], //             24: harts != 0 spin here
      ['lw', { rd: 8, rs1: 10, imm: 12 }], //                28: hart 0 waits for slot[3]
      ['beq', { rs1: 8, rs2: 0, target: -4 }], //            32
      ['sw', { rs2: 8, rs1: 11, imm: 8 }], //                36: EOC = slot[3]
    ]);
    for (const h of c.harts) {
      h.pc = L2_BASE | 0;
      h.x[10] = TCDM_BASE;
      h.x[11] = PERIPH_BASE;
    }
    const order: number[] = [];
    c.run(100_000, 7, (r) => order.push(r.hart));
    expect(c.mem.haltReason).toBe('eoc');
    expect(c.mem.haltValue).toBe(104);
    for (let i = 0; i < 4; i++) expect(c.mem.read(TCDM_BASE + 4 * i, 4)).toBe(104);
    expect(new Set(order)).toEqual(new Set([0, 1, 2, 3]));
  });
});

import { describe, expect, it } from 'vitest';
import { TCDM_BASE, PERIPH_BASE } from '../../src/platform/memory-map.ts';
import { formatCommit } from '../../src/iss/trace.ts';
import { machine, put, trace } from './helpers.ts';

/** The retirement record: memory beats, second GPR writes, Spike-format lines. */
describe('retirement records', () => {
  it('a misaligned word load is two bus beats and returns the right value', () => {
    const { mem, hart } = machine('baseline');
    mem.write(TCDM_BASE, 4, 0x44332211);
    mem.write(TCDM_BASE + 4, 4, 0x88776655);
    hart.x[6] = TCDM_BASE + 2;
    put(mem, [['lw', { rd: 5, rs1: 6, imm: 0 }]]);
    const [r] = trace(hart, 1);
    expect(hart.x[5] >>> 0).toBe(0x66554433);
    expect(r.memCount).toBe(2);
    expect(r.mem[0]).toEqual({ addr: TCDM_BASE, data: 0x44330000, mask: 0b1100, write: false });
    expect(r.mem[1]).toEqual({ addr: TCDM_BASE + 4, data: 0x6655, mask: 0b0011, write: false });
    expect(r).toMatchObject({ rd: 5, rdValue: 0x66554433 });
  });

  it('a misaligned half store is split; an aligned byte store is one lane-aligned beat', () => {
    const { mem, hart } = machine('baseline');
    hart.x[6] = TCDM_BASE + 3;
    hart.x[7] = 0xabcd;
    put(mem, [['sh', { rs2: 7, rs1: 6, imm: 0 }], ['sb', { rs2: 7, rs1: 6, imm: 2 }]]);
    const [a, b] = trace(hart, 2);
    expect(a.mem.map((m) => [m.addr, m.data >>> 0, m.mask])).toEqual([[TCDM_BASE, 0xcd000000, 0b1000], [TCDM_BASE + 4, 0xab, 0b0001]]);
    expect(b.mem.map((m) => [m.addr, m.data >>> 0, m.mask])).toEqual([[TCDM_BASE + 4, 0xcd00, 0b0010]]);
    expect(mem.read(TCDM_BASE + 3, 2)).toBe(0xabcd);
  });

  it('the fast path handles misaligned accesses like the traced path', () => {
    const { mem, hart } = machine('baseline');
    mem.write(TCDM_BASE, 4, 0x44332211);
    mem.write(TCDM_BASE + 4, 4, 0x88776655);
    hart.x[6] = TCDM_BASE + 1;
    put(mem, [['lw', { rd: 5, rs1: 6, imm: 0 }], ['lh', { rd: 7, rs1: 6, imm: 2 }], ['sw', { rs2: 5, rs1: 6, imm: 4 }]]);
    hart.run(3);
    expect(hart.x[5] >>> 0).toBe(0x55443322);
    expect(hart.x[7]).toBe(0x5544);
    expect(mem.read(TCDM_BASE + 5, 4) >>> 0).toBe(0x55443322);
  });

  it('post-increment load: rd and the base register; when rd = rs1 the loaded value wins', () => {
    const { mem, hart } = machine('baseline');
    mem.write(TCDM_BASE, 4, 1234);
    hart.x[6] = TCDM_BASE;
    hart.x[8] = TCDM_BASE;
    put(mem, [['p.lw.postinc', { rd: 5, rs1: 6, imm: 8 }], ['p.lw.postinc', { rd: 8, rs1: 8, imm: 8 }]]);
    const [a, b] = trace(hart, 2);
    expect(a).toMatchObject({ rd: 5, rdValue: 1234, rs1Wb: 6, rs1WbValue: TCDM_BASE + 8 });
    expect(hart.x[8]).toBe(1234);
    expect(b.rd).toBe(8);
    expect(formatCommit(a)).toBe(`core   0: 0x80000000 (0x${(a.insn >>> 0).toString(16).padStart(8, '0')}) x5  0x000004d2 x6  0x10000008 mem 0x10000000`);
  });

  it('post-increment and register-offset stores', () => {
    const { mem, hart } = machine('baseline');
    hart.x[6] = TCDM_BASE;
    hart.x[7] = 0x55;
    hart.x[9] = 12;
    put(mem, [['p.sw.postinc', { rs2: 7, rs1: 6, imm: 4 }], ['p.sb.rr', { rs2: 7, rs1: 6, rs3: 9 }], ['p.sh.rr.postinc', { rs2: 7, rs1: 6, rs3: 9 }]]);
    hart.run(3);
    expect(mem.read(TCDM_BASE, 4)).toBe(0x55);
    expect(mem.read(TCDM_BASE + 16, 1)).toBe(0x55);
    expect(mem.read(TCDM_BASE + 4, 2)).toBe(0x55);
    expect(hart.x[6]).toBe(TCDM_BASE + 16);
  });

  it('Spike format: compressed instructions print 4 hex digits; stores print address and data', () => {
    const { mem, hart } = machine('baseline');
    hart.x[31] = PERIPH_BASE;
    hart.x[6] = TCDM_BASE;
    put(mem, [['c.li', { rd: 10, imm: -3 }], ['sw', { rs2: 10, rs1: 6, imm: 4 }], ['sw', { rs2: 0, rs1: 31, imm: 8 }]]);
    const lines = trace(hart).map(formatCommit);
    expect(lines[0]).toBe('core   0: 0x80000000 (0x5575) x10 0xfffffffd');
    expect(lines[1]).toMatch(/^core {3}0: 0x80000002 \(0x[0-9a-f]{8}\) mem 0x10000004 0xfffffffd$/);
  });
});

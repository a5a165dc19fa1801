import { describe, expect, it } from 'vitest';
import type { Asm } from './helpers.ts';
import { csr, runBoth, sbMachine } from './sb-helpers.ts';

/**
 * The mixed-precision controller (spec §5.3): which instructions count, skip 0/1/N, wrap at R, the
 * hidden counter reset by software writes of 0x00D/0x00E/0x00F, and the CSR rules of §5.1.
 */

const CYCLE = csr('ivec_mixed_cycle');

/** The cycle value after each instruction of `prog`, from the records (traced) and the final state. */
function cycles(setup: Parameters<typeof sbMachine>[0], prog: Asm, prepare?: (h: ReturnType<typeof sbMachine>['hart']) => void): number[] {
  const { recs } = runBoth(() => {
    const m = sbMachine(setup);
    prepare?.(m.hart);
    return m;
  }, prog, prog.length);
  let c = setup?.cycle ?? 0;
  return recs.map((r) => {
    for (const w of r.csr) if (w.addr === CYCLE) c = w.value;
    return c;
  });
}
const dots = (n: number, id = 'pv.sdotsp.b'): Asm => Array.from({ length: n }, () => [id, { rd: 5, rs1: 6, rs2: 7 }]);

describe('mixed-precision controller', () => {
  it('skip = 3: c advances every third dot product and wraps at R = 4 (format 6, 8 x 2)', () => {
    expect(cycles({ fmt: 6, skip: 3 }, dots(13))).toEqual([0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 0, 0]);
  });

  it('skip = 0 acts as 1; skip = 1 advances on every dot product', () => {
    expect(cycles({ fmt: 6, skip: 0 }, dots(5))).toEqual([1, 2, 3, 0, 1]);
    expect(cycles({ fmt: 8, skip: 1 }, dots(3))).toEqual([1, 0, 1]);
  });

  it('R = 8 (format 7, 16 x 2) wraps after 8 advances', () => {
    expect(cycles({ fmt: 7, skip: 1 }, dots(9))).toEqual([1, 2, 3, 4, 5, 6, 7, 0, 1]);
  });

  it('uniform formats (R = 1): the cycle never changes, and no record shows it', () => {
    const { recs } = runBoth(() => sbMachine({ fmt: 2, skip: 1, cycle: 5 }), dots(3), 3);
    expect(recs.flatMap((r) => r.csr)).toEqual([]);
  });

  it('a cycle beyond R - 1 is used modulo R and advances from there', () => {
    // Format 8 (R = 2), c = 7 is used as 1: rs2 nibbles 4..7 = 1 each, 0..3 = 0; rs1 bytes 1.
    const { recs } = runBoth(() => {
      const m = sbMachine({ fmt: 8, skip: 1, cycle: 7 });
      m.hart.x[6] = 0x01010101;
      m.hart.x[7] = 0x11110000;
      return m;
    }, dots(2, 'pv.dotup.b'), 2);
    expect(recs.map((r) => r.rdValue)).toEqual([4, 0]);
    expect(recs[0]!.csr).toEqual([{ addr: CYCLE, value: 0 }]);
  });

  it('counts register dot products of every flavour and Mac&Load with rd != x0; nothing else', () => {
    const prog: Asm = [
      ['pv.dotup.b', { rd: 5, rs1: 6, rs2: 7 }], //      1
      ['pv.add.b', { rd: 8, rs1: 6, rs2: 7 }], //        not a dot product
      ['pv.dotusp.h', { rd: 5, rs1: 6, rs2: 7 }], //     2 -> c = 1
      ['pv.mlsdotsp.b', { rd: 0, rs1: 0, uimm: 0 }], //  rd = x0: not counted
      ['pv.sdotup.c', { rd: 5, rs1: 6, rs2: 7 }], //     1
      ['mul', { rd: 9, rs1: 6, rs2: 7 }], //             not a SIMD instruction
      ['pv.mlsdotsup.b', { rd: 10, rs1: 0, uimm: 0 }], // 2 -> c = 0
      ['pv.sdotsp.n', { rd: 5, rs1: 6, rs2: 7 }], //     1
      ['pv.dotsp.b', { rd: 5, rs1: 6, rs2: 7 }], //      2 -> c = 1
    ];
    expect(cycles({ fmt: 8, skip: 2 }, prog)).toEqual([0, 0, 1, 1, 1, 1, 0, 0, 1]);
  });

  it('the instruction uses the cycle from before its own step', () => {
    // Format 8 with skip 1: first instruction c = 0 (nibbles 0..3 = 1), second c = 1 (nibbles 4..7 = 2).
    const { recs } = runBoth(() => {
      const m = sbMachine({ fmt: 8, skip: 1 });
      m.hart.x[6] = 0x01010101;
      m.hart.x[7] = 0x22221111;
      return m;
    }, dots(2, 'pv.dotup.b'), 2);
    expect(recs.map((r) => r.rdValue)).toEqual([4, 8]);
  });

  for (const [name, value] of [['ivec_fmt', 8], ['ivec_fmt', 15], ['ivec_mixed_cycle', 0], ['ivec_skip_size', 3]] as const) {
    it(`a software write of ${name} (${value}) resets the hidden counter`, () => {
      // skip 3, format 8: two dot products count 2; the write resets; then 3 more are needed to advance.
      const prog: Asm = [
        ...dots(2),
        ['addi', { rd: 28, rs1: 0, imm: value }],
        ['csrrw', { rd: 0, csr: csr(name), rs1: 28 }],
        ...dots(3),
      ];
      expect(cycles({ fmt: 8, skip: 3 }, prog)).toEqual([0, 0, 0, 0, 0, 0, 1]);
    });
  }

  it('legacy decoding counts nothing', () => {
    const { recs, hart } = runBoth(() => sbMachine({ legacy: 1, fmt: 8, skip: 1 }), [...dots(3), ['pv.mlsdotsp.b', { rd: 5, rs1: 0, uimm: 0 }]], 4);
    expect(recs.flatMap((r) => r.csr)).toEqual([]);
    expect(hart.csr.read(CYCLE, 0)).toBe(0);
  });
});

describe('status-based CSRs (spec §5.1)', () => {
  it('reset values: sb_legacy 1, the others 0', () => {
    const { hart } = sbMachine({ legacy: 1 });
    const fresh = (n: string) => hart.csr.read(csr(n), 0);
    expect(fresh('sb_legacy')).toBe(1);
    for (const n of ['ivec_fmt', 'ivec_mixed_cycle', 'ivec_skip_size', 'macl_a_address', 'macl_w_skip']) expect(fresh(n), n).toBe(0);
  });

  it('writes keep only the field bits; a reserved format (14, 15) leaves ivec_fmt unchanged', () => {
    const prog: Asm = [];
    const values: Array<[string, number, number]> = [
      ['ivec_fmt', 13, 13], ['ivec_fmt', 14, 13], ['ivec_fmt', 15, 13], ['ivec_fmt', 0x1b, 11], ['ivec_fmt', 0, 0],
      ['ivec_mixed_cycle', 0xff, 7], ['ivec_skip_size', 0xff, 31], ['sb_legacy', 6, 0], ['sb_legacy', 3, 1],
      ['macl_w_stride', -8, -8],
    ];
    for (const [n, v] of values) {
      const lo = ((v & 0xfff) << 20) >> 20;
      prog.push(['lui', { rd: 28, imm: ((v - lo) >>> 12) & 0xfffff }], ['addi', { rd: 28, rs1: 28, imm: lo }]);
      prog.push(['csrrw', { rd: 0, csr: csr(n), rs1: 28 }], ['csrrs', { rd: 29, csr: csr(n), rs1: 0 }]);
    }
    const { recs } = runBoth(() => sbMachine({ legacy: 1 }), prog, prog.length);
    expect(values.map((_, k) => recs[4 * k + 3]!.rdValue)).toEqual(values.map((v) => v[2]));
    // The explicit write's record holds the value after legalisation.
    expect(recs[2 + 4]!.csr).toEqual([{ addr: csr('ivec_fmt'), value: 13 }]);
  });

  it('a hart without the extension formats (the published core) treats 11..13 as reserved', async () => {
    const { Hart } = await import('../../src/iss/hart.ts');
    const { Memory } = await import('../../src/iss/memory.ts');
    const hart = new Hart({ config: 'flexv', mem: new Memory({ l2: 1 << 16 }), extensionFormats: false });
    for (const [v, want] of [[10, 10], [11, 10], [13, 10], [14, 10], [5, 5]] as const) {
      hart.csr.write(csr('ivec_fmt'), v, 0);
      expect(hart.csr.read(csr('ivec_fmt'), 0), `write ${v}`).toBe(want);
    }
  });
});

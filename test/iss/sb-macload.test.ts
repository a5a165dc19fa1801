import { describe, expect, it } from 'vitest';
import { TCDM_BASE } from '../../src/platform/memory-map.ts';
import type { Asm } from './helpers.ts';
import { csr, runBoth, sbMachine } from './sb-helpers.ts';

/**
 * Status-based Mac&Load addressing (spec §5.2): the activation and weight address streams with stride,
 * rollback and skip, their hidden counters (reset by a write of the address CSR), rs1 neither read nor
 * written, load A winning over load W, and the records (NN-RF write, bus beat, address CSR write).
 */

const LOAD_A = 8, LOAD_W = 16;
const A_ADDR = csr('macl_a_address'), W_ADDR = csr('macl_w_address');
const ROW = 0x40; // bytes per weight row in these tests

/** TCDM filled with word i = i at byte 4 * i, so a loaded value names its address. */
function prepare(csrs: Record<string, number>) {
  return () => {
    const m = sbMachine({ fmt: 2, csrs });
    for (let i = 0; i < 256; i++) m.mem.write(TCDM_BASE + 4 * i, 4, i);
    m.hart.x[6] = 0x1234; // rs1: not an address in status-based mode
    return m;
  };
}
const wordIndex = (addr: number) => ((addr - TCDM_BASE) >>> 0) / 4;

describe('Mac&Load address streams', () => {
  it('weights: skip 3, stride = row, rollback = 4 - 3 * row visits rows 0, 1, 2, 3, then row 0 + 4 bytes (spec example)', () => {
    const prog: Asm = Array.from({ length: 10 }, (_, k) => ['pv.mlsdotsup.b', { rd: 0, rs1: 6, uimm: LOAD_W | ((k % 4) << 1) }]);
    const { recs, hart } = runBoth(prepare({ macl_w_address: TCDM_BASE, macl_w_stride: ROW, macl_w_rollback: 4 - 3 * ROW, macl_w_skip: 3 }), prog, 10);
    const visited = recs.map((r) => wordIndex(r.mem[0]!.addr));
    const rows = [0, 1, 2, 3].map((r) => (r * ROW) / 4);
    expect(visited).toEqual([...rows, ...rows.map((w) => w + 1), rows[0]! + 2, rows[1]! + 2]);
    // The loaded word (= its index) lands in the selected W register; rs1 is untouched and not written back.
    expect(recs[5]!.nn).toEqual([{ index: 2 + 1, value: rows[1]! + 1 }]);
    expect(recs.every((r) => r.rs1Wb === 0)).toBe(true);
    expect(hart.x[6]).toBe(0x1234);
    // Each update of the stream is a CSR write of macl_w_address in the record.
    expect(recs[0]!.csr).toEqual([{ addr: W_ADDR, value: TCDM_BASE + ROW }]);
    expect(recs[3]!.csr).toEqual([{ addr: W_ADDR, value: TCDM_BASE + 4 }]);
  });

  it('activations: skip 1, rollback 4 - stride alternates two pixels; the weight stream does not move', () => {
    const prog: Asm = Array.from({ length: 6 }, (_, k) => ['pv.mlsdotsp.b', { rd: 0, rs1: 6, uimm: LOAD_A | (k & 1) }]);
    const { recs, hart } = runBoth(prepare({ macl_a_address: TCDM_BASE + 0x100, macl_a_stride: 0x20, macl_a_rollback: 4 - 0x20, macl_a_skip: 1, macl_w_address: TCDM_BASE }), prog, 6);
    expect(recs.map((r) => wordIndex(r.mem[0]!.addr))).toEqual([64, 72, 65, 73, 66, 74]);
    expect(recs.map((r) => r.nn[0]!.index)).toEqual([0, 1, 0, 1, 0, 1]);
    expect(hart.csr.read(W_ADDR, 0)).toBe(TCDM_BASE);
    expect(hart.csr.read(A_ADDR, 0)).toBe(TCDM_BASE + 0x100 + 12);
  });

  it('skip 0: every update is a rollback; stride and rollback may be negative', () => {
    const prog: Asm = Array.from({ length: 3 }, () => ['pv.mlsdotsp.b', { rd: 0, rs1: 6, uimm: LOAD_A }]);
    const { recs } = runBoth(prepare({ macl_a_address: TCDM_BASE + 0x80, macl_a_stride: 4, macl_a_rollback: -8 }), prog, 3);
    expect(recs.map((r) => wordIndex(r.mem[0]!.addr))).toEqual([32, 30, 28]);
  });

  it('a software write of the address resets that stream\'s counter only', () => {
    // Skip 2 on both streams. Two W and two A updates, then rewrite macl_w_address: the weight stream
    // restarts its count (two strides before the rollback), the activation stream rolls back next.
    const prog: Asm = [
      ['pv.mlsdotsp.b', { rd: 0, rs1: 6, uimm: LOAD_W }],
      ['pv.mlsdotsp.b', { rd: 0, rs1: 6, uimm: LOAD_W }],
      ['pv.mlsdotsp.b', { rd: 0, rs1: 6, uimm: LOAD_A }],
      ['pv.mlsdotsp.b', { rd: 0, rs1: 6, uimm: LOAD_A }],
      ['lui', { rd: 28, imm: TCDM_BASE >>> 12 }],
      ['addi', { rd: 28, rs1: 28, imm: 0x200 }],
      ['csrrw', { rd: 0, csr: W_ADDR, rs1: 28 }],
      ['pv.mlsdotsp.b', { rd: 0, rs1: 6, uimm: LOAD_W }],
      ['pv.mlsdotsp.b', { rd: 0, rs1: 6, uimm: LOAD_W }],
      ['pv.mlsdotsp.b', { rd: 0, rs1: 6, uimm: LOAD_W }],
      ['pv.mlsdotsp.b', { rd: 0, rs1: 6, uimm: LOAD_A }],
    ];
    const csrs = { macl_w_address: TCDM_BASE, macl_a_address: TCDM_BASE + 0x100, macl_w_stride: 4, macl_a_stride: 4, macl_w_rollback: 0x40, macl_a_rollback: 0x40, macl_w_skip: 2, macl_a_skip: 2 };
    const { recs } = runBoth(prepare(csrs), prog, prog.length);
    const loads = recs.filter((r) => r.memCount).map((r) => wordIndex(r.mem[0]!.addr));
    // W: 0, 1 | rewrite to 0x200 (word 128): 128, 129, 130 (third update is the rollback: next would be 130 + 16)
    // A: 64, 65, then the third update (count = 2 = skip) is a rollback from 66: loads 66.
    expect(loads).toEqual([0, 1, 64, 65, 128, 129, 130, 66]);
    expect(recs[9]!.csr).toEqual([{ addr: W_ADDR, value: TCDM_BASE + 0x208 + 0x40 }]);
  });

  it('both load bits set: the activation load wins (from the activation stream)', () => {
    const { recs } = runBoth(prepare({ macl_a_address: TCDM_BASE + 0x10, macl_w_address: TCDM_BASE + 0x20, macl_a_rollback: 4 }), [['pv.mlsdotsp.b', { rd: 0, rs1: 6, uimm: LOAD_A | LOAD_W | (3 << 1) | 1 }]], 1);
    expect(recs[0]!.nn).toEqual([{ index: 1, value: 4 }]);
    expect(recs[0]!.csr).toEqual([{ addr: A_ADDR, value: TCDM_BASE + 0x14 }]);
  });

  it('the dot product uses the NN-RF from before the load; rd, stream and cycle writes are all recorded', () => {
    // Format 8 (8 x 4, R = 2), skip 1: the Mac&Load counts, c advances 0 -> 1 (recorded after the address).
    const prep = () => {
      const m = sbMachine({ fmt: 8, skip: 1, csrs: { macl_w_address: TCDM_BASE, macl_w_stride: 4, macl_w_skip: 9 } });
      m.mem.write(TCDM_BASE, 4, 0x11111111);
      m.hart.nn[0] = 0x01010101; // A0 bytes 1
      m.hart.nn[2] = 0x00002222; // W0 nibbles [2, 2, 2, 2, 0, ...]: c = 0 gives 4 * 2 = 8
      m.hart.x[5] = 100;
      return m;
    };
    const { recs, hart } = runBoth(prep, [['pv.mlsdotup.b', { rd: 5, rs1: 5, uimm: LOAD_W }], ['pv.mlsdotup.b', { rd: 5, rs1: 5, uimm: 0 }]], 2);
    expect(recs[0]).toMatchObject({ rd: 5, rdValue: 108, rs1Wb: 0, memCount: 1, nnCount: 1 });
    expect(recs[0]!.csr).toEqual([{ addr: W_ADDR, value: TCDM_BASE + 4 }, { addr: csr('ivec_mixed_cycle'), value: 1 }]);
    // Second: the new W0 (nibbles 1) at c = 1 (nibbles 4..7 = 1): 4 * 1.
    expect(hart.x[5]).toBe(112);
  });

  it('legacy decoding keeps the rs1 address and rs1 += 4, ignoring the streams', () => {
    const prep = () => {
      const m = sbMachine({ legacy: 1, fmt: 8, csrs: { macl_a_address: TCDM_BASE + 0x40 } });
      m.mem.write(TCDM_BASE + 8, 4, 0x7f);
      m.hart.x[6] = TCDM_BASE + 8;
      return m;
    };
    const { recs, hart } = runBoth(prep, [['pv.mlsdotsp.b', { rd: 0, rs1: 6, uimm: LOAD_A }]], 1);
    expect(recs[0]).toMatchObject({ rs1Wb: 6, rs1WbValue: TCDM_BASE + 12 });
    expect(recs[0]!.csr).toEqual([]);
    expect(hart.nn[0]).toBe(0x7f);
    expect(hart.csr.read(A_ADDR, 0)).toBe(TCDM_BASE + 0x40);
  });
});

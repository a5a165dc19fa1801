import { describe, expect, it } from 'vitest';
import { CSR } from '../../src/iss/csr.ts';
import { TCDM_BASE } from '../../src/iss/memory-map.ts';
import { machine, put, trace } from './helpers.ts';

/**
 * Flex-V mixed precision (spec §5) and Mac&Load (spec §4) on vectors built by hand: elements are listed
 * as numbers, packed into registers by this file's own packer, and the expected sums are plain sums of
 * the listed elements.
 */

const WIDTH = [8, 4, 2];
/** Packs elements (lane 0 first) of `w` bits each into a 32-bit word. */
function packLanes(elems: number[], w: number): number {
  let v = 0;
  elems.forEach((e, i) => (v += ((e + 2 ** w) % 2 ** w) * 2 ** (i * w)));
  return v | 0;
}
/** Sample elements of a w-bit format: every value in range, cycling, starting at `seed`. */
function sample(count: number, w: number, signed: boolean, seed: number): number[] {
  const lo = signed ? -(2 ** (w - 1)) : 0, span = 2 ** w;
  return Array.from({ length: count }, (_, i) => lo + ((seed + 3 * i + (i >> 2)) % span));
}
const SIGNEDNESS: Record<string, [boolean, boolean]> = { up: [false, false], usp: [false, true], sup: [true, false], sp: [true, true] };
const mpcValue = (afmt: number, wfmt: number, skip: number) => afmt | (wfmt << 2) | (skip << 4);

describe('mixed-precision Mac&Load: 9 format pairs x 4 signedness variants', () => {
  for (let afmt = 0; afmt < 3; afmt++) {
    for (let wfmt = 0; wfmt < 3; wfmt++) {
      for (const sg of ['up', 'usp', 'sup', 'sp']) {
        const wa = WIDTH[afmt], wb = WIDTH[wfmt];
        it(`${wa}-bit activations x ${wb}-bit weights, ${sg}`, () => {
          const [sa, sb] = SIGNEDNESS[sg];
          const acts = sample(32 / wa, wa, sa, afmt * 7 + wfmt);
          const wgts = sample(32 / wb, wb, sb, 5 + afmt);
          const lanes = 32 / Math.max(wa, wb);
          const groups = Math.max(wa, wb) / Math.min(wa, wb);
          const { mem, hart } = machine('flexv');
          hart.csr.write(CSR.mpc, mpcValue(afmt, wfmt, 1), 0);
          hart.nn[0] = packLanes(acts, wa); // A0
          hart.nn[2] = packLanes(wgts, wb); // W0
          hart.x[5] = 1000;
          put(mem, Array.from({ length: groups + 1 }, () => [`pv.mlsdot${sg}.m`, { rd: 5, rs1: 6, uimm: 0 }] as [string, Record<string, number>]));
          let acc = 1000;
          for (let step = 0; step <= groups; step++) {
            const idx = step % groups;
            // The narrower operand supplies group idx; the wider one all its lanes.
            const a = wa >= wb ? acts : acts.slice(idx * lanes, idx * lanes + lanes);
            const b = wb >= wa ? wgts : wgts.slice(idx * lanes, idx * lanes + lanes);
            for (let i = 0; i < lanes; i++) acc += a[i] * b[i];
            hart.run(1);
            expect(hart.x[5], `step ${step} (idx ${idx})`).toBe(acc | 0);
            const mpc = hart.csr.read(CSR.mpc, hart.n);
            expect((mpc >>> 12) & 3, 'idx after the step').toBe((step + 1) % groups);
          }
          // The same program as one compiled block (the inline, format-specialised fast path).
          const fast = machine('flexv');
          fast.hart.csr.write(CSR.mpc, mpcValue(afmt, wfmt, 1), 0);
          fast.hart.nn.set(hart.nn);
          fast.hart.x[5] = 1000;
          put(fast.mem, Array.from({ length: groups + 1 }, () => [`pv.mlsdot${sg}.m`, { rd: 5, rs1: 6, uimm: 0 }] as [string, Record<string, number>]));
          fast.hart.run(groups + 1);
          expect(fast.hart.x[5], 'fast path').toBe(acc | 0);
          expect(fast.hart.mpc.value).toBe(hart.mpc.value);
        });
      }
    }
  }

  it('8-bit x 4-bit example worked by hand', () => {
    // A0 = bytes [1, -2, 3, -4] (signed), W0 = nibbles [1..8] as unsigned 4-bit.
    // idx 0 uses weight nibbles 0..3: 1*1 + -2*2 + 3*3 + -4*4 = -10; idx 1 uses nibbles 4..7: 5 - 12 + 21 - 32 = -18.
    const { mem, hart } = machine('flexv');
    hart.csr.write(CSR.mpc, mpcValue(0, 1, 1), 0);
    hart.nn[0] = 0xfc03fe01 | 0;
    hart.nn[2] = 0x87654321 | 0;
    put(mem, [['pv.mlsdotsup.m', { rd: 5, rs1: 6, uimm: 0 }], ['pv.mlsdotsup.m', { rd: 10, rs1: 6, uimm: 0 }]]);
    hart.run(2);
    expect(hart.x[5]).toBe(-10);
    expect(hart.x[10]).toBe(-18);
  });

  it('2-bit x 2-bit uses 16 lanes (L = 16), as the uniform crumb dot product', () => {
    const { mem, hart } = machine('flexv');
    hart.csr.write(CSR.mpc, mpcValue(2, 2, 1), 0);
    hart.x[6] = 0x55555555; // all crumbs 1
    hart.x[7] = -1; // all crumbs 3 (unsigned) / -1 (signed)
    put(mem, [['pv.dotup.m', { rd: 5, rs1: 6, rs2: 7 }], ['pv.dotusp.m', { rd: 8, rs1: 6, rs2: 7 }], ['pv.dotup.c', { rd: 9, rs1: 6, rs2: 7 }]]);
    hart.run(3);
    expect(hart.x[5]).toBe(48);
    expect(hart.x[8]).toBe(-16);
    expect(hart.x[9]).toBe(48);
  });
});

describe('mpc skip / idx / cnt', () => {
  function run(mpc: number, count: number, afmt = 0, wfmt = 2): number[] {
    const { mem, hart } = machine('flexv');
    hart.csr.write(CSR.mpc, mpc | afmt | (wfmt << 2), 0);
    put(mem, Array.from({ length: count }, () => ['pv.sdotsp.m', { rd: 5, rs1: 6, rs2: 7 }] as [string, Record<string, number>]));
    const seen: number[] = [];
    for (let i = 0; i < count; i++) {
      hart.run(1);
      seen.push(hart.csr.read(CSR.mpc, hart.n));
    }
    return seen;
  }
  const idx = (v: number) => (v >>> 12) & 3, cnt = (v: number) => (v >>> 16) & 0xff;

  it('skip = 3: idx advances every third instruction and wraps at R = 4 (8-bit x 2-bit)', () => {
    const s = run(3 << 4, 13);
    expect(s.map(idx)).toEqual([0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 0, 0]);
    expect(s.map(cnt)).toEqual([1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1]);
  });

  it('skip = 0 acts as 1', () => {
    expect(run(0, 5).map(idx)).toEqual([1, 2, 3, 0, 1]);
  });

  it('equal formats: R = 1, idx stays 0', () => {
    expect(run(1 << 4, 3, 1, 1).map(idx)).toEqual([0, 0, 0]);
  });

  it('writing mpc sets every field; a reserved format keeps the old one', () => {
    const { mem, hart } = machine('flexv');
    hart.x[6] = (0x2 << 16) | (1 << 12) | (5 << 4) | (1 << 2) | 2;
    hart.x[7] = 0xf; // afmt = 3, wfmt = 3: both reserved
    put(mem, [['csrrw', { rd: 0, csr: CSR.mpc, rs1: 6 }], ['csrrw', { rd: 8, csr: CSR.mpc, rs1: 7 }], ['csrrs', { rd: 9, csr: CSR.mpc, rs1: 0 }]]);
    hart.run(3);
    expect(hart.x[8]).toBe(hart.x[6]);
    expect(hart.x[9] & 0xf).toBe(0x6);
  });
});

describe('Mac&Load ordering and NN-RF', () => {
  it('the dot product uses the NN-RF values from before the load; rs1 += 4; rd = x0 fills the NN-RF', () => {
    const { mem, hart } = machine('xpulpnn');
    const buf = TCDM_BASE;
    mem.write(buf, 4, 0x01010101); // next A0
    mem.write(buf + 4, 4, 0x02020202); // next W1
    mem.write(buf + 8, 4, 0x03030303); // next A1
    hart.x[10] = buf;
    hart.nn[0] = 0x04040404; // A0
    hart.nn[3] = 0x01010101; // W1
    const LOAD_A = 8, LOAD_W = 16;
    put(mem, [
      // rd += A0 . W1 with the old A0 (4*1*4 = 16), then A0 <- [x10], x10 += 4
      ['pv.mlsdotup.b', { rd: 5, rs1: 10, uimm: LOAD_A | (1 << 1) | 0 }],
      // rd = x0: no sum; load W1 <- [x10]
      ['pv.mlsdotup.b', { rd: 0, rs1: 10, uimm: LOAD_W | (1 << 1) | 0 }],
      // A and W both requested: A wins (A1 <- [x10]); the sum uses the old A1 (0) . W1 = 0
      ['pv.mlsdotup.b', { rd: 5, rs1: 10, uimm: LOAD_A | LOAD_W | (1 << 1) | 1 }],
      // no load: rs1 unchanged; A1 . W1 = 4 * 3 * 2 = 24
      ['pv.mlsdotup.b', { rd: 5, rs1: 10, uimm: (1 << 1) | 1 }],
    ]);
    const recs = trace(hart, 4);
    expect(hart.x[5]).toBe(16 + 0 + 24);
    expect(hart.x[0]).toBe(0);
    expect(hart.nn[0]).toBe(0x01010101);
    expect(hart.nn[3]).toBe(0x02020202);
    expect(hart.nn[1]).toBe(0x03030303);
    expect(hart.x[10]).toBe(buf + 12);
    expect(recs[0]).toMatchObject({ rd: 5, rdValue: 16, rs1Wb: 10, rs1WbValue: buf + 4, nnCount: 1, memCount: 1 });
    expect(recs[0].nn[0]).toEqual({ index: 0, value: 0x01010101 });
    expect(recs[1]).toMatchObject({ rd: 0, nnCount: 1 });
    expect(recs[3]).toMatchObject({ rs1Wb: 0, nnCount: 0, memCount: 0 });
  });

  it('NN-RF entries are CSRs 0x7d8..0x7dd', () => {
    const { mem, hart } = machine('flexv');
    hart.x[6] = 0x12345678;
    put(mem, [['csrrw', { rd: 0, csr: 0x7dc, rs1: 6 }], ['csrrs', { rd: 7, csr: 0x7dc, rs1: 0 }]]);
    hart.run(2);
    expect(hart.nn[4]).toBe(0x12345678);
    expect(hart.x[7]).toBe(0x12345678);
  });

  it('mixed instructions are illegal in the xpulpnn configuration', () => {
    const { mem, hart } = machine('xpulpnn');
    put(mem, [['pv.dotsp.m', { rd: 5, rs1: 6, rs2: 7 }]]);
    const r = trace(hart, 1);
    expect(r[0].trap).toBe(2);
  });
});

describe('compiled mixed code and format changes', () => {
  it('a block compiled for one format pair computes with the new formats after mpc changes', () => {
    const { mem, hart } = machine('flexv');
    hart.x[6] = 0x11111111; // 8-bit lanes 0x11 = 17; nibbles 1
    hart.x[7] = 0x22222222; // 8-bit lanes 34; nibbles 2; crumbs 2 (unsigned) / -2 (signed)
    const base = hart.pc;
    put(mem, [['pv.dotup.m', { rd: 5, rs1: 6, rs2: 7 }], ['pv.dotup.m', { rd: 8, rs1: 6, rs2: 7 }]]);
    hart.run(2); // 8 x 8: 4 * 17 * 34
    expect(hart.x[5]).toBe(2312);
    hart.csr.write(CSR.mpc, 1 | (1 << 2) | (1 << 4), 0); // 4 x 4: 8 * 1 * 2
    hart.pc = base;
    hart.run(2);
    expect(hart.x[5]).toBe(16);
    hart.csr.write(CSR.mpc, 2 | (0 << 2) | (1 << 4), 0); // 2-bit acts x 8-bit weights: L = 4, crumbs of 0x11 = 1,0,1,0
    hart.pc = base;
    hart.run(2);
    expect(hart.x[5]).toBe(2 * 34);
  });
});

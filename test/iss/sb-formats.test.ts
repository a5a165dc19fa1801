import { describe, expect, it } from 'vitest';
import { VEC_FORMATS } from '../../src/isa/vec-formats.ts';
import type { Asm } from './helpers.ts';
import { csr, expectedDot, packLanes, runBoth, sample, sbMachine, SPEC_DOT_SIGNS, SPEC_FORMATS, SPEC_MACLOAD_SIGNS } from './sb-helpers.ts';

/**
 * Status-based decoding (spec §5.2, §5.3) on every format 1..13, uniform and mixed: elements are listed,
 * packed by the test's own packer, and the expected sums are plain sums of the listed elements over the
 * sub-group the spec names. Each program runs as compiled blocks and traced (same final state).
 */

describe('the test oracle', () => {
  it('matches src/isa VEC_FORMATS', () => {
    for (const [v, a, w] of SPEC_FORMATS) expect([VEC_FORMATS[v]!.act, VEC_FORMATS[v]!.wt], `format ${v}`).toEqual([a, w]);
  });
});

describe('register dot products under every format', () => {
  for (const [fmt, aw, ww] of SPEC_FORMATS) {
    const groups = Math.max(aw, ww) / Math.min(aw, ww);
    for (const sg of ['up', 'usp', 'sp']) {
      it(`format ${fmt} (${aw}-bit rs1 x ${ww}-bit rs2), pv.sdot${sg}: c = 0 .. R - 1 and back to 0`, () => {
        const [sa, sb] = SPEC_DOT_SIGNS[sg]!;
        const acts = sample(32 / aw, aw, sa, fmt * 5 + 1);
        const wgts = sample(32 / ww, ww, sb, fmt + 3);
        // The row's legacy width (.n) is ignored: the format decides.
        const prog: Asm = Array.from({ length: groups + 1 }, () => [`pv.sdot${sg}.n`, { rd: 5, rs1: 6, rs2: 7 }]);
        const prep = () => {
          const m = sbMachine({ fmt, skip: 1 });
          m.hart.x[5] = 1000;
          m.hart.x[6] = packLanes(acts, aw);
          m.hart.x[7] = packLanes(wgts, ww);
          return m;
        };
        const { hart, recs } = runBoth(prep, prog, groups + 1);
        let acc = 1000;
        for (let step = 0; step <= groups; step++) {
          acc += expectedDot(acts, wgts, aw, ww, step % groups);
          expect(recs[step]!.rdValue, `step ${step}`).toBe(acc | 0);
          // The controller's advance is in the record, only when the cycle changes (R > 1).
          const cyc = recs[step]!.csr.filter((w) => w.addr === csr('ivec_mixed_cycle'));
          expect(cyc, `step ${step}`).toEqual(groups > 1 ? [{ addr: csr('ivec_mixed_cycle'), value: (step + 1) % groups }] : []);
        }
        expect(hart.x[5]).toBe(acc | 0);
      });
    }
  }

  it('pv.dot (no accumulation) under format 8 (8-bit x 4-bit), worked by hand', () => {
    // rs1 bytes [1, -2, 3, -4] signed; rs2 nibbles [1..7, -8] signed.
    // c = 0: 1*1 + -2*2 + 3*3 + -4*4 = -10; c = 1: 1*5 + -2*6 + 3*7 + -4*-8 = 46.
    const prep = () => {
      const m = sbMachine({ fmt: 8, skip: 1 });
      m.hart.x[6] = 0xfc03fe01 | 0;
      m.hart.x[7] = 0x87654321 | 0;
      return m;
    };
    const { hart } = runBoth(prep, [['pv.dotsp.b', { rd: 5, rs1: 6, rs2: 7 }], ['pv.dotsp.h', { rd: 8, rs1: 6, rs2: 7 }]], 2);
    expect([hart.x[5], hart.x[8]]).toEqual([-10, 46]);
  });

  it('format 11 (2-bit activations x 4-bit weights, flexv extension), worked by hand', () => {
    // rs1 crumbs unsigned: 0xe4 = [0, 1, 2, 3] in crumbs 0..3, 0x1b00 = [0, 0, 0, 0, 3, 2, 1, 0] (crumbs 4..7).
    // rs2 nibbles signed [1, 2, 3, 4, -1, -2, -3, -4] = 0xcdef4321. dotusp: rs1 unsigned, rs2 signed.
    // c = 0 (crumbs 0..7): 0*1 + 1*2 + 2*3 + 3*4 + 3*-1 + 2*-2 + 1*-3 + 0*-4 = 10.
    // c = 1 (crumbs 8..15, all 1 = 0x5555 << 16): 1+2+3+4-1-2-3-4 = 0.
    const prep = () => {
      const m = sbMachine({ fmt: 11, skip: 1 });
      m.hart.x[6] = (0x5555 << 16) | 0x1be4;
      m.hart.x[7] = 0xcdef4321 | 0;
      return m;
    };
    const { hart } = runBoth(prep, [['pv.dotusp.b', { rd: 5, rs1: 6, rs2: 7 }], ['pv.dotusp.b', { rd: 8, rs1: 6, rs2: 7 }]], 2);
    expect([hart.x[5], hart.x[8]]).toEqual([10, 0]);
  });
});

describe('Mac&Load under every format, both sign cases of sup/usp', () => {
  for (const [fmt, aw, ww] of SPEC_FORMATS) {
    const groups = Math.max(aw, ww) / Math.min(aw, ww);
    for (const sg of ['up', 'sup', 'usp', 'sp']) {
      it(`format ${fmt} (${aw}-bit activations x ${ww}-bit weights), pv.mlsdot${sg}`, () => {
        const [sa, sw] = SPEC_MACLOAD_SIGNS[sg]!;
        // Elements that straddle the sign: signed values include negatives, unsigned ones the top half.
        const acts = sample(32 / aw, aw, sa, fmt * 7 + 2);
        const wgts = sample(32 / ww, ww, sw, fmt + 5);
        const prog: Asm = Array.from({ length: groups + 1 }, () => [`pv.mlsdot${sg}.c`, { rd: 5, rs1: 6, uimm: (1 << 1) | 1 }]);
        const prep = () => {
          const m = sbMachine({ fmt, skip: 1 });
          m.hart.x[5] = -7;
          m.hart.nn[1] = packLanes(acts, aw); // A1
          m.hart.nn[3] = packLanes(wgts, ww); // W1
          return m;
        };
        const { hart, recs } = runBoth(prep, prog, groups + 1);
        let acc = -7;
        for (let step = 0; step <= groups; step++) {
          acc += expectedDot(acts, wgts, aw, ww, step % groups);
          expect(recs[step]!.rdValue, `step ${step}`).toBe(acc | 0);
          expect(recs[step]!.rs1Wb, 'rs1 untouched').toBe(0);
        }
        expect(hart.csr.read(csr('ivec_mixed_cycle'), 0)).toBe((groups + 1) % groups);
      });
    }
  }

  it('sup = activations unsigned x weights signed, usp the reverse (8-bit, worked by hand)', () => {
    // A0 = 0xff, W0 = 0xff in lane 0, other lanes 0: sup = 255 * -1 = -255; usp = -1 * 255 = -255;
    // with A0 = 0xff and W0 = 0x01: sup = 255, usp = -1.
    const prep = (a: number, w: number) => () => {
      const m = sbMachine({ fmt: 2 });
      m.hart.nn[0] = a;
      m.hart.nn[2] = w;
      return m;
    };
    const prog: Asm = [['pv.mlsdotsup.b', { rd: 5, rs1: 0, uimm: 0 }], ['pv.mlsdotusp.b', { rd: 6, rs1: 0, uimm: 0 }]];
    expect([...runBoth(prep(0xff, 0x01), prog, 2).hart.x.slice(5, 7)]).toEqual([255, -1]);
    expect([...runBoth(prep(0x01, 0xff), prog, 2).hart.x.slice(5, 7)]).toEqual([-1, 255]);
  });

  it('legacy decoding uses the same signedness (revision 2 fixes the swapped pair in both modes)', () => {
    const prep = () => {
      const m = sbMachine({ legacy: 1 });
      m.hart.nn[0] = 0xff;
      m.hart.nn[2] = 0x01;
      return m;
    };
    const prog: Asm = [['pv.mlsdotsup.b', { rd: 5, rs1: 0, uimm: 0 }], ['pv.mlsdotusp.b', { rd: 6, rs1: 0, uimm: 0 }], ['pv.mlsdotsup.n', { rd: 7, rs1: 0, uimm: 0 }]];
    // .n: nibble 0 of A0 = 15 unsigned, of W0 = 1 signed; nibble 1 of A0 = 15 x W0 nibble 1 = 0.
    expect([...runBoth(prep, prog, 3).hart.x.slice(5, 8)]).toEqual([255, -1, 15]);
  });
});

describe('ALU operations under a format', () => {
  it('use the wider operand width for both operands under a mixed format', () => {
    // Format 8 (8 x 4): 8-bit lanes. Format 11 (2 x 4): 4-bit lanes. Format 4: 2-bit lanes.
    const run = (fmt: number) => {
      const prep = () => {
        const m = sbMachine({ fmt });
        m.hart.x[6] = 0x0f0f0f0f;
        m.hart.x[7] = 0x01010101;
        return m;
      };
      return runBoth(prep, [['pv.add.n', { rd: 5, rs1: 6, rs2: 7 }]], 1).hart.x[5];
    };
    expect(run(8)).toBe(0x10101010); // bytes 0x0f + 0x01
    // Nibbles: 0xf + 0x1 wraps to 0 in every lane (an 8-bit add would carry into the upper nibble).
    expect(run(11)).toBe(0);
    expect(run(5)).toBe(0);
    // Crumbs of 0x0f are [3, 3, 0, 0], of 0x01 [1, 0, 0, 0]: [0, 3, 0, 0] = 0x0c per byte.
    expect(run(4)).toBe(0x0c0c0c0c);
  });
});

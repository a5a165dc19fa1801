import { describe, expect, it } from 'vitest';
import { TCDM_BASE } from '../../src/platform/memory-map.ts';
import { Rng } from '../../src/randprog/rng.ts';
import { machine, put, trace } from './helpers.ts';

/**
 * XpulpV2 memory instructions and immediate branches against a byte-array mirror of the TCDM: the
 * expected values are computed here from the bytes, not by the model's memory code.
 */
const SIZES: Record<string, [number, boolean]> = { lb: [1, true], lh: [2, true], lw: [4, true], lbu: [1, false], lhu: [2, false], sb: [1, false], sh: [2, false], sw: [4, false] };
const bytesValue = (b: Uint8Array, at: number, size: number, signed: boolean) => {
  let v = 0;
  for (let i = size - 1; i >= 0; i--) v = v * 256 + b[at + i];
  if (signed && v >= 2 ** (8 * size - 1)) v -= 2 ** (8 * size);
  return v | 0;
};

describe('XpulpV2 post-increment and register-offset accesses', () => {
  for (const [name, [size, signed]] of Object.entries(SIZES)) {
    for (const mode of ['postinc', 'rr', 'rr.postinc']) {
      const id = `p.${name}.${mode}`;
      it(id, () => {
        const rng = new Rng(id.length * 97 + size);
        for (let round = 0; round < 50; round++) {
          const { mem, hart } = machine('baseline');
          const mirror = new Uint8Array(256);
          for (let i = 0; i < 256; i++) mirror[i] = rng.int(0, 255);
          mem.load(TCDM_BASE, mirror);
          const baseOff = rng.int(64, 128);
          const inc = rng.int(-60, 60);
          const value = rng.u32() | 0;
          hart.x[6] = TCDM_BASE + baseOff;
          hart.x[7] = inc;
          hart.x[8] = value;
          const load = name.startsWith('l');
          const ops: Record<string, number> =
            mode === 'postinc' ? { rs1: 6, imm: inc } : load ? { rs1: 6, rs2: 7 } : { rs1: 6, rs3: 7 };
          if (load) ops.rd = 5;
          else ops.rs2 = 8;
          put(mem, [[id, ops]]);
          const [r] = trace(hart, 1);
          const at = mode === 'rr' ? baseOff + inc : baseOff;
          if (load) {
            expect(hart.x[5], `${id} at +${at}`).toBe(bytesValue(mirror, at, size, signed));
          } else {
            for (let i = 0; i < size; i++) mirror[at + i] = (value >>> (8 * i)) & 0xff;
            for (let i = 0; i < 256; i++) if (mem.read(TCDM_BASE + i, 1) !== mirror[i]) throw new Error(`${id}: byte ${i} differs`);
          }
          const newBase = mode === 'rr' ? TCDM_BASE + baseOff : TCDM_BASE + baseOff + inc;
          expect(hart.x[6]).toBe(newBase);
          expect(r.rs1Wb).toBe(mode === 'rr' ? 0 : 6);
          expect(r.memCount).toBe(((TCDM_BASE + at) & 3) + size > 4 ? 2 : 1);
        }
      });
    }
  }

  it('p.elw is a word load', () => {
    const { mem, hart } = machine('baseline');
    mem.write(TCDM_BASE + 8, 4, 0x1234abcd);
    hart.x[6] = TCDM_BASE;
    put(mem, [['p.elw', { rd: 5, rs1: 6, imm: 8 }]]);
    hart.run(1);
    expect(hart.x[5]).toBe(0x1234abcd);
  });
});

describe('immediate branches', () => {
  for (const id of ['p.beqimm', 'p.bneimm']) {
    it(id, () => {
      const rng = new Rng(id.length);
      for (let i = 0; i < 100; i++) {
        const { mem, hart } = machine('baseline');
        const imm = rng.int(-16, 15);
        const v = rng.chance(0.5) ? imm : rng.int(-20, 20);
        const target = 2 * rng.int(-100, 100) || 8;
        hart.x[6] = v;
        put(mem, [[id, { rs1: 6, imm, target }]]);
        const [r] = trace(hart, 1);
        const taken = id === 'p.beqimm' ? v === imm : v !== imm;
        expect(r.nextPc).toBe(taken ? (r.pc + target) | 0 : (r.pc + 4) | 0);
      }
    });
  }
});

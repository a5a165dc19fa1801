import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BITS } from '../../src/kernels/formats.ts';
import { BODY_HEADER_PATH, fillLines, generateBodyHeader, groupBody, insnText, macLoadGroup, weightLoadOrder, type MacLoadOp } from '../../src/kernels/schedule.ts';
import { decodeWord, encode, instructionById } from '../../src/isa/index.ts';

describe('Mac&Load group schedules', () => {
  for (const a of BITS) {
    for (const w of BITS) {
      for (const pixels of [1, 2] as const) {
        it(`a${a} w${w}, 4 x ${pixels}: loads match what a group consumes, every use sees the right word`, () => {
          const g = macLoadGroup(a, w, pixels);
          const r = Math.max(a, w) / Math.min(a, w);
          // Per group each pixel consumes (a <= w ? 1 : R) activation words, each channel (a >= w ? 1 : R) weight words.
          const aWords = a >= w ? r : 1, wWords = w >= a ? r : 1;
          const loads = (kind: 'A' | 'W', reg: number) => g.ops.filter((o) => o.load === kind && (kind === 'A' ? o.a : o.w) === reg).length;
          for (let p = 0; p < pixels; p++) expect(loads('A', p)).toBe(aWords);
          for (let j = 0; j < 4; j++) expect(loads('W', j)).toBe(wWords);
          // Simulate the register contents as word indices: every dot product must read, for its step,
          // the activation word and weight word that the step's sub-group needs.
          const nextA = [1, 1], nextW = [1, 1, 1, 1];
          const regA = [0, 0], regW = [0, 0, 0, 0];
          const dots = g.ops.filter((o) => !o.fill);
          expect(dots.length).toBe(4 * pixels * r);
          let i = 0;
          for (const o of g.ops) {
            if (!o.fill) {
              const step = Math.floor(i++ / g.skip);
              expect(regA[o.a], `A${o.a} at dot ${i - 1}`).toBe(a >= w ? step : 0);
              expect(regW[o.w], `W${o.w} at dot ${i - 1}`).toBe(w >= a ? step : 0);
            }
            // The load happens after the dot product has read the register (spec §4).
            if (o.load === 'A') regA[o.a] = nextA[o.a]++;
            if (o.load === 'W') regW[o.w] = nextW[o.w]++;
          }
          // After the group every register holds the first word of the next group.
          for (let p = 0; p < pixels; p++) expect(regA[p]).toBe(aWords);
          for (let j = 0; j < 4; j++) expect(regW[j]).toBe(wWords);
          // Fills are the only extra instructions: at most one per step.
          expect(g.ops.length - dots.length).toBeLessThanOrEqual(r);
        });
      }
    }
  }

  it('every group reloads W0..W3 in order, so the interleaved bodies walk one weight pointer', () => {
    for (const a of BITS) {
      for (const w of BITS) {
        for (const pixels of [1, 2] as const) {
          const order = weightLoadOrder(macLoadGroup(a, w, pixels));
          expect(order.length % 4, `a${a} w${w} x${pixels}`).toBe(0);
          order.forEach((j, i) => expect(j, `a${a} w${w} x${pixels} load ${i}`).toBe(i % 4));
          const { body, last } = groupBody('flexv', a, w, pixels, 'interleaved');
          const text = [...body, last].join('');
          expect(text).not.toMatch(/%\[pw[0-3]\]/);
          expect((text.match(/%\[pw\]/g) ?? []).length).toBe(order.length);
        }
      }
    }
  });

  it('fills: A0 (A1) from pa (pb), W0..W3 from pw, sums discarded', () => {
    expect(fillLines('A2')).toEqual([
      `"${insnText('pv.mlsdotusp.b', { acc: 'x0', a: 0, w: 0, load: 'A', ptr: 'pa', fill: true })}\\n"`,
      `"${insnText('pv.mlsdotusp.b', { acc: 'x0', a: 1, w: 0, load: 'A', ptr: 'pb', fill: true })}\\n"`,
    ]);
    expect(fillLines('W').every((l) => l.includes('x0, %[pw]'))).toBe(true);
    expect(fillLines('W').length).toBe(4);
  });

  it('rebuilds a correct word from the .insn text (opcode, funct3, immediate from the ISA table)', () => {
    const op: MacLoadOp = { acc: 's0', a: 1, w: 2, load: 'W', ptr: 'pw2', fill: false };
    const m = /\.insn i 0x([0-9a-f]+), (\d), %\[s0\], %\[pw2\], (-?\d+)/.exec(insnText('pv.mlsdotusp.m', op))!;
    const word = (parseInt(m[1], 16) | (Number(m[2]) << 12) | (Number(m[3]) << 20) | (10 << 7) | (11 << 15)) >>> 0;
    expect(word).toBe(encode(instructionById('pv.mlsdotusp.m')!, { rd: 10, rs1: 11, uimm: 1 | (2 << 1) | 16 }));
    expect(decodeWord('flexv', word)?.def.id).toBe('pv.mlsdotusp.m');
  });

  it('sw/kernels/macload-body.h is up to date with the generator', () => {
    expect(readFileSync(BODY_HEADER_PATH, 'utf8')).toBe(generateBodyHeader());
  });
});

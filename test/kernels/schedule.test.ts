import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BITS } from '../../src/kernels/formats.ts';
import {
  activationLoadOrder, BODY_HEADER_PATH, fillLines, generateBodyHeader, groupBody, groupCut, hasBlock4, insnText, macLoadGroup, macLoadIds, weightLoadOrder, type MacLoadOp,
} from '../../src/kernels/schedule.ts';
import { decodeWord, encode, instructionById } from '../../src/isa/index.ts';
import { MACLOAD_SIGNS } from '../../src/isa/signs.ts';

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

  /**
   * The 4 x 4 block (flexv, a >= w): simulate the NN-RF with the activation stream as the status-based
   * hardware runs it (pixel rows 0, 1, 2, 3, then the next word: skip 3) and the weight stream W0..W3 in
   * turn, over two groups; every dot product must read its own pixel's and channel's word of its step. The
   * cut (HEAD / TAIL / LAST) must be the group, split right after pixel 3's last load of the group.
   */
  for (const a of BITS) {
    for (const w of BITS) {
      if (!hasBlock4(a, w)) {
        it(`a${a} w${w}: no 4 x 4 block (the activations are narrower)`, () => expect(() => macLoadGroup(a, w, 4)).toThrow(/no 4 x 4 block/));
        continue;
      }
      it(`a${a} w${w}, 4 x 4: the activation stream over four pixel rows feeds every dot product its word`, () => {
        const g = macLoadGroup(a, w, 4);
        const r = a / w;
        expect(g.skip).toBe(16);
        expect(g.ops.filter((o) => !o.fill).length).toBe(16 * r);
        expect(g.ops.length).toBe(16 * r + 1);
        // Activation words are numbered per pixel (R per group); the stream yields (pixel, word) in order.
        let streamA = 0, streamW = 0;
        const nextA = () => ({ pixel: streamA % 4, word: Math.floor(streamA++ / 4) });
        const nextW = () => ({ ch: streamW % 4, word: Math.floor(streamW++ / 4) });
        const regA = [nextA(), nextA()], regW = [nextW(), nextW(), nextW(), nextW()];
        for (let group = 0; group < 2; group++) {
          let i = 0;
          for (const o of g.ops) {
            if (!o.fill) {
              const step = Math.floor(i / g.skip), pixel = Math.floor((i % g.skip) / 4);
              i++;
              expect(o.acc, `dot ${i - 1}`).toBe(`${'stuv'[pixel]}${o.w}`);
              expect(regA[o.a], `A${o.a} at dot ${i - 1} of group ${group}`).toEqual({ pixel, word: group * r + step });
              expect(regW[o.w], `W${o.w} at dot ${i - 1} of group ${group}`).toEqual({ ch: o.w, word: group });
            }
            if (o.load === 'A') regA[o.a] = nextA();
            if (o.load === 'W') regW[o.w] = nextW();
          }
        }
        const { head, tail } = groupCut(a, w);
        const { body, last } = groupBody('flexv', a, w, 4);
        expect([...head, ...tail]).toEqual(body);
        const headOps = g.ops.slice(0, head.length);
        expect(headOps[headOps.length - 1]).toMatchObject({ a: 1, load: 'A' });
        expect(g.ops.slice(head.length).filter((o) => o.load === 'A').length).toBe(2);
      });
    }
  }

  it('every group reloads W0..W3 in order and A0 (A1) in turn: one pointer (xpulpnn) or one address stream (flexv) per operand', () => {
    for (const a of BITS) {
      for (const w of BITS) {
        for (const pixels of [1, 2] as const) {
          const g = macLoadGroup(a, w, pixels);
          const order = weightLoadOrder(g);
          expect(order.length % 4, `a${a} w${w} x${pixels}`).toBe(0);
          order.forEach((j, i) => expect(j, `a${a} w${w} x${pixels} load ${i}`).toBe(i % 4));
          activationLoadOrder(g).forEach((p, i) => expect(p, `a${a} w${w} x${pixels} A load ${i}`).toBe(i % pixels));
          // Status-based bodies name no pointer: rs1 is x0 in every instruction.
          const sb = groupBody('flexv', a, w, pixels);
          const sbText = [...sb.body, sb.last];
          expect(sbText.join('')).not.toMatch(/%\[p[abw]/);
          for (const line of sbText) expect(line, `a${a} w${w} x${pixels}`).toMatch(/^"\.insn i 0x77, \d, (%\[[st][0-3]\]|x0), x0, -?\d+\\n"$/);
          if (a !== w) continue;
          const { body, last } = groupBody('xpulpnn', a, w, pixels, 'interleaved');
          const text = [...body, last].join('');
          expect(text).not.toMatch(/%\[pw[0-3]\]/);
          expect((text.match(/%\[pw\]/g) ?? []).length).toBe(order.length);
        }
      }
    }
  });

  it('Mac&Loads compute activations unsigned x weights signed (revision 2 signs) at the right widths', () => {
    for (const a of BITS) {
      for (const w of BITS) {
        for (const build of a === w ? (['xpulpnn', 'flexv'] as const) : (['flexv'] as const)) {
          const ids = macLoadIds(build, a, w);
          for (const id of [ids.dot, ids.fill]) {
            const ml = instructionById(id)!.macLoad!;
            expect(MACLOAD_SIGNS[ml.sign], id).toEqual({ act: false, wt: true });
          }
          // xpulpnn (legacy decoding) takes the width from the encoding; flexv from ivec_fmt.
          if (build === 'xpulpnn') expect(instructionById(ids.dot)!.macLoad!.width).toBe(a);
        }
      }
    }
    expect(macLoadIds('xpulpnn', 2, 2).dot).toBe('pv.mlsdotsup.c');
  });

  it('fills: A0 (A1) from pa (pb), W0..W3 from pw, sums discarded; status-based fills from the streams', () => {
    const fill = macLoadIds('xpulpnn', 8, 8).fill;
    expect(fillLines('A2')).toEqual([
      `"${insnText(fill, { acc: 'x0', a: 0, w: 0, load: 'A', ptr: 'pa', fill: true })}\\n"`,
      `"${insnText(fill, { acc: 'x0', a: 1, w: 0, load: 'A', ptr: 'pb', fill: true })}\\n"`,
    ]);
    expect(fillLines('W').every((l) => l.includes('x0, %[pw]'))).toBe(true);
    expect(fillLines('W').length).toBe(4);
    expect(fillLines('W', 'flexv').every((l) => l.includes('x0, x0,'))).toBe(true);
    expect(fillLines('A2', 'flexv').length).toBe(2);
  });

  it('rebuilds a correct word from the .insn text (opcode, funct3, immediate from the ISA table)', () => {
    const op: MacLoadOp = { acc: 's0', a: 1, w: 2, load: 'W', ptr: 'pw2', fill: false };
    const id = macLoadIds('xpulpnn', 4, 4).dot;
    const m = /\.insn i 0x([0-9a-f]+), (\d), %\[s0\], %\[pw2\], (-?\d+)/.exec(insnText(id, op))!;
    const word = (parseInt(m[1], 16) | (Number(m[2]) << 12) | (Number(m[3]) << 20) | (10 << 7) | (11 << 15)) >>> 0;
    expect(word).toBe(encode(instructionById(id)!, { rd: 10, rs1: 11, uimm: 1 | (2 << 1) | 16 }));
    expect(decodeWord('flexv', word)?.def.id).toBe(id);
    // Status-based: rs1 = x0.
    const sb = /\.insn i 0x([0-9a-f]+), (\d), %\[s0\], x0, (-?\d+)/.exec(insnText(macLoadIds('flexv', 4, 2).dot, op, true))!;
    const sbWord = (parseInt(sb[1], 16) | (Number(sb[2]) << 12) | (Number(sb[3]) << 20) | (10 << 7)) >>> 0;
    const d = decodeWord('flexv', sbWord)!;
    expect(d.def.macLoad?.sign).toBe('sup');
    expect([d.operands.rs1, d.operands.uimm]).toEqual([0, 1 | (2 << 1) | 16]);
  });

  it('sw/kernels/macload-body.h is up to date with the generator', () => {
    expect(readFileSync(BODY_HEADER_PATH, 'utf8')).toBe(generateBodyHeader());
  });
});

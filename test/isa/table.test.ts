import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ALL_INSTRUCTIONS,
  CONFIGS,
  decodeWord,
  encode,
  extractOperand,
  instructionsFor,
  operandMask,
  type InstrDef,
} from '../../src/isa/index.ts';
import { Rng, randomOperands } from '../../src/isa/random.ts';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, 'fixtures');
const sharedSpec = join(here, '../../../shared/spec');

function tsvRows(file: string): string[][] {
  return readFileSync(join(fixtures, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .slice(1)
    .map((l) => l.split('\t'));
}

describe('table against the spec TSV', () => {
  it('uses the spec files unchanged', () => {
    for (const f of ['xpulp-encodings.tsv', 'xpulp-formats.tsv']) {
      if (!existsSync(join(sharedSpec, f))) continue; // the spec tree is beside the repo on dev machines only
      expect(readFileSync(join(fixtures, f), 'utf8')).toBe(readFileSync(join(sharedSpec, f), 'utf8'));
    }
  });

  it('has every row, with its mnemonic, match and mask', () => {
    const rows = tsvRows('xpulp-encodings.tsv');
    expect(rows.length).toBe(405);
    const pulp = ALL_INSTRUCTIONS.filter((d) => d.ext === 'xpulpv2' || d.ext === 'xpulpnn');
    expect(pulp.length).toBe(rows.length);
    for (const [ext, label, mnemonic, match, mask] of rows) {
      const d = pulp.find((x) => x.tsvLabel === label && x.ext === ext);
      expect(d, label).toBeDefined();
      expect([d!.mnemonic, d!.match, d!.mask]).toEqual([mnemonic, Number(match) >>> 0, Number(mask) >>> 0]);
    }
    expect(rows.filter((r) => r[0] === 'xpulpv2').length).toBe(pulp.filter((d) => d.ext === 'xpulpv2').length);
  });

  it('places operands exactly on the fields of their format', () => {
    const fieldBits = new Map<string, number>();
    for (const [format, spec] of tsvRows('xpulp-formats.tsv')) {
      let bits = 0;
      for (const m of spec.matchAll(/\[(\d+)(?::(\d+))?\]/g)) {
        const hi = Number(m[1]);
        const lo = m[2] === undefined ? hi : Number(m[2]);
        for (let b = lo; b <= hi; b++) bits = (bits | (1 << b)) >>> 0;
      }
      fieldBits.set(format.replace('Format_', ''), bits >>> 0);
    }
    const rows = tsvRows('xpulp-encodings.tsv');
    let checked = 0;
    for (const [ext, label, , , , fmt] of rows) {
      const format = fmt.replace('Format_', '');
      const expected = fieldBits.get(format);
      if (expected === undefined) continue; // standard R / I layouts
      const d = ALL_INSTRUCTIONS.find((x) => x.tsvLabel === label && x.ext === ext)!;
      const used = d.operands.reduce((m, op) => (m | operandMask(op)) >>> 0, 0);
      if (format === 'HL0') expect((used & ~expected) >>> 0, label).toBe(0);
      else expect(used, label).toBe(expected);
      checked++;
    }
    expect(checked).toBeGreaterThan(150);
  });
});

describe('table invariants', () => {
  it('has unique ids and operands that never overlap fixed bits or each other', () => {
    expect(new Set(ALL_INSTRUCTIONS.map((d) => d.id)).size).toBe(ALL_INSTRUCTIONS.length);
    for (const d of ALL_INSTRUCTIONS) {
      expect(((d.match & ~d.mask) >>> 0) === 0, d.id).toBe(true);
      let seen = 0;
      for (const op of d.operands) {
        const m = operandMask(op);
        expect((m & d.mask) >>> 0, `${d.id}.${op.name}`).toBe(0);
        expect((m & seen) >>> 0, `${d.id}.${op.name}`).toBe(0);
        seen = (seen | m) >>> 0;
      }
      const sizeMask = d.size === 2 ? 0xffff0000 : 0;
      expect(((d.match | d.mask) & sizeMask) >>> 0).toBe(0);
      expect(d.size === 4 ? (d.match & 3) === 3 : (d.match & 3) !== 3, d.id).toBe(true);
      for (const name of d.syntax.match(/[A-Za-z_][\w]*/g) ?? []) {
        if (name !== 'sp') expect(d.operands.some((o) => o.name === name), `${d.id} syntax ${name}`).toBe(true);
      }
    }
  });

  /** True when the constraint rules out every word that both defs match (operand fully fixed to `not`). */
  function excluded(a: InstrDef, b: InstrDef): boolean {
    const fixedMask = (a.mask | b.mask) >>> 0;
    const fixedValue = (a.match | b.match) >>> 0;
    for (const d of [a, b]) {
      for (const c of d.constraints ?? []) {
        const op = d.operands.find((o) => o.name === c.operand)!;
        const m = operandMask(op);
        if (((m & fixedMask) >>> 0) === m && extractOperand(op, fixedValue) === c.not) return true;
      }
    }
    return false;
  }

  for (const config of CONFIGS) {
    it(`has no two instructions of ${config} matching one word`, () => {
      const defs = instructionsFor(config);
      const overlaps: string[] = [];
      for (let i = 0; i < defs.length; i++) {
        for (let j = i + 1; j < defs.length; j++) {
          const a = defs[i], b = defs[j];
          if (a.size !== b.size) continue;
          if ((((a.match ^ b.match) & a.mask & b.mask) >>> 0) !== 0) continue;
          if (!excluded(a, b)) overlaps.push(`${a.id} / ${b.id}`);
        }
      }
      expect(overlaps).toEqual([]);
    });
  }

  it('decodes every 16-bit word to at most one compressed instruction, exhaustively', () => {
    const cdefs = instructionsFor('flexv').filter((d) => d.size === 2);
    for (let w = 0; w < 0x10000; w++) {
      if ((w & 3) === 3) continue;
      const hits = cdefs.filter((d) => ((w & d.mask) >>> 0) === d.match);
      const d = decodeWord('flexv', w);
      if (d) expect(hits.map((h) => h.id)).toContain(d.def.id);
      else expect(hits.every((h) => (h.constraints ?? []).some((c) => c.why === 'reserved'))).toBe(true);
    }
  });
});

describe('encode / decode', () => {
  it('decode(encode(x)) == x for every instruction and random operands', () => {
    const rng = new Rng(0xf1e7);
    for (const d of instructionsFor('flexv')) {
      for (let i = 0; i < 40; i++) {
        const values = randomOperands(d, rng);
        const word = encode(d, values);
        const back = decodeWord('flexv', word);
        expect(back?.def.id, `${d.id} ${word.toString(16)}`).toBe(d.id);
        expect(back!.operands).toEqual(values);
      }
    }
  });

  it('keeps configurations apart', () => {
    const macLoad = instructionsFor('xpulpnn').find((d) => d.id === 'pv.mlsdotsup.b')!;
    const word = encode(macLoad, { rd: 10, rs1: 11, uimm: 9 });
    expect(decodeWord('flexv', word)?.def.id).toBe('pv.mlsdotsup.b');
    expect(decodeWord('baseline', word)).toBeUndefined();
    const nibble = instructionsFor('xpulpnn').find((d) => d.id === 'pv.sdotsp.n')!;
    expect(decodeWord('baseline', encode(nibble, { rd: 1, rs1: 2, rs2: 3 }))).toBeUndefined();
  });

  it('decodes p.mulsN with N = 0 as p.muls (alias)', () => {
    expect(decodeWord('baseline', 0x8000005b | (10 << 7) | (11 << 15) | (12 << 20))?.def.id).toBe('p.muls');
    expect(decodeWord('baseline', 0x8000005b | (3 << 25))?.def.id).toBe('p.mulsN');
    expect(decodeWord('baseline', 0xc200105b)?.def.id).toBe('p.machhsN');
  });

  it('rejects values that do not fit, naming the operand', () => {
    const addi = instructionsFor('baseline').find((d) => d.id === 'addi')!;
    expect(() => encode(addi, { rd: 1, rs1: 2, imm: 2048 })).toThrow(/imm out of range/);
    expect(() => encode(addi, { rd: 32, rs1: 2, imm: 0 })).toThrow(/rd out of range/);
    const beq = instructionsFor('baseline').find((d) => d.id === 'beq')!;
    expect(() => encode(beq, { rs1: 1, rs2: 2, target: 3 })).toThrow(/multiple of 2/);
    const clw = instructionsFor('baseline').find((d) => d.id === 'c.lw')!;
    expect(() => encode(clw, { rd: 5, rs1: 8, imm: 0 })).toThrow(/x8..x15/);
    const spn = instructionsFor('baseline').find((d) => d.id === 'c.addi4spn')!;
    expect(() => encode(spn, { rd: 8, uimm: 0 })).toThrow(/reserved/);
  });

  it('matches known words', () => {
    const known: Array<[number, string]> = [
      [0x00150513, 'addi'], [0x0505, 'c.addi'], [0x8082, 'c.jr'], [0x9002, 'c.ebreak'], [0x9502, 'c.jalr'],
      [0x713d, 'c.addi16sp'], [0x757d, 'c.lui'], [0x30200073, 'mret'], [0x0ff0000f, 'fence'],
      [0x0000100f, 'fence.i'], [0x02c58533, 'mul'], [0x0045a50b, 'p.lw.postinc'], [0x00c5f533, 'and'],
    ];
    for (const [w, id] of known) expect(decodeWord('baseline', w)?.def.id, w.toString(16)).toBe(id);
    expect(decodeWord('baseline', 0x0000)).toBeUndefined();
    expect(decodeWord('baseline', 0x1002)).toBeUndefined(); // c.slli with shamt[5] = 1: reserved on RV32
  });
});

import { describe, expect, it } from 'vitest';
import { instructionsFor } from '../../src/isa/table.ts';

/**
 * Status-based decoding takes the operation from instr[31:26] (spec §5.2); the golden model reads it from
 * the row's `simd.op`. That is the same thing only if every opcode-0x57 row with the same instr[31:26]
 * has the same operation: checked here. (`pv.shufflei0.b.sci` is `pv.shuffle` with an immediate, the
 * published ALU's ALU_SHUF; `pv.qnt.n` shares packlo's funct6 and has no status-based meaning of its own:
 * docs/isa.md.)
 */
describe('opcode 0x57: instr[31:26] names the operation', () => {
  it('one operation per funct6 over all rows of the flexv configuration', () => {
    const ops = new Map<number, Set<string>>();
    const rows = instructionsFor('flexv').filter((d) => (d.match & 0x7f) === 0x57 && d.simd && d.simd.op !== 'qnt');
    expect(rows.length).toBeGreaterThan(250);
    for (const d of rows) {
      const f6 = d.match >>> 26;
      const op = d.simd!.op === 'shufflei0' ? 'shuffle' : d.simd!.op;
      const sign = d.simd!.sign ? `.${d.simd!.sign}` : '';
      if (!ops.has(f6)) ops.set(f6, new Set());
      ops.get(f6)!.add(op + sign);
    }
    const ambiguous = [...ops].filter(([, s]) => s.size > 1).map(([f6, s]) => `${f6.toString(2).padStart(6, '0')}: ${[...s].join(', ')}`);
    expect(ambiguous).toEqual([]);
  });

  it('every opcode-0x57 and Mac&Load row carries its semantic fields', () => {
    for (const d of instructionsFor('flexv')) {
      const opcode = d.match & 0x7f;
      if (opcode === 0x57) expect(d.simd, d.id).toBeDefined();
      if (opcode === 0x77 && d.sem === 'mac.load') expect(d.macLoad, d.id).toBeDefined();
    }
  });
});

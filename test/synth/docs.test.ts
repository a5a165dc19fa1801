import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CELL_WEIGHTS, MACRO_NAND2_PER_BIT } from '../../src/synth/cell-area.ts';
import { DEFAULT_MACRO_MIN_BITS } from '../../src/synth/memories.ts';

const DOC = resolve(import.meta.dirname, '..', '..', 'docs', 'synth.md');

describe('docs/synth.md states the model the code uses', () => {
  it('lists the weight table row for row', async () => {
    const doc = await readFile(DOC, 'utf8');
    const rows = doc
      .split('\n')
      .filter((l) => /^\| `\$_/.test(l))
      .map((l) => l.split('|').map((c) => c.trim()))
      .map((c) => ({ nand2: Number(c[2]), state: c[3], basis: c[4]! }));
    expect(rows).toHaveLength(CELL_WEIGHTS.length);
    CELL_WEIGHTS.forEach((w, i) => {
      expect(rows[i]!.nand2, w.basis).toBe(w.nand2);
      expect(rows[i]!.state, w.basis).toBe(w.state ?? '');
      expect(w.basis.startsWith(rows[i]!.basis), `${w.basis} vs ${rows[i]!.basis}`).toBe(true);
    });
  });

  it('states the macro model and the size rule', async () => {
    const doc = await readFile(DOC, 'utf8');
    expect(doc).toContain(`macro NAND2-eq = bits x ${MACRO_NAND2_PER_BIT}`);
    expect(doc).toContain(`default ${DEFAULT_MACRO_MIN_BITS} bits`);
  });
});

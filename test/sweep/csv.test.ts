import { describe, expect, it } from 'vitest';
import { csvField, objectsToCsv, toCsv } from '../../src/util/csv.ts';

describe('csv', () => {
  it('quotes only what must be quoted (RFC 4180) and doubles quotes', () => {
    expect(['plain', 'a,b', 'say "hi"', 'two\nlines', ' padded', 'cr\r', '', 0, 1.5, true, null, undefined].map(csvField)).toEqual([
      'plain', '"a,b"', '"say ""hi"""', '"two\nlines"', '" padded"', '"cr\r"', '', '0', '1.5', 'true', '', '',
    ]);
  });
  it('writes a header and rows, and refuses ragged rows or non-finite numbers', () => {
    expect(toCsv(['a', 'b'], [[1, 'x,y'], [null, 2]])).toBe('a,b\n1,"x,y"\n,2\n');
    expect(() => toCsv(['a', 'b'], [[1]])).toThrow(/row 1 has 1 fields, the header has 2/);
    expect(() => csvField(Infinity)).toThrow(/cannot write the number Infinity/);
    expect(objectsToCsv(['n', 's'], [{ n: 1, s: 'a' }, { n: 2 }])).toBe('n,s\n1,a\n2,\n');
  });
});

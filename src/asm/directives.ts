import { ExprError, parseExpr } from './expr.ts';
import type { Item } from './program.ts';

/** Data directives: .word/.half/.byte..., .ascii/.asciz/.string, .zero/.space/.skip. */

interface Host {
  constant(text: string): number | undefined;
  fail(message: string): never;
  resolveNumericRefs(text: string): string;
  readonly currentLine: number;
}

const WIDTH: Record<string, 1 | 2 | 4 | 8> = {
  '.byte': 1, '.half': 2, '.short': 2, '.2byte': 2, '.word': 4, '.long': 4, '.int': 4, '.4byte': 4,
  '.dword': 8, '.quad': 8, '.8byte': 8,
};

/** Bytes of a C-style string literal body (escapes \n \t \\ \" \xNN and octal). */
function stringBytes(lit: string, host: Host): number[] {
  const m = lit.match(/^"((?:\\.|[^"\\])*)"$/s);
  if (!m) host.fail(`expected a string in quotes, got ${lit}`);
  const body = m[1];
  const out: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      out.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const n = body[++i];
    const simple: Record<string, number> = { n: 10, t: 9, r: 13, b: 8, f: 12, v: 11, a: 7, '\\': 92, '"': 34, "'": 39 };
    if (n in simple) out.push(simple[n]);
    else if (n === 'x') {
      const h = body.slice(i + 1).match(/^[0-9a-fA-F]{1,2}/)![0];
      out.push(parseInt(h, 16));
      i += h.length;
    } else if (/[0-7]/.test(n)) {
      const o = body.slice(i).match(/^[0-7]{1,3}/)![0];
      out.push(parseInt(o, 8) & 0xff);
      i += o.length - 1;
    } else out.push(n.charCodeAt(0));
  }
  return out;
}

export function parseData(op: string, a: string[], _raw: string, host: Host): Item[] | undefined {
  const line = host.currentLine;
  if (WIDTH[op]) {
    return a.map((text) => {
      try {
        return { k: 'data', width: WIDTH[op], expr: parseExpr(host.resolveNumericRefs(text)), line, addr: 0 } as Item;
      } catch (e) {
        if (e instanceof ExprError) host.fail(e.message);
        throw e;
      }
    });
  }
  if (op === '.ascii' || op === '.asciz' || op === '.string') {
    const data: number[] = [];
    for (const s of a) {
      data.push(...stringBytes(s, host));
      if (op !== '.ascii') data.push(0);
    }
    return [{ k: 'bytes', data, line, addr: 0 }];
  }
  if (op === '.zero' || op === '.space' || op === '.skip') {
    const size = host.constant(a[0] ?? '');
    if (size === undefined || size < 0) host.fail(`${op} needs a constant, non-negative size`);
    const fill = a[1] !== undefined ? host.constant(a[1]) : 0;
    if (fill === undefined) host.fail(`${op}: the fill value must be a constant`);
    return [{ k: 'space', size, fill: fill & 0xff, line, addr: 0 }];
  }
  return undefined;
}

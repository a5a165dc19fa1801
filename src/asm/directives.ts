import { ExprError, parseExpr } from './expr.ts';
import type { Item, Section, SectionKind } from './program.ts';
import { splitOperands } from './source.ts';

/** Directives: sections, symbols, options, alignment, and data (.word..., .ascii..., .zero...). */

/** What directives need from the assembler. */
export interface Host {
  constant(text: string): number | undefined;
  fail(message: string): never;
  resolveNumericRefs(text: string): string;
  readonly currentLine: number;
  readonly current: Section;
  readonly globals: Set<string>;
  switchSection(name: string, kind?: SectionKind): void;
  push(item: Item): void;
  setSymbol(name: string, text: string): void;
  option(o: string | undefined): void;
}

/** Limits that keep a typo from allocating gigabytes. */
const MAX_ALIGN = 1 << 16;
const MAX_SPACE = 1 << 28;

/** Accepted and ignored: they describe debug info or symbol types the output does not need. */
const IGNORED_DIRECTIVES = new Set([
  '.type', '.size', '.file', '.ident', '.attribute', '.loc', '.addrsig', '.addrsig_sym', '.note', '.hidden', '.protected',
]);

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
      const h = body.slice(i + 1).match(/^[0-9a-fA-F]{1,2}/)?.[0];
      if (!h) host.fail('\\x in a string needs hexadecimal digits');
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

function parseData(op: string, a: string[], host: Host): Item[] | undefined {
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
    if (size > MAX_SPACE) host.fail(`${op}: ${size} bytes is more than the ${MAX_SPACE} an image may hold`);
    const fill = a[1] !== undefined ? host.constant(a[1]) : 0;
    if (fill === undefined) host.fail(`${op}: the fill value must be a constant`);
    return [{ k: 'space', size, fill: fill & 0xff, line, addr: 0 }];
  }
  return undefined;
}

export function handleDirective(host: Host, op: string, args: string): void {
  const a = splitOperands(args);
  switch (op) {
    case '.text':
    case '.data':
    case '.bss':
    case '.rodata':
      host.switchSection(op);
      return;
    case '.section': {
      const name = a[0];
      if (!name) host.fail('.section needs a name');
      const flags = a[1]?.replace(/"/g, '');
      const type = a[2];
      let kind: SectionKind | undefined;
      if (type === '@nobits' || type === '%nobits') kind = 'nobits';
      else if (flags?.includes('x')) kind = 'code';
      else if (flags !== undefined) kind = 'data';
      host.switchSection(name, kind);
      return;
    }
    case '.globl':
    case '.global':
    case '.weak':
      for (const n of a) host.globals.add(n);
      return;
    case '.local':
      for (const n of a) host.globals.delete(n);
      return;
    case '.equ':
    case '.set':
    case '.equiv':
      if (a.length !== 2) host.fail(`${op} takes a name and a value`);
      host.setSymbol(a[0], a[1]);
      return;
    case '.option':
      return host.option(a[0]);
    case '.align':
    case '.p2align':
    case '.balign': {
      const n = host.constant(a[0] ?? '');
      if (n === undefined || n < 0) host.fail(`${op} needs a constant alignment`);
      const bytes = op === '.balign' ? n : 2 ** n;
      if (bytes > MAX_ALIGN) host.fail(`${op}: alignment ${bytes} is larger than ${MAX_ALIGN}`);
      if (bytes & (bytes - 1)) host.fail(`${op}: ${bytes} is not a power of two`);
      const fill = a[1] !== undefined && a[1] !== '' ? host.constant(a[1]) : undefined;
      host.current.align = Math.max(host.current.align, bytes);
      host.push({ k: 'align', bytes, fill, line: host.currentLine, addr: 0, pad: 0 });
      return;
    }
  }
  if (IGNORED_DIRECTIVES.has(op) || op.startsWith('.cfi_')) return;
  const data = parseData(op, a, host);
  if (data) {
    for (const it of data) host.push(it);
    return;
  }
  host.fail(`unknown directive ${op}`);
}

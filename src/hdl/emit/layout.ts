/**
 * Lines of at most 100 columns: a statement too long for one line is broken between tokens, at the
 * operators of its outermost level first (`:` of a ?: chain, then `|`, `^`, `&`, comparisons, `+`, `,`),
 * one term per line, and a bracketed group that is still too long is opened with its contents indented.
 * A trailing comment that does not fit goes on its own line above the statement. Only a single token
 * longer than the line (a very long identifier or literal) can exceed the limit.
 */
export const MAX_COLUMNS = 100;

const STEP = '  ';

type Item = { tok: string } | { open: string; close: string; items: Item[] };

/** Operator classes from the loosest binding; a sequence breaks at the loosest class it contains. */
const CLASSES: string[][] = [
  [','],
  [':'],
  ['?'],
  ['||'],
  ['&&'],
  ['|'],
  ['^'],
  ['&'],
  ['==', '!=', '===', '!=='],
  ['<', '<=', '>', '>='],
  ['<<', '>>', '>>>', '<<<'],
  ['+', '-'],
  ['*', '/', '%'],
];
const BINARY = new Set(CLASSES.flat());
const OPS = ['>>>', '<<<', '===', '!==', '==', '!=', '<=', '>=', '&&', '||', '<<', '>>', '+', '-', '*', '/', '%', '&', '|', '^', '~', '!', '?', ':', '<', '>', '=', ';', ','];
const PAIRS: Record<string, string> = { '(': ')', '{': '}', '[': ']' };

/** The lines of `line` (one line of SV, any indentation) laid out within MAX_COLUMNS. */
export function fitLine(line: string): string[] {
  if (line.length <= MAX_COLUMNS) return [line];
  const indent = /^ */.exec(line)![0];
  let code = line.slice(indent.length);
  let note = '';
  const c = code.indexOf('  // ');
  if (c >= 0) {
    note = code.slice(c + 2);
    code = code.slice(0, c);
  } else if (code.startsWith('//')) {
    return [line];
  }
  const above = note ? [`${indent}${note}`] : [];
  if (indent.length + code.length <= MAX_COLUMNS) return [...above, indent + code];
  const items = parse(code);
  if (!items) return [line]; // not something the emitter writes: leave it alone
  // the head `assign x =` / `x =` / `label: x =` stays on the first line
  const eq = items.findIndex((it) => 'tok' in it && it.tok === '=');
  const head = eq >= 0 ? items.slice(0, eq + 1) : [];
  const rest = eq >= 0 ? items.slice(eq + 1) : items;
  const lines = layoutSeq(rest, indent + STEP + STEP, head.length ? `${indent}${flat(head)} ` : indent);
  return [...above, ...lines];
}

/**
 * Identifiers (package-qualified), numbers and sized literals / casts (`32'h1f`, `6'(`, `'0`), $signed.
 * Sticky, matched at an index: slicing the line per token made long lines quadratic.
 */
const WORD = /(?:[A-Za-z_$][A-Za-z0-9_$]*(?:::[A-Za-z_][A-Za-z0-9_]*)*|[0-9]*'s?[bdh][0-9a-fA-F_xz]+|[0-9]+'|'[01]|[0-9]+)/y;

/** Parses a line of emitted SV into tokens and bracketed groups; undefined if it does not balance. */
function parse(code: string): Item[] | undefined {
  const stack: Array<{ open: string; items: Item[] }> = [{ open: '', items: [] }];
  const top = () => stack[stack.length - 1]!.items;
  let i = 0;
  while (i < code.length) {
    const ch = code[i]!;
    if (ch === ' ') {
      i++;
      continue;
    }
    if (PAIRS[ch]) {
      stack.push({ open: ch, items: [] });
      i++;
      continue;
    }
    if (ch === ')' || ch === '}' || ch === ']') {
      const g = stack.pop();
      if (!g || PAIRS[g.open] !== ch || stack.length === 0) return undefined;
      top().push({ open: g.open, close: ch, items: g.items });
      i++;
      continue;
    }
    WORD.lastIndex = i;
    const word = WORD.exec(code);
    if (word) {
      top().push({ tok: word[0] });
      i += word[0].length;
      continue;
    }
    const op = OPS.find((o) => code.startsWith(o, i));
    if (!op) return undefined;
    top().push({ tok: op });
    i += op.length;
  }
  return stack.length === 1 ? stack[0]!.items : undefined;
}

/** Flat text of items: binary operators spaced, unary ones and casts attached. */
function flat(items: Item[]): string {
  let s = '';
  items.forEach((it, k) => {
    const t = text(it);
    if (k === 0) s = t;
    else if ('tok' in it && it.tok === ',') s += ',';
    else if ('tok' in it && it.tok === ';') s += ';';
    else if (attached(items, k)) s += t;
    else s += ` ${t}`;
  });
  return s;
}

/** Flat text of a group, computed once: layoutSeq asks again at every level it descends. */
const groupText = new WeakMap<Item, string>();

function text(it: Item): string {
  if ('tok' in it) return it.tok;
  let t = groupText.get(it);
  if (t === undefined) {
    // an index or a part select is written without blanks: [31:28]
    const inner = it.open === '[' ? it.items.map(text).join('') : flat(it.items);
    t = `${it.open}${inner}${it.close}`;
    groupText.set(it, t);
  }
  return t;
}

/** No space before item k: a group after a cast/function name/unary operator, an index, an operand after a unary operator. */
function attached(items: Item[], k: number): boolean {
  const prev = items[k - 1]!;
  const it = items[k]!;
  if (!('tok' in it)) {
    if (it.open === '[') return true;
    if ('tok' in prev) return /'$|^\$|^[~!]$/.test(prev.tok) || (isUnary(items, k - 1) && prev.tok !== '?');
    return false;
  }
  return 'tok' in prev && isUnary(items, k - 1);
}

/** A token is a unary operator when nothing that ends an operand precedes it. */
function isUnary(items: Item[], k: number): boolean {
  const it = items[k]!;
  if (!('tok' in it) || !/^(~|!|-|&|\||\^)$/.test(it.tok)) return false;
  if (it.tok === '~' || it.tok === '!') return true;
  if (k === 0) return true;
  const prev = items[k - 1]!;
  return 'tok' in prev && (BINARY.has(prev.tok) || prev.tok === '=' || /^[~!]$/.test(prev.tok)) ;
}

/** Lays out a sequence; the first line starts with `lead` (text already on it), the rest at `indent`. */
function layoutSeq(items: Item[], indent: string, lead: string): string[] {
  const one = lead + flat(items);
  if (one.length <= MAX_COLUMNS) return [one];
  // split at the loosest binary operator of this level
  for (const cls of CLASSES) {
    const at = items.map((it, k) => ('tok' in it && cls.includes(it.tok) && !isUnary(items, k) ? k : -1)).filter((k) => k > 0 && k < items.length - 1);
    if (at.length === 0) continue;
    const segs: Item[][] = [];
    let from = 0;
    for (const k of at) {
      segs.push(items.slice(from, cls[0] === ',' ? k + 1 : k));
      from = cls[0] === ',' ? k + 1 : k;
    }
    segs.push(items.slice(from));
    const lines: string[] = [];
    segs.forEach((seg, n) => {
      if (seg.length === 0) return;
      if (n === 0 || cls[0] === ',') lines.push(...layoutSeq(seg, indent + STEP, n === 0 ? lead : indent));
      else lines.push(...layoutSeq(seg.slice(1), indent + STEP, `${indent}${text(seg[0]!)} `));
    });
    return lines;
  }
  // no operator: open the longest group, its contents one level deeper
  let g = -1;
  let longest = -1;
  items.forEach((it, k) => {
    if ('tok' in it) return;
    const len = text(it).length;
    if (len > longest) [g, longest] = [k, len];
  });
  const grp = items[g];
  if (!grp || 'tok' in grp || grp.items.length === 0) return [one];
  const before = g === 0 ? grp.open : `${flat(items.slice(0, g))}${attached(items, g) ? '' : ' '}${grp.open}`;
  const after = flat([{ tok: grp.close }, ...items.slice(g + 1)]).replace(/^([)}\]]) ([;,])/, '$1$2');
  const inner = layoutSeq(grp.items, indent + STEP, indent + STEP);
  return [lead + before, ...inner, indent + after];
}

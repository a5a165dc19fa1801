/** Source text to statements: comments removed, `;`-separated statements split, labels taken off. */

export interface Statement {
  line: number;
  labels: string[];
  /** Mnemonic or directive (lower case), or '' for a label-only line. */
  op: string;
  /** Operand text, trimmed. */
  args: string;
  /** `name = expr` assignment. */
  assign?: { name: string; expr: string };
}

/** Removes `#` and `/* *\/` comments outside string and character literals; keeps line structure. */
function stripComments(text: string): string {
  let out = '';
  let inString = false;
  let inBlock = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inBlock) {
      if (c === '*' && text[i + 1] === '/') {
        inBlock = false;
        i++;
      } else if (c === '\n') out += c;
      continue;
    }
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === "'" && text[i + 2] === "'") {
      out += text.slice(i, i + 3);
      i += 2;
      continue;
    } else if (c === "'" && text[i + 1] === '\\' && text[i + 3] === "'") {
      out += text.slice(i, i + 4);
      i += 3;
      continue;
    } else if (c === '/' && text[i + 1] === '*') {
      inBlock = true;
      i++;
      continue;
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
      continue;
    }
    out += c;
  }
  return out;
}

/** Splits at `;` outside strings. */
function splitStatements(line: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (inString) {
      cur += c;
      if (c === '\\') cur += line[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      cur += c;
    } else if (c === ';') {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  return parts;
}

const LABEL = /^\s*([A-Za-z_.$][\w.$]*|\d+)\s*:(?!=)/;
const ASSIGN = /^\s*([A-Za-z_.$][\w.$]*)\s*=(?!=)\s*(.*)$/;

export function parseSource(text: string): Statement[] {
  const out: Statement[] = [];
  stripComments(text.replace(/\r\n?/g, '\n'))
    .split('\n')
    .forEach((raw, idx) => {
      for (let s of splitStatements(raw)) {
        const labels: string[] = [];
        let m: RegExpMatchArray | null;
        while ((m = s.match(LABEL))) {
          labels.push(m[1]);
          s = s.slice(m[0].length);
        }
        s = s.trim();
        const a = s.match(ASSIGN);
        if (a) {
          out.push({ line: idx + 1, labels, op: '', args: '', assign: { name: a[1], expr: a[2] } });
          continue;
        }
        if (!s && !labels.length) continue;
        const sp = s.search(/\s/);
        const op = (sp < 0 ? s : s.slice(0, sp)).toLowerCase();
        const args = sp < 0 ? '' : s.slice(sp).trim();
        out.push({ line: idx + 1, labels, op, args });
      }
    });
  return out;
}

/** Splits operands at top-level commas (not inside parentheses or strings). */
export function splitOperands(args: string): string[] {
  if (!args.trim()) return [];
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  let inString = false;
  for (let i = 0; i < args.length; i++) {
    const c = args[i];
    if (inString) {
      cur += c;
      if (c === '\\') cur += args[++i] ?? '';
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    if (c === "'" && args[i + 2] === "'") {
      cur += args.slice(i, i + 3);
      i += 2;
      continue;
    }
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) {
      parts.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  parts.push(cur.trim());
  return parts;
}

/**
 * Expands `.rept N` ... `.endr` blocks (nested allowed). `count` evaluates N (a constant expression,
 * possibly naming `.equ` symbols defined above); it throws for anything else.
 */
export function expandRepeats(stmts: Statement[], count: (text: string, upTo: number) => number, fail: (msg: string, line: number) => never): Statement[] {
  const out: Statement[] = [];
  for (let i = 0; i < stmts.length; i++) {
    const s = stmts[i];
    if (s.op === '.endr') fail('.endr without .rept', s.line);
    if (s.op !== '.rept') {
      out.push(s);
      continue;
    }
    let depth = 1;
    let j = i + 1;
    for (; j < stmts.length; j++) {
      if (stmts[j].op === '.rept') depth++;
      if (stmts[j].op === '.endr' && --depth === 0) break;
    }
    if (j >= stmts.length) fail('.rept without .endr', s.line);
    const n = count(s.args, i);
    if (s.labels.length) out.push({ ...s, op: '', args: '' });
    const body = expandRepeats(stmts.slice(i + 1, j), count, fail);
    for (let k = 0; k < n; k++) out.push(...body.map((b) => ({ ...b, labels: [...b.labels] })));
    i = j;
  }
  return out;
}

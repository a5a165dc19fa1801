/**
 * Assembler expressions: numbers, symbols, C operators, and the RISC-V relocation functions
 * %hi, %lo, %pcrel_hi, %pcrel_lo. Parsed once per statement, evaluated after layout.
 */

export type Expr =
  | { k: 'num'; v: number }
  | { k: 'sym'; name: string }
  | { k: 'un'; op: '-' | '~' | '+' | '!'; a: Expr }
  | { k: 'bin'; op: string; a: Expr; b: Expr }
  | { k: 'fn'; fn: 'hi' | 'lo' | 'pcrel_hi' | 'pcrel_lo'; a: Expr };

export class ExprError extends Error {}

const BINARY_PRECEDENCE: Record<string, number> = {
  '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6, '<': 7, '>': 7, '<=': 7, '>=': 7,
  '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10,
};

type Tok = { t: 'num'; v: number } | { t: 'id'; v: string } | { t: 'op'; v: string } | { t: 'fn'; v: string };

/** Symbol names: letters, digits, `_ . $`, and numeric local label references `1b` / `1f`. */
const ID = /^[A-Za-z_.$][\w.$]*/;

function tokenize(text: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    let m: RegExpMatchArray | null;
    if ((m = rest.match(/^%(hi|lo|pcrel_hi|pcrel_lo)\b/))) {
      out.push({ t: 'fn', v: m[1] });
      i += m[0].length;
    } else if ((m = rest.match(/^\d+[bf](?![\w.$])/))) {
      out.push({ t: 'id', v: m[0] });
      i += m[0].length;
    } else if ((m = rest.match(/^0[xX][0-9a-fA-F]+|^0[bB][01]+|^\d+/))) {
      const s = m[0];
      const v = /^0[bB]/.test(s) ? parseInt(s.slice(2), 2) : /^0\d/.test(s) ? parseInt(s, 8) : Number(s);
      out.push({ t: 'num', v });
      i += s.length;
    } else if ((m = rest.match(/^'(\\.|[^\\'])'?/))) {
      const body = m[1];
      const escapes: Record<string, number> = { n: 10, t: 9, r: 13, '0': 0, '\\': 92, "'": 39, '"': 34 };
      out.push({ t: 'num', v: body.length === 2 ? (escapes[body[1]] ?? body.charCodeAt(1)) : body.charCodeAt(0) });
      i += m[0].length;
    } else if ((m = rest.match(ID))) {
      out.push({ t: 'id', v: m[0] });
      i += m[0].length;
    } else if ((m = rest.match(/^(<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%&|^~!()<>])/))) {
      out.push({ t: 'op', v: m[0] });
      i += m[0].length;
    } else {
      throw new ExprError(`unexpected character '${c}' in expression '${text}'`);
    }
  }
  return out;
}

export function parseExpr(text: string): Expr {
  const toks = tokenize(text);
  if (!toks.length) throw new ExprError('missing expression');
  let pos = 0;
  const peek = () => toks[pos];
  const expectOp = (v: string) => {
    const t = toks[pos];
    if (!t || t.t !== 'op' || t.v !== v) throw new ExprError(`expected '${v}' in expression '${text}'`);
    pos++;
  };
  const primary = (): Expr => {
    const t = toks[pos++];
    if (!t) throw new ExprError(`incomplete expression '${text}'`);
    if (t.t === 'num') return { k: 'num', v: t.v };
    if (t.t === 'id') return { k: 'sym', name: t.v };
    if (t.t === 'fn') {
      expectOp('(');
      const a = binary(0);
      expectOp(')');
      return { k: 'fn', fn: t.v as 'hi', a };
    }
    if (t.v === '(') {
      const e = binary(0);
      expectOp(')');
      return e;
    }
    if (t.v === '-' || t.v === '~' || t.v === '+' || t.v === '!') return { k: 'un', op: t.v, a: primary() };
    throw new ExprError(`unexpected '${t.v}' in expression '${text}'`);
  };
  const binary = (minPrec: number): Expr => {
    let left = primary();
    for (;;) {
      const t = peek();
      if (!t || t.t !== 'op') break;
      const prec = BINARY_PRECEDENCE[t.v];
      if (prec === undefined || prec < minPrec) break;
      pos++;
      const right = binary(prec + 1);
      left = { k: 'bin', op: t.v, a: left, b: right };
    }
    return left;
  };
  const e = binary(0);
  if (pos !== toks.length) throw new ExprError(`unexpected '${(toks[pos] as { v: string | number }).v}' in expression '${text}'`);
  return e;
}

/** Symbols an expression refers to. */
export function exprSymbols(e: Expr, out: string[] = []): string[] {
  switch (e.k) {
    case 'sym':
      out.push(e.name);
      break;
    case 'un':
    case 'fn':
      exprSymbols(e.a, out);
      break;
    case 'bin':
      exprSymbols(e.a, out);
      exprSymbols(e.b, out);
      break;
  }
  return out;
}

export interface EvalContext {
  /** Value of a symbol, or undefined if it is not (yet) defined. */
  symbol(name: string): number | undefined;
  /** %pcrel_lo(label): the low part of the %pcrel_hi of the auipc at `label`. */
  pcrelLo?(labelAddress: number): number;
  /** Address of the instruction being assembled (for %pcrel_hi). */
  pc?: number;
}

export const hi20 = (v: number) => (((v + 0x800) >>> 12) & 0xfffff) >>> 0;
export const lo12 = (v: number) => (((v & 0xfff) ^ 0x800) - 0x800);

/** The value of `e`; throws ExprError naming an undefined symbol. */
export function evalExpr(e: Expr, ctx: EvalContext): number {
  switch (e.k) {
    case 'num':
      return e.v;
    case 'sym': {
      const v = ctx.symbol(e.name);
      if (v === undefined) throw new ExprError(`undefined symbol '${e.name}'`);
      return v;
    }
    case 'un': {
      const a = evalExpr(e.a, ctx);
      return e.op === '-' ? -a : e.op === '~' ? ~a : e.op === '!' ? Number(!a) : a;
    }
    case 'fn': {
      const a = evalExpr(e.a, ctx);
      if (e.fn === 'hi') return hi20(a);
      if (e.fn === 'lo') return lo12(a);
      if (e.fn === 'pcrel_hi') {
        if (ctx.pc === undefined) throw new ExprError('%pcrel_hi outside an instruction');
        return hi20(a - ctx.pc);
      }
      if (!ctx.pcrelLo) throw new ExprError('%pcrel_lo outside an instruction');
      return ctx.pcrelLo(a);
    }
    case 'bin': {
      const a = evalExpr(e.a, ctx);
      const b = evalExpr(e.b, ctx);
      switch (e.op) {
        case '+': return a + b;
        case '-': return a - b;
        case '*': return Math.imul(a, b);
        case '/': if (b === 0) throw new ExprError('division by zero'); return Math.trunc(a / b);
        case '%': if (b === 0) throw new ExprError('division by zero'); return a % b;
        case '<<': return a << b;
        case '>>': return a >> b;
        case '&': return a & b;
        case '|': return a | b;
        case '^': return a ^ b;
        case '&&': return Number(!!a && !!b);
        case '||': return Number(!!a || !!b);
        case '==': return Number(a === b);
        case '!=': return Number(a !== b);
        case '<': return Number(a < b);
        case '>': return Number(a > b);
        case '<=': return Number(a <= b);
        case '>=': return Number(a >= b);
      }
      throw new ExprError(`unknown operator ${e.op}`);
    }
  }
}

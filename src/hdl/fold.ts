// Constant folding and algebraic identities, applied as values are built (see `make` in expr.ts).
import { constant, type Expr, type Op } from './expr.ts';

export function mask(width: number): bigint {
  return (1n << BigInt(width)) - 1n;
}

export function toSigned(v: bigint, width: number): bigint {
  return v >> BigInt(width - 1) ? v - (1n << BigInt(width)) : v;
}

export function evalOp(op: Op, width: number, args: readonly Expr[], aux: bigint): bigint {
  const m = mask(width);
  const v = (i: number) => args[i]!.value;
  const s = (i: number) => (args[i]!.signed ? toSigned(args[i]!.value, args[i]!.width) : args[i]!.value);
  switch (op) {
    case 'add': return (v(0) + v(1)) & m;
    case 'sub': return (v(0) - v(1)) & m;
    case 'mul': return (v(0) * v(1)) & m;
    case 'and': return v(0) & v(1);
    case 'or': return v(0) | v(1);
    case 'xor': return v(0) ^ v(1);
    case 'not': return ~v(0) & m;
    case 'neg': return -v(0) & m;
    case 'orR': return v(0) !== 0n ? 1n : 0n;
    case 'andR': return v(0) === mask(args[0]!.width) ? 1n : 0n;
    case 'xorR': {
      let x = v(0), p = 0n;
      while (x) { p ^= x & 1n; x >>= 1n; }
      return p;
    }
    case 'shl': return (v(0) << aux) & m;
    case 'shr': return (s(0) >> aux) & m;
    case 'dshl': return v(1) >= BigInt(width) ? 0n : (v(0) << v(1)) & m;
    case 'dshr': return (s(0) >> (v(1) > BigInt(width) ? BigInt(width) : v(1))) & m;
    case 'eq': return v(0) === v(1) ? 1n : 0n;
    case 'ne': return v(0) !== v(1) ? 1n : 0n;
    case 'lt': return s(0) < s(1) ? 1n : 0n;
    case 'le': return s(0) <= s(1) ? 1n : 0n;
    case 'gt': return s(0) > s(1) ? 1n : 0n;
    case 'ge': return s(0) >= s(1) ? 1n : 0n;
    case 'mux': return v(0) ? v(1) : v(2);
    case 'cat': {
      let r = 0n;
      for (const a of args) r = (r << BigInt(a.width)) | a.value;
      return r;
    }
    case 'slice': return (v(0) >> aux) & m;
    case 'resize': return s(0) & m;
    case 'reinterpret': return v(0);
    case 'repeat': {
      let r = 0n;
      for (let i = 0n; i < aux; i++) r = (r << BigInt(args[0]!.width)) | v(0);
      return r;
    }
    default: throw new Error(`cannot fold ${op}`);
  }
}

/**
 * Identities with one constant operand. Besides smaller SV, this removes comparisons that are constant by
 * range (`x >= 0` on a UInt), which Verilator -Wall flags (UNSIGNED, CMPCONST).
 */
export function simplify(op: Op, width: number, signed: boolean, args: readonly Expr[], aux: bigint): Expr | undefined {
  const a = args[0];
  const b = args[1];
  const ka = a !== undefined && a.op === 'const' ? a.value : undefined;
  const kb = b !== undefined && b.op === 'const' ? b.value : undefined;
  const ones = mask(width);
  switch (op) {
    case 'mux':
      if (ka !== undefined) return ka ? args[1] : args[2];
      if (args[1] === args[2]) return args[1];
      return undefined;
    case 'and':
      if (kb === 0n || ka === 0n) return constant(0n, width, signed);
      if (kb === ones) return a;
      if (ka === ones) return b;
      return undefined;
    case 'or':
      if (kb === ones || ka === ones) return constant(ones, width, signed);
      if (kb === 0n) return a;
      if (ka === 0n) return b;
      return undefined;
    case 'xor':
    case 'add':
      if (kb === 0n) return a;
      if (ka === 0n) return b;
      return undefined;
    case 'sub':
      return kb === 0n ? a : undefined;
    case 'shl':
    case 'shr':
      if (aux === 0n) return a;
      if (aux >= BigInt(width) && (op === 'shl' || !signed)) return constant(0n, width, signed);
      return undefined;
    case 'lt': case 'le': case 'gt': case 'ge': {
      if (kb === undefined && ka === undefined) return undefined;
      const w = a!.width;
      const min = a!.signed ? -(1n << BigInt(w - 1)) : 0n;
      const max = a!.signed ? (1n << BigInt(w - 1)) - 1n : mask(w);
      const t = constant(1n, 1, false), f = constant(0n, 1, false);
      if (kb !== undefined) {
        const c = a!.signed ? toSigned(kb, w) : kb;
        if (op === 'lt' && c === min) return f;
        if (op === 'ge' && c === min) return t;
        if (op === 'le' && c === max) return t;
        if (op === 'gt' && c === max) return f;
      } else {
        const c = a!.signed ? toSigned(ka!, w) : ka!;
        if (op === 'gt' && c === min) return f;
        if (op === 'le' && c === min) return t;
        if (op === 'ge' && c === max) return t;
        if (op === 'lt' && c === max) return f;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}


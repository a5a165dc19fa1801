/**
 * Reference semantics of the register-to-register Xpulp / XpulpNN instructions, written apart from the
 * golden model (no shared helpers): every value is a BigInt, lanes are taken out with plain division and
 * put back with multiplication, results are reduced modulo 2^32 at the end. Slow and obvious on purpose.
 * Sources: CV32E40P user manual (instruction_set_extensions.rst) and GVSoC pulp_v2 / pulp_nn.
 */

export interface RefOperands {
  rd: number;
  rs1: number;
  rs2: number;
  imm?: number;
  uimm?: number;
  uimm2?: number;
}

const M32 = 1n << 32n;
const u32 = (v: bigint): bigint => ((v % M32) + M32) % M32;
const big = (v: number): bigint => u32(BigInt(v));
const signed = (v: bigint, bits: number): bigint => {
  const m = 1n << BigInt(bits);
  const x = ((v % m) + m) % m;
  return x >= m / 2n ? x - m : x;
};
const unsigned = (v: bigint, bits: number): bigint => {
  const m = 1n << BigInt(bits);
  return ((v % m) + m) % m;
};
/** Lanes of a 32-bit value, lane 0 first. */
function lanes(v: number, w: number, isSigned: boolean): bigint[] {
  const out: bigint[] = [];
  const x = big(v);
  for (let i = 0; i < 32 / w; i++) {
    const raw = (x / (1n << BigInt(i * w))) % (1n << BigInt(w));
    out.push(isSigned ? signed(raw, w) : raw);
  }
  return out;
}
function pack(ls: bigint[], w: number): bigint {
  let v = 0n;
  ls.forEach((l, i) => (v += unsigned(l, w) * (1n << BigInt(i * w))));
  return v;
}
const WIDTHS: Record<string, number> = { h: 16, b: 8, n: 4, c: 2 };
const replicate = (x: number, w: number): number => {
  const l = unsigned(BigInt(x), w);
  let v = 0n;
  for (let i = 0; i < 32 / w; i++) v += l * (1n << BigInt(i * w));
  return Number(v);
};

function vectorOp(op: string, a: number, b: number, w: number): bigint {
  const sa = lanes(a, w, true), sb = lanes(b, w, true), ua = lanes(a, w, false), ub = lanes(b, w, false);
  const mask = (1n << BigInt(w)) - 1n;
  const per = (i: number): bigint => {
    const shamt = ub[i] % BigInt(w);
    switch (op) {
      case 'add': return sa[i] + sb[i];
      case 'sub': return sa[i] - sb[i];
      case 'avg': { const s = signed(sa[i] + sb[i], w); return s >= 0n ? s / 2n : -((-s + 1n) / 2n); }
      case 'avgu': return unsigned(ua[i] + ub[i], w) / 2n;
      case 'min': return sa[i] < sb[i] ? sa[i] : sb[i];
      case 'minu': return ua[i] < ub[i] ? ua[i] : ub[i];
      case 'max': return sa[i] > sb[i] ? sa[i] : sb[i];
      case 'maxu': return ua[i] > ub[i] ? ua[i] : ub[i];
      case 'srl': return ua[i] / (1n << shamt);
      case 'sra': { const d = 1n << shamt; return sa[i] >= 0n ? sa[i] / d : -((-sa[i] + d - 1n) / d); }
      case 'sll': return ua[i] * (1n << shamt);
      case 'or': return ua[i] | ub[i];
      case 'xor': return ua[i] ^ ub[i];
      case 'and': return ua[i] & ub[i];
      case 'cmpeq': return ua[i] === ub[i] ? mask : 0n;
      case 'cmpne': return ua[i] !== ub[i] ? mask : 0n;
      case 'cmpgt': return sa[i] > sb[i] ? mask : 0n;
      case 'cmpge': return sa[i] >= sb[i] ? mask : 0n;
      case 'cmplt': return sa[i] < sb[i] ? mask : 0n;
      case 'cmple': return sa[i] <= sb[i] ? mask : 0n;
      case 'cmpgtu': return ua[i] > ub[i] ? mask : 0n;
      case 'cmpgeu': return ua[i] >= ub[i] ? mask : 0n;
      case 'cmpltu': return ua[i] < ub[i] ? mask : 0n;
      case 'cmpleu': return ua[i] <= ub[i] ? mask : 0n;
    }
    throw new Error(`ref: no vector op ${op}`);
  };
  return pack(sa.map((_, i) => per(i)), w);
}

function dotProduct(acc: bigint, a: number, b: number, w: number, sa: boolean, sb: boolean): bigint {
  const la = lanes(a, w, sa), lb = lanes(b, w, sb);
  return la.reduce((s, x, i) => s + x * lb[i], acc);
}

const SIGNS: Record<string, [boolean, boolean]> = { up: [false, false], usp: [false, true], sp: [true, true] };

/** Bits [min(pos+len-1, 31):pos] of v. */
function bitField(v: number, len: number, pos: number): { value: bigint; width: number } {
  const width = Math.min(len, 32 - pos);
  return { value: (big(v) / (1n << BigInt(pos))) % (1n << BigInt(width)), width };
}
const fieldMask = (len: number, pos: number): bigint => {
  let m = 0n;
  for (let i = pos; i < Math.min(pos + len, 32); i++) m += 1n << BigInt(i);
  return m;
};

/** The 32-bit result (unsigned) the instruction writes to rd, or undefined when this file has no reference. */
export function reference(id: string, o: RefOperands): number | undefined {
  const r = refBig(id, o);
  return r === undefined ? undefined : Number(u32(r));
}

function refBig(id: string, o: RefOperands): bigint | undefined {
  const s1 = signed(big(o.rs1), 32), s2 = signed(big(o.rs2), 32), u1 = big(o.rs1), u2 = big(o.rs2), d = signed(big(o.rd), 32);
  let m = /^pv\.([a-z]+)(?:\.(sc|sci))?\.([hbnc])$/.exec(id);
  const VECTOR_OPS = ['add', 'sub', 'avg', 'avgu', 'min', 'minu', 'max', 'maxu', 'srl', 'sra', 'sll', 'or', 'xor', 'and'];
  if (m && (VECTOR_OPS.includes(m[1]) || m[1].startsWith('cmp'))) {
    const w = WIDTHS[m[3]];
    const b = m[2] === 'sc' ? replicate(o.rs2, w) : m[2] === 'sci' ? replicate(o.imm ?? o.uimm!, w) : o.rs2;
    return vectorOp(m[1], o.rs1, b, w);
  }
  m = /^pv\.(s?)dot(up|usp|sp)\.([hbnc])(?:\.(sc|sci))?$/.exec(id);
  if (m) {
    const w = WIDTHS[m[3]];
    const b = m[4] === 'sc' ? replicate(o.rs2, w) : m[4] === 'sci' ? replicate(o.imm ?? o.uimm!, w) : o.rs2;
    return dotProduct(m[1] ? d : 0n, o.rs1, b, w, ...SIGNS[m[2]]);
  }
  m = /^pv\.abs\.([hbnc])$/.exec(id);
  if (m) {
    const w = WIDTHS[m[1]];
    return pack(lanes(o.rs1, w, true).map((x) => (x < 0n ? -x : x)), w);
  }
  m = /^pv\.extract(u?)\.([hb])$/.exec(id);
  if (m) {
    const w = WIDTHS[m[2]];
    return lanes(o.rs1, w, m[1] === '')[o.uimm! % (32 / w)];
  }
  m = /^pv\.insert\.([hb])$/.exec(id);
  if (m) {
    const w = WIDTHS[m[1]];
    const ls = lanes(o.rd, w, false);
    ls[o.uimm! % (32 / w)] = lanes(o.rs1, w, false)[0];
    return pack(ls, w);
  }
  m = /^pv\.shuffle\.([hb])$/.exec(id);
  if (m) {
    const w = WIDTHS[m[1]], n = 32 / w;
    const a = lanes(o.rs1, w, false), sel = lanes(o.rs2, w, false);
    return pack(sel.map((s) => a[Number(s % BigInt(n))]), w);
  }
  m = /^pv\.shuffle2\.([hb])$/.exec(id);
  if (m) {
    const w = WIDTHS[m[1]], n = 32 / w;
    const a = lanes(o.rs1, w, false), old = lanes(o.rd, w, false), sel = lanes(o.rs2, w, false);
    return pack(sel.map((s) => ((Number(s) & n) !== 0 ? a : old)[Number(s % BigInt(n))]), w);
  }
  if (id === 'pv.shuffle.h.sci') {
    const a = lanes(o.rs1, 16, false);
    return pack([a[o.uimm! & 1], a[(o.uimm! >> 1) & 1]], 16);
  }
  m = /^pv\.shufflei([0-3])\.b\.sci$/.exec(id);
  if (m) {
    const a = lanes(o.rs1, 8, false);
    return pack([a[o.uimm! & 3], a[(o.uimm! >> 2) & 3], a[(o.uimm! >> 4) & 3], a[Number(m[1])]], 8);
  }
  if (id === 'pv.pack.h') return pack([lanes(o.rs2, 16, false)[0], lanes(o.rs1, 16, false)[0]], 16);
  if (id === 'pv.packhi.b') {
    const ls = lanes(o.rd, 8, false);
    ls[3] = lanes(o.rs1, 8, false)[0];
    ls[2] = lanes(o.rs2, 8, false)[0];
    return pack(ls, 8);
  }
  if (id === 'pv.packlo.b') {
    const ls = lanes(o.rd, 8, false);
    ls[1] = lanes(o.rs1, 8, false)[0];
    ls[0] = lanes(o.rs2, 8, false)[0];
    return pack(ls, 8);
  }
  // Scalar XpulpV2.
  const sl1 = signed(u1, 16), sh1 = signed(u1 / 65536n, 16), zl1 = u1 % 65536n, zh1 = u1 / 65536n;
  const sl2 = signed(u2, 16), sh2 = signed(u2 / 65536n, 16), zl2 = u2 % 65536n, zh2 = u2 / 65536n;
  const shiftRight = (v: bigint, n: number, isSigned: boolean) => {
    const x = isSigned ? signed(v, 32) : u32(v);
    const dv = 1n << BigInt(n);
    return x >= 0n ? x / dv : -((-x + dv - 1n) / dv);
  };
  const round = (n: number) => (n > 0 ? 1n << BigInt(n - 1) : 0n);
  m = /^p\.(mul|mac)(s|hhs|u|hhu)(N?)(R?)$/.exec(id);
  if (m) {
    const isSigned = m[2].endsWith('s');
    const prod = m[2] === 's' ? sl1 * sl2 : m[2] === 'hhs' ? sh1 * sh2 : m[2] === 'u' ? zl1 * zl2 : zh1 * zh2;
    const n = m[3] ? o.uimm! : 0;
    const sum = u32((m[1] === 'mac' ? d : 0n) + prod + (m[4] ? round(n) : 0n));
    return shiftRight(sum, n, isSigned);
  }
  m = /^p\.(add|sub)(u?)(R?)N(i?)$/.exec(id);
  if (m) {
    const a = m[4] ? s1 : d, b = m[4] ? s2 : s1;
    const n = m[4] ? o.uimm! & 31 : Number(u2 % 32n);
    const sum = u32((m[1] === 'add' ? a + b : a - b) + (m[3] ? round(n) : 0n));
    return shiftRight(sum, n, m[2] === '');
  }
  switch (id) {
    case 'p.mac': return d + s1 * s2;
    case 'p.msu': return d - s1 * s2;
    case 'p.avgu': return u32(u1 + u2) / 2n;
    case 'p.slet': return s1 <= s2 ? 1n : 0n;
    case 'p.sletu': return u1 <= u2 ? 1n : 0n;
    case 'p.min': return s1 < s2 ? s1 : s2;
    case 'p.minu': return u1 < u2 ? u1 : u2;
    case 'p.max': return s1 > s2 ? s1 : s2;
    case 'p.maxu': return u1 > u2 ? u1 : u2;
    case 'p.ror': { const n = u2 % 32n; return (u1 / (1n << n)) + (u1 % (1n << n)) * (1n << (32n - n)); }
    case 'p.ff1': { for (let i = 0; i < 32; i++) if ((u1 >> BigInt(i)) & 1n) return BigInt(i); return 32n; }
    case 'p.fl1': { for (let i = 31; i >= 0; i--) if ((u1 >> BigInt(i)) & 1n) return BigInt(i); return 32n; }
    case 'p.clb': {
      if (u1 === 0n) return 0n;
      const top = (u1 >> 31n) & 1n;
      let n = 0n;
      for (let i = 30; i >= 0 && ((u1 >> BigInt(i)) & 1n) === top; i--) n++;
      return n;
    }
    case 'p.cnt': { let n = 0n; for (let i = 0; i < 32; i++) n += (u1 >> BigInt(i)) & 1n; return n; }
    case 'p.exths': return sl1;
    case 'p.exthz': return zl1;
    case 'p.extbs': return signed(u1, 8);
    case 'p.extbz': return u1 % 256n;
    case 'p.abs': return s1 < 0n ? -s1 : s1;
    case 'p.clipi': case 'p.clipui': case 'p.clip': case 'p.clipu': {
      let lo: bigint, hi: bigint;
      if (id.endsWith('i')) {
        const k = 1n << BigInt(Math.max(o.uimm! - 1, 0));
        hi = k - 1n;
        lo = id === 'p.clipi' ? -k : 0n;
      } else {
        hi = s2;
        lo = id === 'p.clip' ? -s2 - 1n : 0n;
      }
      return s1 > hi ? hi : s1 < lo ? lo : s1;
    }
  }
  m = /^p\.(extract|extractu|insert|bset|bclr)(i?)$/.exec(id);
  if (m) {
    const len = m[2] ? o.uimm! + 1 : Number((u2 >> 5n) % 32n) + 1;
    const pos = m[2] ? o.uimm2! : Number(u2 % 32n);
    const mask = fieldMask(len, pos);
    if (m[1] === 'extract' || m[1] === 'extractu') {
      const f = bitField(o.rs1, len, pos);
      return m[1] === 'extract' ? signed(f.value, f.width) : f.value;
    }
    if (m[1] === 'insert') return (big(o.rd) & (M32 - 1n - mask)) | ((u1 << BigInt(pos)) & mask);
    return m[1] === 'bset' ? u1 | mask : u1 & (M32 - 1n - mask);
  }
  return undefined;
}

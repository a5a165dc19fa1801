import type { Emitted, EmitCtx, Semantic } from '../emit.ts';

/**
 * XpulpV2 scalar instructions: post-increment and register-offset memory access, hardware loops,
 * immediate branches, bit manipulation, ALU extras, multiply-accumulate and fixed-point arithmetic.
 * Semantics after GVSoC's pulp_v2 model (spec §3); edge cases are listed in docs/iss.md.
 */

const code = (s: string): Emitted => ({ code: s });
type Size = 1 | 2 | 4;
const SIZES: Record<string, [Size, boolean]> = {
  lb: [1, true], lh: [2, true], lw: [4, true], lbu: [1, false], lhu: [2, false], sb: [1, false], sh: [2, false], sw: [4, false],
};

/** p.lX rd, imm(rs1!) / rd, rs2(rs1!) / rd, rs2(rs1): the loaded value wins when rd = rs1. */
function load(size: Size, signed: boolean, mode: 'postinc' | 'rr' | 'rr.postinc'): Semantic {
  return (c) => {
    const rs1 = c.op('rs1'), rd = c.op('rd');
    const base = c.tmp(), v = c.tmp();
    const inc = mode === 'postinc' ? String(c.op('imm')) : c.x(c.op('rs2'));
    let s = `${base} = ${c.x(rs1)};\n`;
    if (mode === 'rr') return code(s + c.load(v, size, signed, `${base} + ${inc}`) + c.setX(rd, v));
    const inc0 = c.tmp();
    s += `${inc0} = ${inc};\n`;
    s += c.load(v, size, signed, base);
    s += c.setBase(rs1, `(${base} + ${inc0}) | 0`);
    return code(s + c.setX(rd, v));
  };
}

/** p.sX rs2, imm(rs1!) / rs2, rs3(rs1!) / rs2, rs3(rs1). */
function store(size: Size, mode: 'postinc' | 'rr' | 'rr.postinc'): Semantic {
  return (c) => {
    const rs1 = c.op('rs1');
    const base = c.tmp(), val = c.tmp(), inc = c.tmp();
    let s = `${base} = ${c.x(rs1)}; ${val} = ${c.x(c.op('rs2'))}; ${inc} = ${mode === 'postinc' ? c.op('imm') : c.x(c.op('rs3'))};\n`;
    if (mode === 'rr') return code(s + c.store(size, `${base} + ${inc}`, val));
    // The base register is written before a watched store can leave the block.
    s += c.setBase(rs1, `(${base} + ${inc}) | 0`);
    return code(s + c.store(size, base, val));
  };
}

function rr(f: (a: string, b: string, c: EmitCtx) => string): Semantic {
  return (c) => code(c.setX(c.op('rd'), f(c.x(c.op('rs1')), c.x(c.op('rs2')), c)));
}
function r1(f: (a: string) => string): Semantic {
  return (c) => code(c.setX(c.op('rd'), f(c.x(c.op('rs1')))));
}

/** Halves of a register for the 16x16 multiplies: signed/unsigned, low/high. */
const half = (v: string, hi: boolean, signed: boolean) =>
  signed ? (hi ? `(${v} >> 16)` : `((${v} << 16) >> 16)`) : hi ? `(${v} >>> 16)` : `(${v} & 0xffff)`;

/**
 * p.mul{s,hhs,u,hhu}[N][R] and p.mac{...}: (acc + a*b [+ round]) >> N, 32-bit wrap-around, arithmetic
 * shift for signed forms, logical for unsigned. `acc` is rd for the mac forms.
 */
function mulN(hi: boolean, signed: boolean, accumulate: boolean, shift: boolean, round: boolean): Semantic {
  return (c) => {
    const a = half(c.x(c.op('rs1')), hi, signed), b = half(c.x(c.op('rs2')), hi, signed);
    const n = shift ? c.op('uimm') : 0;
    let e = `Math.imul(${a}, ${b})`;
    if (accumulate) e = `(${c.x(c.op('rd'))} + ${e})`;
    if (round && n > 0) e = `(${e} + ${1 << (n - 1)})`;
    e = signed ? `(${e} | 0) >> ${n}` : `((${e} >>> ${n}) | 0)`;
    return code(c.setX(c.op('rd'), e));
  };
}

/** p.{add,sub}[u][R]N[i]: (a ± b [+ round]) >> n. Register forms take rd as a and rs1 as b, rs2 as n. */
function addN(sub: boolean, unsigned: boolean, round: boolean, imm: boolean): Semantic {
  return (c) => {
    const t = c.tmp(), n = c.tmp();
    const a = imm ? c.x(c.op('rs1')) : c.x(c.op('rd'));
    const b = imm ? c.x(c.op('rs2')) : c.x(c.op('rs1'));
    let s = `${n} = ${imm ? c.op('uimm') & 31 : `${c.x(c.op('rs2'))} & 31`};\n`;
    s += `${t} = (${a} ${sub ? '-' : '+'} ${b}${round ? ` + A.roundBit(${n})` : ''}) | 0;\n`;
    return code(s + c.setX(c.op('rd'), unsigned ? `(${t} >>> ${n}) | 0` : `${t} >> ${n}`));
  };
}

/** Bit-field mask of `width` bits at `shift`, truncated to 32 bits. */
const fieldMask = (width: string, shift: string) => `((${width} >= 32 ? -1 : (1 << ${width}) - 1) << ${shift})`;

/** p.extract[u][i]: bits [min(shift+width-1, 31):shift], sign- or zero-extended. */
function extract(signed: boolean, imm: boolean): Semantic {
  return (c) => {
    const w = c.tmp(), s = c.tmp(), v = c.tmp();
    let src = imm
      ? `${w} = ${c.op('uimm') + 1}; ${s} = ${c.op('uimm2')};\n`
      : `${w} = ((${c.x(c.op('rs2'))} >>> 5) & 31) + 1; ${s} = ${c.x(c.op('rs2'))} & 31;\n`;
    src += `if (${s} + ${w} > 32) ${w} = 32 - ${s};\n`;
    src += signed
      ? `${v} = (${c.x(c.op('rs1'))} << (32 - ${s} - ${w})) >> (32 - ${w});\n`
      : `${v} = ((${c.x(c.op('rs1'))} & ${fieldMask(w, s)}) >>> ${s}) | 0;\n`;
    return code(src + c.setX(c.op('rd'), v));
  };
}

/** p.insert[i], p.bset[i], p.bclr[i]: fields given as (size - 1, position). */
function field(kind: 'insert' | 'bset' | 'bclr', imm: boolean): Semantic {
  return (c) => {
    const w = c.tmp(), s = c.tmp(), m = c.tmp();
    let src = imm
      ? `${w} = ${c.op('uimm') + 1}; ${s} = ${c.op('uimm2')};\n`
      : `${w} = ((${c.x(c.op('rs2'))} >>> 5) & 31) + 1; ${s} = ${c.x(c.op('rs2'))} & 31;\n`;
    src += `${m} = ${fieldMask(w, s)};\n`;
    const rs1 = c.x(c.op('rs1'));
    const e =
      kind === 'insert' ? `(${c.x(c.op('rd'))} & ~${m}) | ((${rs1} << ${s}) & ${m})`
        : kind === 'bset' ? `${rs1} | ${m}` : `${rs1} & ~${m}`;
    return code(src + c.setX(c.op('rd'), e));
  };
}

/** Clip to [low, high] (GVSoC order: the high bound is tested first). */
function clip(unsigned: boolean, imm: boolean): Semantic {
  return (c) => {
    const lo = c.tmp(), hi = c.tmp(), a = c.tmp();
    let s: string;
    if (imm) {
      const k = 1 << Math.max(c.op('uimm') - 1, 0);
      s = `${lo} = ${unsigned ? 0 : -k}; ${hi} = ${k - 1};\n`;
    } else {
      const b = c.x(c.op('rs2'));
      s = `${hi} = ${b}; ${lo} = ${unsigned ? '0' : `(-${b} - 1) | 0`};\n`;
    }
    s += `${a} = ${c.x(c.op('rs1'))};\n`;
    return code(s + c.setX(c.op('rd'), `${a} > ${hi} ? ${hi} : ${a} < ${lo} ? ${lo} : ${a}`));
  };
}

/** Hardware-loop setup: `h.loopSet` writes the loop registers (and re-cuts blocks at a new end). */
function loop(f: (c: EmitCtx) => [string | undefined, string | undefined, string | undefined]): Semantic {
  return (c) => {
    const [start, end, count] = f(c);
    const u = (v: string | undefined) => v ?? 'undefined';
    return { code: `h.loopSet(${c.op('L')}, ${u(start)}, ${u(end)}, ${u(count)});\nnpc = ${c.nextPc};\n`, serial: true };
  };
}
const target = (c: EmitCtx) => String((c.pc + c.op('target')) | 0);

export const XPULP_SEMANTICS: Record<string, Semantic> = {
  'p.elw': (c) => {
    // Event load: on a single hart (no event unit) it is a plain word load (docs/iss.md).
    const v = c.tmp();
    return code(c.load(v, 4, true, `${c.x(c.op('rs1'))} + ${c.op('imm')}`) + c.setX(c.op('rd'), v));
  },
  'p.beqimm': (c) => ({ code: '', branch: { cond: `${c.x(c.op('rs1'))} === ${c.op('imm')}`, target: (c.pc + c.op('target')) | 0 } }),
  'p.bneimm': (c) => ({ code: '', branch: { cond: `${c.x(c.op('rs1'))} !== ${c.op('imm')}`, target: (c.pc + c.op('target')) | 0 } }),
  // 32-bit sum, carry dropped, then a logical shift (GVSoC lib_AVGU).
  'p.avgu': rr((a, b) => `(((${a} + ${b}) | 0) >>> 1) | 0`),
  'p.slet': rr((a, b) => `${a} <= ${b} ? 1 : 0`),
  'p.sletu': rr((a, b) => `(${a} >>> 0) <= (${b} >>> 0) ? 1 : 0`),
  'p.min': rr((a, b) => `${a} < ${b} ? ${a} : ${b}`),
  'p.minu': rr((a, b) => `(${a} >>> 0) < (${b} >>> 0) ? ${a} : ${b}`),
  'p.max': rr((a, b) => `${a} > ${b} ? ${a} : ${b}`),
  'p.maxu': rr((a, b) => `(${a} >>> 0) > (${b} >>> 0) ? ${a} : ${b}`),
  'p.ror': rr((a, b) => `A.ror(${a}, ${b})`),
  'p.ff1': r1((a) => `A.ff1(${a})`),
  'p.fl1': r1((a) => `A.fl1(${a})`),
  'p.clb': r1((a) => `A.clb(${a})`),
  'p.cnt': r1((a) => `A.popcount(${a})`),
  'p.exths': r1((a) => `(${a} << 16) >> 16`),
  'p.exthz': r1((a) => `${a} & 0xffff`),
  'p.extbs': r1((a) => `(${a} << 24) >> 24`),
  'p.extbz': r1((a) => `${a} & 0xff`),
  'p.abs': r1((a) => `${a} < 0 ? (-${a}) | 0 : ${a}`),
  'p.mac': (c) => code(c.setX(c.op('rd'), `(${c.x(c.op('rd'))} + Math.imul(${c.x(c.op('rs1'))}, ${c.x(c.op('rs2'))})) | 0`)),
  'p.msu': (c) => code(c.setX(c.op('rd'), `(${c.x(c.op('rd'))} - Math.imul(${c.x(c.op('rs1'))}, ${c.x(c.op('rs2'))})) | 0`)),
  'p.clipi': clip(false, true),
  'p.clipui': clip(true, true),
  'p.clip': clip(false, false),
  'p.clipu': clip(true, false),
  'p.extracti': extract(true, true),
  'p.extractui': extract(false, true),
  'p.extract': extract(true, false),
  'p.extractu': extract(false, false),
  'p.inserti': field('insert', true),
  'p.insert': field('insert', false),
  'p.bseti': field('bset', true),
  'p.bclri': field('bclr', true),
  'p.bset': field('bset', false),
  'p.bclr': field('bclr', false),
  'lp.starti': loop((c) => [target(c), undefined, undefined]),
  'lp.endi': loop((c) => [undefined, target(c), undefined]),
  'lp.count': loop((c) => [undefined, undefined, c.x(c.op('rs1'))]),
  'lp.counti': loop((c) => [undefined, undefined, String(c.op('uimm'))]),
  'lp.setup': loop((c) => [String(c.nextPc), target(c), c.x(c.op('rs1'))]),
  'lp.setupi': loop((c) => [String(c.nextPc), target(c), String(c.op('uimm'))]),
};

for (const [name, [size, signed]] of Object.entries(SIZES)) {
  if (name.startsWith('l')) {
    XPULP_SEMANTICS[`p.${name}.postinc`] = load(size, signed, 'postinc');
    XPULP_SEMANTICS[`p.${name}.rr`] = load(size, signed, 'rr');
    XPULP_SEMANTICS[`p.${name}.rr.postinc`] = load(size, signed, 'rr.postinc');
  } else {
    XPULP_SEMANTICS[`p.${name}.postinc`] = store(size, 'postinc');
    XPULP_SEMANTICS[`p.${name}.rr`] = store(size, 'rr');
    XPULP_SEMANTICS[`p.${name}.rr.postinc`] = store(size, 'rr.postinc');
  }
}

// p.mul* / p.mac*: s = signed low halves, hhs = signed high halves, u / hhu = unsigned.
for (const [kind, hi, signed] of [['s', false, true], ['hhs', true, true], ['u', false, false], ['hhu', true, false]] as const) {
  XPULP_SEMANTICS[`p.mul${kind}`] = mulN(hi, signed, false, false, false);
  XPULP_SEMANTICS[`p.mul${kind}N`] = mulN(hi, signed, false, true, false);
  XPULP_SEMANTICS[`p.mul${kind}NR`] = mulN(hi, signed, false, true, true);
  const mac = kind === 's' ? 'macs' : kind === 'hhs' ? 'machhs' : kind === 'u' ? 'macu' : 'machhu';
  XPULP_SEMANTICS[`p.${mac}`] = mulN(hi, signed, true, false, false);
  XPULP_SEMANTICS[`p.${mac}N`] = mulN(hi, signed, true, true, false);
  XPULP_SEMANTICS[`p.${mac}NR`] = mulN(hi, signed, true, true, true);
}

for (const op of ['add', 'sub'] as const) {
  for (const u of ['', 'u'] as const) {
    for (const r of ['', 'R'] as const) {
      XPULP_SEMANTICS[`p.${op}${u}${r}Ni`] = addN(op === 'sub', u === 'u', r === 'R', true);
      XPULP_SEMANTICS[`p.${op}${u}${r}N`] = addN(op === 'sub', u === 'u', r === 'R', false);
    }
  }
}

import type { Emitted, EmitCtx, Semantic } from '../emit.ts';
import { Op, splat } from '../lanes.ts';
import { mixedInlineSource } from '../mixed.ts';

/**
 * Packed SIMD of XpulpV2 (.h 16-bit, .b 8-bit lanes) and XpulpNN (.n 4-bit, .c 2-bit lanes), the uniform
 * Mac&Load of XpulpNN and the Flex-V mixed-precision instructions. Ids are parsed from the ISA table:
 * `pv.<op>[.sc|.sci].<w>`, `pv.[s]dot<sg>.<w>[.sc|.sci]`, `pv.mlsdot<sg>.<w>`, `pv.[s]dot<sg>.m`.
 */

const WIDTH: Record<string, number> = { h: 16, b: 8, n: 4, c: 2 };
const code = (s: string): Emitted => ({ code: s });

const ALU_OPS: Record<string, number> = {
  add: Op.Add, sub: Op.Sub, avg: Op.Avg, avgu: Op.Avgu, min: Op.Min, minu: Op.Minu, max: Op.Max, maxu: Op.Maxu,
  srl: Op.Srl, sra: Op.Sra, sll: Op.Sll, or: Op.Or, xor: Op.Xor, and: Op.And,
  cmpeq: Op.CmpEq, cmpne: Op.CmpNe, cmpgt: Op.CmpGt, cmpge: Op.CmpGe, cmplt: Op.CmpLt, cmple: Op.CmpLe,
  cmpgtu: Op.CmpGtu, cmpgeu: Op.CmpGeu, cmpltu: Op.CmpLtu, cmpleu: Op.CmpLeu,
};

/** Signedness of the two operands of a dot-product flavour. */
const SIGNS: Record<string, [boolean, boolean]> = { up: [false, false], usp: [false, true], sup: [true, false], sp: [true, true] };

/** The second operand: rs2, rs2's lane 0 replicated (.sc), or the immediate replicated (.sci). */
function operandB(c: EmitCtx, form: string, w: number): string {
  if (form === 'sc') return `S.splat(${c.x(c.op('rs2'))}, ${w})`;
  if (form === 'sci') return String(splat(c.ops.imm ?? c.op('uimm'), w));
  return c.x(c.op('rs2'));
}

function alu(op: number, form: string, w: number): Semantic {
  return (c) => code(c.setX(c.op('rd'), `S.map2(${op}, ${c.x(c.op('rs1'))}, ${operandB(c, form, w)}, ${w})`));
}

function dot(sg: string, acc: boolean, form: string, w: number): Semantic {
  const [sa, sb] = SIGNS[sg];
  return (c) => code(c.setX(c.op('rd'), `S.dot(${acc ? c.x(c.op('rd')) : 0}, ${c.x(c.op('rs1'))}, ${operandB(c, form, w)}, ${w}, ${sa}, ${sb})`));
}

/**
 * Mac&Load (spec §4): rd += dot(A[sel], W[sel]) with the NN-RF values before the load; then at most one
 * NN-RF entry is loaded from [rs1] and rs1 += 4 (load A wins over load W). rd = x0 discards the sum.
 */
function macLoad(sg: string, w: number | 'mixed'): Semantic {
  const [sa, sb] = SIGNS[sg];
  return (c) => {
    const imm = c.op('uimm');
    const a = imm & 1, wsel = 2 + ((imm >> 1) & 3);
    const rd = c.op('rd'), rs1 = c.op('rs1');
    const sum = c.tmp();
    let s =
      w === 'mixed'
        ? mixed(c, sum, c.x(rd), `h.nn[${a}]`, `h.nn[${wsel}]`, sa, sb)
        : `${sum} = S.dot(${c.x(rd)}, h.nn[${a}], h.nn[${wsel}], ${w}, ${sa}, ${sb});\n`;
    const target = imm & 8 ? a : imm & 16 ? wsel : -1;
    if (target >= 0) {
      const base = c.tmp(), v = c.tmp();
      s += `${base} = ${c.x(rs1)};\n` + c.load(v, 4, true, base) + c.setNn(String(target), v) + c.setBase(rs1, `(${base} + 4) | 0`);
    }
    // rd is written last: when rd = rs1 the sum wins over the address update.
    return code(s + c.setX(rd, sum));
  };
}

function mixedDot(sg: string, acc: boolean): Semantic {
  const [sa, sb] = SIGNS[sg];
  return (c) => {
    const sum = c.tmp();
    return code(mixed(c, sum, acc ? c.x(c.op('rd')) : '0', c.x(c.op('rs1')), c.x(c.op('rs2')), sa, sb) + c.setX(c.op('rd'), sum));
  };
}

/** Mixed dot product into local `sum`: inline and specialised on the fast path, a hart call when traced. */
function mixed(c: EmitCtx, sum: string, acc: string, a: string, b: string, sa: boolean, sb: boolean): string {
  if (c.traced) return `${sum} = h.mixedDot(${acc}, ${a}, ${b}, ${sa}, ${sb});\n`;
  const [t, i, k, av, bv, accv] = [c.tmp(), c.tmp(), c.tmp(), c.tmp(), c.tmp(), c.tmp()];
  return `${av} = ${a}; ${bv} = ${b}; ${accv} = ${acc};\n` + mixedInlineSource(c.mpc, sum, accv, av, bv, sa, sb, t, i, k);
}

/**
 * pv.qnt.n rd, rs1, (rs2): 4-bit threshold-tree quantisation of the signed 16-bit value in rs1 (GVSoC's
 * walk): rs2 points at the middle of 15 sorted signed 16-bit thresholds; the first level sets bit 3 when
 * the value is <= that threshold and moves 8 bytes down (else up), the next levels set their bit when the
 * value is > the threshold and move 4, then 2 bytes; rd is the 4-bit code sign-extended.
 */
const quantise: Semantic = (c) => {
  const v = c.tmp(), a = c.tmp(), t = c.tmp(), q = c.tmp();
  let s = `${v} = (${c.x(c.op('rs1'))} << 16) >> 16; ${a} = ${c.x(c.op('rs2'))};\n`;
  s += c.load(t, 2, true, a);
  s += `${q} = ${v} <= ${t} ? 1 : 0; ${a} = (${a} + (${q} ? -8 : 8)) | 0;\n`;
  for (const step of [4, 2, 0]) {
    s += c.load(t, 2, true, a);
    s += `${q} = (${q} << 1) | (${v} > ${t} ? 1 : 0);\n`;
    if (step) s += `${a} = (${a} + ((${q} & 1) ? ${step} : -${step})) | 0;\n`;
  }
  return code(s + c.setX(c.op('rd'), `(${q} << 28) >> 28`));
};

/** Builds the semantic of a SIMD id, or undefined when the id is not one of this family. */
export function simdSemantic(id: string): Semantic | undefined {
  if (id === 'pv.qnt.n') return quantise;
  let m = /^pv\.([a-z]+)(?:\.(sc|sci))?\.([hbnc])$/.exec(id);
  if (m && ALU_OPS[m[1]] !== undefined) return alu(ALU_OPS[m[1]], m[2] ?? '', WIDTH[m[3]]);
  m = /^pv\.(s?)dot(up|usp|sp)\.([hbnc])(?:\.(sc|sci))?$/.exec(id);
  if (m) return dot(m[2], m[1] === 's', m[4] ?? '', WIDTH[m[3]]);
  m = /^pv\.mlsdot(up|usp|sup|sp)\.([hbncm])$/.exec(id);
  if (m) return macLoad(m[1], m[2] === 'm' ? 'mixed' : WIDTH[m[2]]);
  m = /^pv\.(s?)dot(up|usp|sp)\.m$/.exec(id);
  if (m) return mixedDot(m[2], m[1] === 's');
  m = /^pv\.abs\.([hbnc])$/.exec(id);
  if (m) {
    const w = WIDTH[m[1]];
    return (c) => code(c.setX(c.op('rd'), `S.abs(${c.x(c.op('rs1'))}, ${w})`));
  }
  m = /^pv\.extract(u?)\.([hb])$/.exec(id);
  if (m) {
    const w = WIDTH[m[2]], signed = m[1] === '';
    // The lane index is taken modulo the lane count (the immediate field is wider).
    return (c) => code(c.setX(c.op('rd'), `S.extract(${c.x(c.op('rs1'))}, ${c.op('uimm') & (32 / w - 1)}, ${w}, ${signed})`));
  }
  m = /^pv\.insert\.([hb])$/.exec(id);
  if (m) {
    const w = WIDTH[m[1]];
    return (c) => code(c.setX(c.op('rd'), `S.insert(${c.x(c.op('rd'))}, ${c.x(c.op('rs1'))}, ${c.op('uimm') & (32 / w - 1)}, ${w})`));
  }
  m = /^pv\.shuffle\.([hb])$/.exec(id);
  if (m) {
    const w = WIDTH[m[1]];
    return (c) => code(c.setX(c.op('rd'), `S.shuffle(${c.x(c.op('rs1'))}, ${c.x(c.op('rs2'))}, ${w})`));
  }
  if (id === 'pv.shuffle.h.sci') return (c) => code(c.setX(c.op('rd'), `S.shuffleImm(${c.x(c.op('rs1'))}, ${c.op('uimm')}, 16, undefined)`));
  m = /^pv\.shufflei([0-3])\.b\.sci$/.exec(id);
  if (m) {
    const top = Number(m[1]);
    return (c) => code(c.setX(c.op('rd'), `S.shuffleImm(${c.x(c.op('rs1'))}, ${c.op('uimm')}, 8, ${top})`));
  }
  m = /^pv\.shuffle2\.([hb])$/.exec(id);
  if (m) {
    const w = WIDTH[m[1]];
    return (c) => code(c.setX(c.op('rd'), `S.shuffle2(${c.x(c.op('rd'))}, ${c.x(c.op('rs1'))}, ${c.x(c.op('rs2'))}, ${w})`));
  }
  const rd = (c: EmitCtx) => c.x(c.op('rd')), rs1 = (c: EmitCtx) => c.x(c.op('rs1')), rs2 = (c: EmitCtx) => c.x(c.op('rs2'));
  if (id === 'pv.pack.h') return (c) => code(c.setX(c.op('rd'), `(${rs1(c)} << 16) | (${rs2(c)} & 0xffff)`));
  if (id === 'pv.packhi.b') return (c) => code(c.setX(c.op('rd'), `((${rs1(c)} & 0xff) << 24) | ((${rs2(c)} & 0xff) << 16) | (${rd(c)} & 0xffff)`));
  if (id === 'pv.packlo.b') return (c) => code(c.setX(c.op('rd'), `(${rd(c)} & -65536) | ((${rs1(c)} & 0xff) << 8) | (${rs2(c)} & 0xff)`));
  return undefined;
}

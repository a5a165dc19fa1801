import { DOT_SIGNS } from '../../isa/signs.ts';
import type { InstrDef, SimdForm, SimdOp, SimdSemantics } from '../../isa/types.ts';
import { vecFormat, type VecFormat } from '../../isa/vec-formats.ts';
import type { Emitted, EmitCtx, Semantic } from '../emit.ts';
import { Op, splat } from '../lanes.ts';
import { controllerSource, formatDotSource, wideWidth } from '../mixed.ts';
import { macLoadSemantic } from './macload.ts';

/**
 * Packed SIMD (opcode 0x57) of XpulpV2 (.h, .b) and XpulpNN (.n, .c), and Mac&Load (sem/macload.ts). The
 * operation, legacy lane width, form and signedness come from the row's `simd` / `macLoad` fields.
 *
 * Legacy decoding (`sb_legacy` = 1): the row as it is. Status-based decoding (spec §5.2): the lane width
 * comes from `ivec_fmt` (the block is compiled for one format), the form from the word's funct3 bits
 * (bit 14 `.sc`, bits 14 and 13 `.sci`), the operation from the row (= instr[31:26]). Traps: any
 * instruction under VEC_MODE32; `.sc`/`.sci` dot products under a mixed format; lane moves (extract,
 * insert, shuffle, pack) under 4- or 2-bit lanes, which the published ALU does not implement (docs/isa.md).
 */

const code = (s: string): Emitted => ({ code: s });

const ALU_OPS: Partial<Record<SimdOp, number>> = {
  add: Op.Add, sub: Op.Sub, avg: Op.Avg, avgu: Op.Avgu, min: Op.Min, minu: Op.Minu, max: Op.Max, maxu: Op.Maxu,
  srl: Op.Srl, sra: Op.Sra, sll: Op.Sll, or: Op.Or, xor: Op.Xor, and: Op.And,
  cmpeq: Op.CmpEq, cmpne: Op.CmpNe, cmpgt: Op.CmpGt, cmpge: Op.CmpGe, cmplt: Op.CmpLt, cmple: Op.CmpLe,
  cmpgtu: Op.CmpGtu, cmpgeu: Op.CmpGeu, cmpltu: Op.CmpLtu, cmpleu: Op.CmpLeu,
};

/** The second operand: rs2, rs2's lane 0 replicated (.sc), or the immediate replicated (.sci). */
function operandB(c: EmitCtx, form: SimdForm, w: number): string {
  if (form === 'sc') return `S.splat(${c.x(c.op('rs2'))}, ${w})`;
  if (form === 'sci') return String(splat(c.ops.imm ?? c.op('uimm'), w));
  return c.x(c.op('rs2'));
}

/** The form a status-based decoder reads from funct3: bit 14 `.sc`, bits 14 and 13 `.sci`. */
function formOfWord(insn: number): SimdForm {
  if (((insn >>> 14) & 1) === 0) return 'vv';
  return ((insn >>> 13) & 1) === 1 ? 'sci' : 'sc';
}

const rd = (c: EmitCtx) => c.x(c.op('rd')), rs1 = (c: EmitCtx) => c.x(c.op('rs1')), rs2 = (c: EmitCtx) => c.x(c.op('rs2'));
const set = (c: EmitCtx, e: string) => code(c.setX(c.op('rd'), e));

/** Lane operations at width `w` (any of 16, 8, 4, 2): ALU, compare, abs. Undefined for other ops. */
function laneOp(s: SimdSemantics, c: EmitCtx, form: SimdForm, w: number): Emitted | undefined {
  const op = ALU_OPS[s.op];
  if (op !== undefined) return set(c, `S.map2(${op}, ${rs1(c)}, ${operandB(c, form, w)}, ${w})`);
  if (s.op === 'abs') return set(c, `S.abs(${rs1(c)}, ${w})`);
  return undefined;
}

/** pack / packhi / packlo at 16 or 8 bits (the published ALU's PCKLO / PCKHI at that width). */
function pack(c: EmitCtx, op: 'pack' | 'packhi' | 'packlo', w: number): Emitted {
  if (w === 16) {
    return op === 'packhi'
      ? set(c, `(${rs1(c)} & -65536) | (${rs2(c)} >>> 16)`)
      : set(c, `(${rs1(c)} << 16) | (${rs2(c)} & 0xffff)`);
  }
  return op === 'packhi'
    ? set(c, `((${rs1(c)} & 0xff) << 24) | ((${rs2(c)} & 0xff) << 16) | (${rd(c)} & 0xffff)`)
    : set(c, `(${rd(c)} & -65536) | ((${rs1(c)} & 0xff) << 8) | (${rs2(c)} & 0xff)`);
}

/** Lane moves at width `w` (16 or 8). */
function laneMove(s: SimdSemantics, c: EmitCtx, w: number): Emitted | undefined {
  const lanes = 32 / w;
  switch (s.op) {
    case 'extract':
    case 'extractu':
      // The lane index is taken modulo the lane count (the immediate field is wider).
      return set(c, `S.extract(${rs1(c)}, ${c.op('uimm') & (lanes - 1)}, ${w}, ${s.op === 'extract'})`);
    case 'insert':
      return set(c, `S.insert(${rd(c)}, ${rs1(c)}, ${c.op('uimm') & (lanes - 1)}, ${w})`);
    case 'shuffle':
      return set(c, `S.shuffle(${rs1(c)}, ${rs2(c)}, ${w})`);
    case 'shuffle2':
      return set(c, `S.shuffle2(${rd(c)}, ${rs1(c)}, ${rs2(c)}, ${w})`);
    case 'pack':
    case 'packhi':
    case 'packlo':
      return pack(c, s.op, w);
  }
  return undefined;
}

/** The immediate shuffles keep their legacy width in both modes (their immediate layout is per width). */
const SHUFFLEI_TOP: Partial<Record<SimdOp, number>> = { shufflei0: 0, shufflei1: 1, shufflei2: 2, shufflei3: 3 };
function immediateShuffle(s: SimdSemantics, c: EmitCtx): Emitted | undefined {
  const top = SHUFFLEI_TOP[s.op];
  if (top !== undefined) return set(c, `S.shuffleImm(${rs1(c)}, ${c.op('uimm')}, 8, ${top})`);
  if (s.op === 'shuffle' && s.form === 'sci') return set(c, `S.shuffleImm(${rs1(c)}, ${c.op('uimm')}, 16, undefined)`);
  return undefined;
}

function legacy(s: SimdSemantics, c: EmitCtx): Emitted {
  const w = s.width;
  if (s.op === 'dot' || s.op === 'sdot') {
    const { rs1: sa, rs2: sb } = DOT_SIGNS[s.sign!];
    return set(c, `S.dot(${s.op === 'sdot' ? rd(c) : 0}, ${rs1(c)}, ${operandB(c, s.form, w)}, ${w}, ${sa}, ${sb})`);
  }
  const e = laneOp(s, c, s.form, w) ?? immediateShuffle(s, c) ?? laneMove(s, c, w);
  if (!e) throw new Error(`iss: no semantic for SIMD operation ${s.op}`);
  return e;
}

function statusBased(s: SimdSemantics, c: EmitCtx, f: VecFormat): Emitted {
  const form = formOfWord(c.insn);
  const w = wideWidth(f);
  if (s.op === 'dot' || s.op === 'sdot') {
    const { rs1: sa, rs2: sb } = DOT_SIGNS[s.sign!];
    if (f.groups > 1 && form !== 'vv') return c.illegal(); // flexv definition (spec §5.3)
    const sum = c.tmp(), cyc = c.tmp(), acc = c.tmp(), a = c.tmp(), b = c.tmp();
    return code(
      `${acc} = ${s.op === 'sdot' ? rd(c) : 0}; ${a} = ${rs1(c)}; ${b} = ${operandB(c, form, w)};\n` +
        formatDotSource(f, sa, sb, sum, acc, a, b, cyc) +
        controllerSource(f, cyc, c.traced) +
        c.setX(c.op('rd'), sum),
    );
  }
  const e = laneOp(s, c, form, w) ?? immediateShuffle(s, c);
  if (e) return e;
  if (w !== 16 && w !== 8) return c.illegal();
  const m = laneMove(s, c, w);
  if (!m) throw new Error(`iss: no semantic for SIMD operation ${s.op}`);
  return m;
}

/**
 * pv.qnt.n rd, rs1, (rs2): 4-bit threshold-tree quantisation of the signed 16-bit value in rs1 (GVSoC's
 * walk): rs2 points at the middle of 15 sorted signed 16-bit thresholds; the first level sets bit 3 when
 * the value is <= that threshold and moves 8 bytes down (else up), the next levels set their bit when the
 * value is > the threshold and move 4, then 2 bytes; rd is the 4-bit code sign-extended. It has no lanes:
 * status-based decoding leaves it as it is (but traps under VEC_MODE32 like every opcode-0x57 word).
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

/** The semantic of a packed-SIMD or Mac&Load row, or undefined when the row is neither. */
export function simdSemantic(def: InstrDef): Semantic | undefined {
  if (def.macLoad) return macLoadSemantic(def.macLoad);
  const s = def.simd;
  if (!s) return undefined;
  return (c) => {
    if (!c.statusBased) return s.op === 'qnt' ? quantise(c) : legacy(s, c);
    const f = vecFormat(c.decodeMode);
    if (!f || f.act === undefined) return c.illegal(); // VEC_MODE32 (flexv definition)
    return s.op === 'qnt' ? quantise(c) : statusBased(s, c, f);
  };
}

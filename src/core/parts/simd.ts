import { Bool, cat, Enum, lit, mux, UInt, type Expr } from '../../hdl/index.ts';
import { DOT_SIGNS, instructionById, type InstrDef, type LaneWidth, type SimdForm } from '../../isa/index.ts';
import { IMM, RS1_VALUE, RS2_VALUE, RS3_VALUE } from '../pipeline/keys.ts';
import type { Part } from '../pipeline/part.ts';
import { DOT_FMT_BITS, DOT_IDX_BITS, type DotUnitInputs } from '../pipeline/dot-product.ts';
import { stageable } from '../pipeline/stageable.ts';
import { LANE_FMT_T } from '../flexv/formats.ts';
import { dotpUnit as dotpUnitHB, SIMD_OP_T, SimdOp, simdAlu } from '../units/simd-alu.ts';

export const SIMD_OP = stageable('simd_op', SIMD_OP_T);
/**
 * Lane format of the instruction, the dot-product service's code: 0 16-bit, 1 8-bit (this part), 2 4-bit,
 * 3 2-bit (extensions that decode narrower lanes).
 */
export const SIMD_FMT = stageable('simd_fmt', LANE_FMT_T);
/** Second operand: 0 rs2, 1 rs2's lane 0 replicated (.sc), 2 the immediate replicated (.sci). */
const FORM_T = Enum('simd_form', { vv: 0, sc: 1, sci: 2 }, { width: 2, prefix: 'FORM' });
export const SIMD_FORM = stageable('simd_form', FORM_T);
/** pv.shuffleiN.b.sci: lane 3 comes from lane N (`SIMD_TOP` valid, its value N). */
export const SIMD_TOP_VALID = stageable('simd_top_valid', Bool());
export const SIMD_TOP = stageable('simd_top', UInt(2));
/** Dot products: 1 dot, 2 accumulating (sdot); signedness of each operand. */
const DOT_OP_T = Enum('dot_op', { dot: 1, sdot: 2 }, { width: 2, prefix: 'DOT' });
export const DOT_OP = stageable('dot_op', DOT_OP_T);
export const DOT_SIGN_A = stageable('dot_sign_a', Bool());
export const DOT_SIGN_B = stageable('dot_sign_b', Bool());

export const Form: Readonly<Record<SimdForm, number>> = FORM_T.values;
export const DotOp = DOT_OP_T.values;
/** The lane-format code of a lane width (the dot-product service's codes: width = 16 >> code). */
export const laneCode = (w: LaneWidth): number => [16, 8, 4, 2].indexOf(w);

type Values = Array<[typeof SIMD_OP, number]>;

/**
 * Decode values of a packed-SIMD row, from its `simd` fields (never from the id): the lane format, the
 * operand form, and the operation (a lane-wise ALU/compare/move code, or a dot product with its signs).
 */
export function simdValues(def: InstrDef): Values {
  const s = def.simd!;
  const values: Values = [[SIMD_FMT, laneCode(s.width)], [SIMD_FORM, Form[s.form]]];
  if (s.op === 'dot' || s.op === 'sdot') {
    const sign = DOT_SIGNS[s.sign!];
    return [...values, [DOT_OP, DotOp[s.op]], [DOT_SIGN_A, sign.rs1 ? 1 : 0], [DOT_SIGN_B, sign.rs2 ? 1 : 0]];
  }
  const top = /^shufflei([0-3])$/.exec(s.op);
  if (top) return [...values, [SIMD_OP, SimdOp.shuffleImm], [SIMD_FORM, Form.vv], [SIMD_TOP_VALID, 1], [SIMD_TOP, Number(top[1])]];
  if (s.op === 'shuffle' && s.form === 'sci') return [...values, [SIMD_OP, SimdOp.shuffleImm], [SIMD_FORM, Form.vv]];
  if (!(s.op in SimdOp)) throw new Error(`simd: no operation for ${def.id} (${s.op})`);
  return [...values, [SIMD_OP, SimdOp[s.op as keyof typeof SimdOp]]];
}

/** The rows this part executes: XpulpV2 packed SIMD (16- and 8-bit lanes). */
const isBaseSimd = (def: InstrDef) => def.ext === 'xpulpv2' && def.simd !== undefined && (def.simd.width === 16 || def.simd.width === 8);

/**
 * XpulpV2 packed SIMD on 16- and 8-bit lanes: the SIMD ALU (`u_simd_alu`) and the dot-product unit
 * (`u_dotp_unit`, through the dot-product service: the RI5CY-class `.h/.b` unit unless an extension brings
 * a wider one), dot and accumulating sdot, vector, `.sc` and `.sci` forms. The part knows nothing of
 * narrower lanes, mixed precision or Mac&Load: extensions override the unit's operands by the service.
 */
export function simdPart(): Part {
  return {
    name: 'simd',
    setup({ decode, isa }) {
      for (const id of isa) {
        const def = instructionById(id)!;
        if (!isBaseSimd(def)) continue;
        const immName = def.operands.find((o) => o.name === 'imm' || o.name === 'uimm')?.name;
        decode.add(id, simdValues(def), { imm: immName ?? null });
      }
    },
    build({ m, pipeline, exResult, dot }) {
      const ex = pipeline.stages.ex;
      const fmt = ex.input(SIMD_FMT);
      const form = ex.input(SIMD_FORM);
      const rs1 = ex.input(RS1_VALUE);
      const rs2 = ex.input(RS2_VALUE);
      const imm = ex.input(IMM);
      const byte = m.named('simd_byte', fmt.eq(laneCode(8)));
      const splat = (v: Expr) => mux(byte, cat(v.bits(7, 0), v.bits(7, 0), v.bits(7, 0), v.bits(7, 0)), cat(v.bits(15, 0), v.bits(15, 0)));
      const b = m.named('simd_b', mux(form.eq(Form.sc), splat(rs2), mux(form.eq(Form.sci), splat(imm), rs2)));
      const rd = pipeline.produces(RS3_VALUE) ? ex.input(RS3_VALUE) : lit(0, 32);
      const op = ex.input(SIMD_OP);

      const alu = m.instance(simdAlu, {}, 'simd_alu');
      alu.op.set(op);
      alu.byte.set(byte);
      alu.a.set(rs1);
      alu.b.set(b);
      alu.c.set(rd);
      alu.imm.set(imm.bits(7, 0));
      alu.top.set(ex.input(SIMD_TOP));
      alu.topValid.set(ex.input(SIMD_TOP_VALID));
      exResult.add(op.ne(0).and(fmt.le(laneCode(8))), alu.result);

      // The dot-product unit: defaults from the instruction; extensions override through the service.
      dot.a.setDefault(rs1);
      dot.b.setDefault(b);
      dot.fmtA.setDefault(fmt);
      dot.fmtB.setDefault(fmt);
      dot.idx.setDefault(lit(0, DOT_IDX_BITS));
      const dotOp = ex.input(DOT_OP);
      const build = dot.unit((mm, io) => {
        const hb = mm.instance(dotpUnitHB, {}, 'dotp_unit');
        hb.byte.set(io.fmtA.eq(laneCode(8)));
        hb.signA.set(io.signA);
        hb.signB.set(io.signB);
        hb.accumulate.set(io.accumulate);
        hb.a.set(io.a);
        hb.b.set(io.b);
        hb.acc.set(io.acc);
        return hb.result;
      });
      // Getters: a unit that does not read an input (the .h/.b unit: fmt_b, idx) leaves no wire behind.
      const io: DotUnitInputs = {
        get a() { return dot.a.value; },
        get b() { return dot.b.value; },
        get fmtA() { return dot.fmtA.value; },
        get fmtB() { return dot.fmtB.value; },
        get idx() { return dot.idx.value; },
        acc: rd, signA: ex.input(DOT_SIGN_A), signB: ex.input(DOT_SIGN_B), accumulate: dotOp.eq(DotOp.sdot),
      };
      exResult.add(dotOp.ne(0), build(m, io));
    },
  };
}

import { Bool, cat, lit, mux, UInt } from '../../hdl/index.ts';
import { instructionById } from '../../isa/index.ts';
import { IMM, RS1_VALUE, RS2_VALUE, RS3_VALUE } from '../pipeline/keys.ts';
import type { Part } from '../pipeline/part.ts';
import { stageable } from '../pipeline/stageable.ts';
import { dotpUnit, SIMD_OP_WIDTH, SimdOp, simdAlu } from '../units/simd-alu.ts';

export const SIMD_OP = stageable('simd_op', UInt(SIMD_OP_WIDTH));
/** 8-bit lanes (otherwise 16-bit). */
export const SIMD_BYTE = stageable('simd_byte', Bool());
/** Second operand: 0 rs2, 1 rs2's lane 0 replicated (.sc), 2 the immediate replicated (.sci). */
export const SIMD_FORM = stageable('simd_form', UInt(2));
/** pv.shuffleiN.b.sci: lane 3 comes from lane N (`SIMD_TOP` valid, its value N). */
export const SIMD_TOP_VALID = stageable('simd_top_valid', Bool());
export const SIMD_TOP = stageable('simd_top', UInt(2));
/** Dot products: 1 dot, 2 accumulating (sdot); signedness of each operand. */
export const DOT_OP = stageable('dot_op', UInt(2));
export const DOT_SIGN_A = stageable('dot_sign_a', Bool());
export const DOT_SIGN_B = stageable('dot_sign_b', Bool());

const Form = { vv: 0, sc: 1, sci: 2 } as const;
const SIGNS: Record<string, [number, number]> = { up: [0, 0], usp: [0, 1], sp: [1, 1] };

interface SimdDecode {
  values: Array<[typeof SIMD_OP, number]>;
}

/** Decode values of a packed-SIMD id of the table (the id grammar of the golden model). */
function decodeSimd(id: string): SimdDecode | undefined {
  let r = /^pv\.([a-z]+)(?:\.(sc|sci))?\.([hb])$/.exec(id);
  const byte = (w: string) => [SIMD_BYTE, w === 'b' ? 1 : 0] as [typeof SIMD_OP, number];
  if (r && r[1]! in SimdOp) {
    const form = r[2] === 'sc' ? Form.sc : r[2] === 'sci' ? Form.sci : Form.vv;
    return { values: [[SIMD_OP, SimdOp[r[1] as keyof typeof SimdOp]], byte(r[3]!), [SIMD_FORM, form]] };
  }
  r = /^pv\.(s?)dot(up|usp|sp)\.([hb])(?:\.(sc|sci))?$/.exec(id);
  if (r) {
    const form = r[4] === 'sc' ? Form.sc : r[4] === 'sci' ? Form.sci : Form.vv;
    const [sa, sb] = SIGNS[r[2]!]!;
    return { values: [[DOT_OP, r[1] ? 2 : 1], byte(r[3]!), [SIMD_FORM, form], [DOT_SIGN_A, sa], [DOT_SIGN_B, sb]] };
  }
  if (id === 'pv.shuffle.h.sci') return { values: [[SIMD_OP, SimdOp.shuffleImm], byte('h')] };
  r = /^pv\.shufflei([0-3])\.b\.sci$/.exec(id);
  if (r) return { values: [[SIMD_OP, SimdOp.shuffleImm], byte('b'), [SIMD_TOP_VALID, 1], [SIMD_TOP, Number(r[1])]] };
  r = /^pv\.shuffle2\.([hb])$/.exec(id);
  if (r) return { values: [[SIMD_OP, SimdOp.shuffle2], byte(r[1]!)] };
  if (id === 'pv.pack.h') return { values: [[SIMD_OP, SimdOp.pack]] };
  if (id === 'pv.packhi.b') return { values: [[SIMD_OP, SimdOp.packhi]] };
  if (id === 'pv.packlo.b') return { values: [[SIMD_OP, SimdOp.packlo]] };
  return undefined;
}

/**
 * XpulpV2 packed SIMD on 16-bit and 8-bit lanes: the SIMD ALU (`u_simd_alu`) and the dot-product unit
 * (`u_dotp_unit`, dot and accumulating sdot in the three signedness flavours) in EX, with the vector,
 * `.sc` and `.sci` forms of the second operand.
 */
export function simdPart(): Part {
  return {
    name: 'simd',
    setup({ decode, isa }) {
      for (const id of isa) {
        const def = instructionById(id)!;
        if (def.ext !== 'xpulpv2' || !def.sem.startsWith('simd')) continue;
        const d = decodeSimd(id);
        if (!d) throw new Error(`simd: no operation for ${id}`);
        const immName = def.operands.find((o) => o.name === 'imm' || o.name === 'uimm')?.name;
        decode.add(id, d.values, { imm: immName ?? null });
      }
    },
    build({ m, pipeline, exResult }) {
      const ex = pipeline.stages.ex;
      const byte = ex.input(SIMD_BYTE);
      const form = ex.input(SIMD_FORM);
      const rs2 = ex.input(RS2_VALUE);
      const imm = ex.input(IMM);
      const splat = (v: typeof rs2) => mux(byte, cat(v.bits(7, 0), v.bits(7, 0), v.bits(7, 0), v.bits(7, 0)), cat(v.bits(15, 0), v.bits(15, 0)));
      const b = m.named('simd_b', mux(form.eq(Form.sc), splat(rs2), mux(form.eq(Form.sci), splat(imm), rs2)));
      const rd = pipeline.produces(RS3_VALUE) ? ex.input(RS3_VALUE) : lit(0, 32);

      const alu = m.instance(simdAlu, {}, 'simd_alu');
      alu.op.set(ex.input(SIMD_OP));
      alu.byte.set(byte);
      alu.a.set(ex.input(RS1_VALUE));
      alu.b.set(b);
      alu.c.set(rd);
      alu.imm.set(imm.bits(7, 0));
      alu.top.set(ex.input(SIMD_TOP));
      alu.topValid.set(ex.input(SIMD_TOP_VALID));
      exResult.add(ex.input(SIMD_OP).ne(0), alu.result);

      const dotp = m.instance(dotpUnit, {}, 'dotp_unit');
      dotp.byte.set(byte);
      dotp.signA.set(ex.input(DOT_SIGN_A));
      dotp.signB.set(ex.input(DOT_SIGN_B));
      dotp.accumulate.set(ex.input(DOT_OP).eq(2));
      dotp.a.set(ex.input(RS1_VALUE));
      dotp.b.set(b);
      dotp.acc.set(rd);
      exResult.add(ex.input(DOT_OP).ne(0), dotp.result);
    },
  };
}

import { Bool, cat, lit, mux, UInt, type Expr } from '../../hdl/index.ts';
import { instructionById } from '../../isa/index.ts';
import { dotpUnit } from '../flexv/dotp-unit.ts';
import { LANE_FORMAT_BITS, LaneFormat } from '../flexv/formats.ts';
import { replicateLane0 } from '../flexv/operand-steer.ts';
import { simdNc } from '../flexv/simd-nc.ts';
import { IMM, RS1_VALUE, RS2_VALUE, RS3_VALUE } from '../pipeline/keys.ts';
import type { Part } from '../pipeline/part.ts';
import { stageable } from '../pipeline/stageable.ts';
import { dotpUnit as dotpUnitHB, SIMD_OP_WIDTH, SimdOp, simdAlu } from '../units/simd-alu.ts';

export const SIMD_OP = stageable('simd_op', UInt(SIMD_OP_WIDTH));
/** Lane format of the instruction (formats.ts: 0 .h, 1 .b, 2 .n, 3 .c). */
export const SIMD_FMT = stageable('simd_fmt', UInt(LANE_FORMAT_BITS));
/** Second operand: 0 rs2, 1 rs2's lane 0 replicated (.sc), 2 the immediate replicated (.sci). */
export const SIMD_FORM = stageable('simd_form', UInt(2));
/** pv.shuffleiN.b.sci: lane 3 comes from lane N (`SIMD_TOP` valid, its value N). */
export const SIMD_TOP_VALID = stageable('simd_top_valid', Bool());
export const SIMD_TOP = stageable('simd_top', UInt(2));
/** Dot products: 1 dot, 2 accumulating (sdot); signedness of each operand. */
export const DOT_OP = stageable('dot_op', UInt(2));
export const DOT_SIGN_A = stageable('dot_sign_a', Bool());
export const DOT_SIGN_B = stageable('dot_sign_b', Bool());
/**
 * Operand sources of the dot-product unit that other parts provide in EX (produced only in configurations
 * that have them): the `mpc` formats and sub-group of mixed instructions (`mixedPart`), the NN-RF entries
 * of Mac&Load (`macLoadPart`). Without them the unit takes the instruction's lane format and rs1/rs2.
 */
export const DOT_USE_MPC = stageable('dot_use_mpc', Bool());
export const MPC_FMT_A = stageable('mpc_fmt_a', UInt(LANE_FORMAT_BITS));
export const MPC_FMT_B = stageable('mpc_fmt_b', UInt(LANE_FORMAT_BITS));
export const MPC_IDX = stageable('mpc_idx', UInt(2));
export const DOT_USE_NNRF = stageable('dot_use_nnrf', Bool());
export const NNRF_A = stageable('nnrf_a', UInt(32));
export const NNRF_W = stageable('nnrf_w', UInt(32));

const Form = { vv: 0, sc: 1, sci: 2 } as const;
export const SIGNS: Record<string, [number, number]> = { up: [0, 0], usp: [0, 1], sup: [1, 0], sp: [1, 1] };
type Fmt = keyof typeof LaneFormat;

interface SimdDecode {
  values: Array<[typeof SIMD_OP, number]>;
}

/** Decode values of a packed-SIMD id of the table (the id grammar of the golden model). */
function decodeSimd(id: string): SimdDecode | undefined {
  let r = /^pv\.([a-z]+)(?:\.(sc|sci))?\.([hbnc])$/.exec(id);
  const lanes = (w: string) => [SIMD_FMT, LaneFormat[w as Fmt]] as [typeof SIMD_OP, number];
  if (r && r[1]! in SimdOp) {
    const form = r[2] === 'sc' ? Form.sc : r[2] === 'sci' ? Form.sci : Form.vv;
    return { values: [[SIMD_OP, SimdOp[r[1] as keyof typeof SimdOp]], lanes(r[3]!), [SIMD_FORM, form]] };
  }
  r = /^pv\.(s?)dot(up|usp|sp)\.([hbnc])(?:\.(sc|sci))?$/.exec(id);
  if (r) {
    const form = r[4] === 'sc' ? Form.sc : r[4] === 'sci' ? Form.sci : Form.vv;
    const [sa, sb] = SIGNS[r[2]!]!;
    return { values: [[DOT_OP, r[1] ? 2 : 1], lanes(r[3]!), [SIMD_FORM, form], [DOT_SIGN_A, sa], [DOT_SIGN_B, sb]] };
  }
  if (id === 'pv.shuffle.h.sci') return { values: [[SIMD_OP, SimdOp.shuffleImm], lanes('h')] };
  r = /^pv\.shufflei([0-3])\.b\.sci$/.exec(id);
  if (r) return { values: [[SIMD_OP, SimdOp.shuffleImm], lanes('b'), [SIMD_TOP_VALID, 1], [SIMD_TOP, Number(r[1])]] };
  r = /^pv\.shuffle2\.([hb])$/.exec(id);
  if (r) return { values: [[SIMD_OP, SimdOp.shuffle2], lanes(r[1]!)] };
  if (id === 'pv.pack.h') return { values: [[SIMD_OP, SimdOp.pack]] };
  if (id === 'pv.packhi.b') return { values: [[SIMD_OP, SimdOp.packhi]] };
  if (id === 'pv.packlo.b') return { values: [[SIMD_OP, SimdOp.packlo]] };
  return undefined;
}

/** A dot product on 4- or 2-bit lanes, mixed or Mac&Load in the configuration: the Flex-V unit is needed. */
function needsFlexvDotp(isa: ReadonlySet<string>): boolean {
  return [...isa].some((id) => /^pv\.s?dot(up|usp|sp)\.([nc]|m)(\.|$)/.test(id) || id.startsWith('pv.mlsdot'));
}

/**
 * Packed SIMD: the XpulpV2 SIMD ALU on 16/8-bit lanes (`u_simd_alu`), the XpulpNN nibble/crumb ALUs
 * (`u_simd_nc4`, `u_simd_nc2`, only when the configuration has `.n`/`.c` instructions) and one dot-product
 * unit for every lane format (`u_dotp_unit`: `flexv_dotp_unit`, or the `.h/.b` `dotp_unit` when the configuration
 * has no sub-byte, mixed or Mac&Load dot product; dot and accumulating sdot, the signedness
 * flavours, the vector, `.sc` and `.sci` forms). Mixed instructions and Mac&Load reuse that unit with the
 * operand sources their parts produce (DOT_USE_MPC, DOT_USE_NNRF).
 */
export function simdPart(): Part {
  return {
    name: 'simd',
    setup({ decode, isa }) {
      for (const id of isa) {
        const def = instructionById(id)!;
        // pv.qnt.n (simd.qnt) is not built: the configuration reports it missing.
        if ((def.ext !== 'xpulpv2' && def.ext !== 'xpulpnn') || !def.sem.startsWith('simd') || def.sem === 'simd.qnt') continue;
        const d = decodeSimd(id);
        if (!d) throw new Error(`simd: no operation for ${id}`);
        const immName = def.operands.find((o) => o.name === 'imm' || o.name === 'uimm')?.name;
        decode.add(id, d.values, { imm: immName ?? null });
      }
    },
    build({ m, pipeline, exResult, isa }) {
      const ex = pipeline.stages.ex;
      const fmt = ex.input(SIMD_FMT);
      const form = ex.input(SIMD_FORM);
      const rs1 = ex.input(RS1_VALUE);
      const rs2 = ex.input(RS2_VALUE);
      const imm = ex.input(IMM);
      const byte = m.named('simd_byte', fmt.eq(LaneFormat.b));
      const splatHB = (v: Expr) => mux(byte, cat(v.bits(7, 0), v.bits(7, 0), v.bits(7, 0), v.bits(7, 0)), cat(v.bits(15, 0), v.bits(15, 0)));
      const b = m.named('simd_b', mux(form.eq(Form.sc), replicateLane0(rs2, fmt), mux(form.eq(Form.sci), splatHB(imm), rs2)));
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
      const wide = fmt.le(LaneFormat.b);
      exResult.add(op.ne(0).and(wide), alu.result);

      if ([...isa].some((id) => /^pv\.[a-z]+(\.sc)?\.[nc]$/.test(id))) {
        for (const [w, f] of [[4, LaneFormat.n], [2, LaneFormat.c]] as const) {
          const nc = m.instance(simdNc, { width: w }, `simd_nc${w}`);
          nc.op.set(op);
          nc.sc.set(lit(0, 1)); // b is already replicated for .sc
          nc.a.set(rs1);
          nc.b.set(b);
          exResult.add(op.ne(0).and(fmt.eq(f)), nc.result);
        }
      }

      // Baseline (dot products on 16/8-bit lanes only): the RI5CY-class .h/.b unit, no sub-byte or mixed
      // datapath; otherwise the Flex-V unit. One instance name either way, so synthesis compares the block.
      if (!needsFlexvDotp(isa)) {
        const hb = m.instance(dotpUnitHB, {}, 'dotp_unit');
        hb.byte.set(byte);
        hb.signA.set(ex.input(DOT_SIGN_A));
        hb.signB.set(ex.input(DOT_SIGN_B));
        hb.accumulate.set(ex.input(DOT_OP).eq(2));
        hb.a.set(rs1);
        hb.b.set(b);
        hb.acc.set(rd);
        exResult.add(ex.input(DOT_OP).ne(0), hb.result);
        return;
      }
      // Operand sources: the instruction's format and rs1/rs2, unless a mixed or Mac&Load part supplies them.
      const useMpc = pipeline.produces(MPC_FMT_A) ? ex.input(DOT_USE_MPC) : lit(0, 1);
      const useNn = pipeline.produces(NNRF_A) ? ex.input(DOT_USE_NNRF) : lit(0, 1);
      const fromMpc = (k: typeof MPC_FMT_A) => (pipeline.produces(k) ? mux(useMpc, ex.input(k), fmt) : fmt);
      const fromNn = (k: typeof NNRF_A, v: Expr) => (pipeline.produces(k) ? mux(useNn, ex.input(k), v) : v);
      const dotp = m.instance(dotpUnit, {}, 'dotp_unit');
      dotp.fmtA.set(fromMpc(MPC_FMT_A));
      dotp.fmtB.set(fromMpc(MPC_FMT_B));
      dotp.idx.set(pipeline.produces(MPC_IDX) ? ex.input(MPC_IDX) : lit(0, 2));
      dotp.signA.set(ex.input(DOT_SIGN_A));
      dotp.signB.set(ex.input(DOT_SIGN_B));
      dotp.accumulate.set(ex.input(DOT_OP).eq(2));
      dotp.a.set(fromNn(NNRF_A, rs1));
      dotp.b.set(fromNn(NNRF_W, b));
      dotp.acc.set(rd);
      exResult.add(ex.input(DOT_OP).ne(0), dotp.result);
    },
  };
}

import { Bool, lit, mux } from '../../hdl/index.ts';
import { UInt } from '../../hdl/index.ts';
import { instructionById } from '../../isa/index.ts';
import { IMM, IMM2, RS1_VALUE, RS2_VALUE, RS3_VALUE } from '../pipeline/keys.ts';
import type { Part } from '../pipeline/part.ts';
import { stageable } from '../pipeline/stageable.ts';
import { XALU_OP_T, XAluOp, xpulpAlu } from '../units/xpulp-alu.ts';

export const XALU_OP = stageable('xalu_op', XALU_OP_T);
/** The immediate form: bounds, fields and shifts come from the immediates, not from rs2. */
export const XALU_IMM = stageable('xalu_imm', Bool());

/** Table id -> operation and form (`i` suffix: immediate operands). */
function opOf(id: string): [number, boolean] | undefined {
  const name = id.slice(2); // after "p."
  const direct: Record<string, number> = {
    avgu: XAluOp.avgu, slet: XAluOp.slet, sletu: XAluOp.sletu, min: XAluOp.min, minu: XAluOp.minu, max: XAluOp.max,
    maxu: XAluOp.maxu, ror: XAluOp.ror, ff1: XAluOp.ff1, fl1: XAluOp.fl1, clb: XAluOp.clb, cnt: XAluOp.cnt,
    exths: XAluOp.exths, exthz: XAluOp.exthz, extbs: XAluOp.extbs, extbz: XAluOp.extbz, abs: XAluOp.abs,
    clip: XAluOp.clip, clipu: XAluOp.clipu, extract: XAluOp.extract, extractu: XAluOp.extractu, insert: XAluOp.insert,
    bset: XAluOp.bset, bclr: XAluOp.bclr,
    addN: XAluOp.addN, adduN: XAluOp.adduN, addRN: XAluOp.addRN, adduRN: XAluOp.adduRN,
    subN: XAluOp.subN, subuN: XAluOp.subuN, subRN: XAluOp.subRN, subuRN: XAluOp.subuRN,
  };
  if (name in direct) return [direct[name]!, false];
  if (name.endsWith('i') && name.slice(0, -1) in direct) return [direct[name.slice(0, -1)]!, true];
  return undefined;
}

/**
 * XpulpV2 ALU extras and bit manipulation (`p.min`, `p.clip[u][i]`, `p.extract[u][i]`, `p.insert[i]`,
 * `p.bset/bclr[i]`, `p.ff1/fl1/clb/cnt`, `p.ror`, `p.ext*`, `p.abs`, `p.avgu`, `p.slet[u]`,
 * `p.add/sub[u][R]N[i]`) on the `xpulp_alu` unit in EX.
 */
export function xpulpAluPart(): Part {
  return {
    name: 'xpulp-alu',
    setup({ decode, isa }) {
      for (const id of isa) {
        const def = instructionById(id)!;
        if (def.ext !== 'xpulpv2' || (def.sem !== 'alu' && def.sem !== 'bitmanip')) continue;
        const found = opOf(id);
        if (!found) throw new Error(`xpulp-alu: no operation for ${id}`);
        const [op, imm] = found;
        const has = (n: string) => def.operands.some((o) => o.name === n);
        decode.add(id, [[XALU_OP, op], [XALU_IMM, imm ? 1 : 0]], { imm: has('uimm') ? 'uimm' : null, ...(has('uimm2') ? { imm2: 'uimm2' } : {}) });
      }
    },
    build({ m, pipeline, exResult }) {
      const ex = pipeline.stages.ex;
      const u = m.instance(xpulpAlu, {}, 'xpulp_alu');
      const useImm = ex.input(XALU_IMM);
      const a = ex.input(RS1_VALUE);
      const b = ex.input(RS2_VALUE);
      const imm = ex.input(IMM);
      const rd = pipeline.produces(RS3_VALUE) ? ex.input(RS3_VALUE) : lit(0, 32);
      u.op.set(ex.input(XALU_OP));
      u.a.set(a);
      u.b.set(b);
      u.c.set(rd);
      // p.clipi: bound 2^(uimm-1) - 1 (uimm 0 acts as 1); p.clip: rs2.
      const sh = imm.bits(4, 0);
      const k = lit(1, 32).shl(mux(sh.eq(0), lit(0, 5), sh.sub(1)));
      u.hi.set(mux(useImm, k.sub(1), b));
      u.fw.set(mux(useImm, imm.bits(4, 0), b.bits(9, 5)));
      u.fs.set(mux(useImm, ex.input(IMM2).bits(4, 0), b.bits(4, 0)));
      // p.addNi: rs1 +- rs2 >> uimm; p.addN: rd +- rs1 >> rs2[4:0].
      u.x.set(mux(useImm, a, rd));
      u.y.set(mux(useImm, b, a));
      u.n.set(mux(useImm, imm.bits(4, 0), b.bits(4, 0)));
      exResult.add(ex.input(XALU_OP).ne(0), u.result);
    },
  };
}

import { instructionById, type InstrDef } from '../../isa/index.ts';
import { dotpUnit } from '../flexv/dotp-unit.ts';
import { replicateLane0 } from '../flexv/operand-steer.ts';
import { simdNc, SIMD_NC_OPS } from '../flexv/simd-nc.ts';
import { lit, mux } from '../../hdl/index.ts';
import { IMM, RS1_VALUE, RS2_VALUE } from '../pipeline/keys.ts';
import type { Part } from '../pipeline/part.ts';
import { Form, laneCode, SIMD_FMT, SIMD_FORM, SIMD_OP, simdValues } from './simd.ts';

/** XpulpNN packed-SIMD rows on 4- and 2-bit lanes (pv.qnt.n excepted: not built). */
const isSubByte = (def: InstrDef) => def.ext === 'xpulpnn' && def.simd !== undefined && def.simd.op !== 'qnt' && (def.simd.width === 4 || def.simd.width === 2);

export interface SubByteOptions {
  /** The dot-product unit's activation-narrower formats (spec §5.3 values 11..13; flexv's extension). */
  extensionFormats: boolean;
  /**
   * Compares on 4/2-bit lanes and the `.sci` forms there: no XpulpNN row has them, the status-based mode
   * runs the `.h/.b` rows at the format's width (flexv only).
   */
  statusBased: boolean;
}

/**
 * XpulpNN nibble (`.n`) and crumb (`.c`) SIMD: the lane-wise ALUs `u_simd_nc4` and `u_simd_nc2`
 * (`flexv_simd_nc`), and the Flex-V dot-product unit (`flexv_dotp_unit`, 16/8/4/2-bit lanes and the mixed
 * formats), which replaces the `.h/.b` unit through the dot-product service. The `.sc` forms of the
 * narrow dot products take rs2's lane 0 replicated at their width (an operand override).
 */
export function subBytePart(opts: SubByteOptions): Part {
  let present = false;
  return {
    name: 'sub-byte',
    setup({ decode, isa, dot }) {
      for (const id of isa) {
        const def = instructionById(id)!;
        if (!isSubByte(def)) continue;
        if (def.simd!.op !== 'dot' && def.simd!.op !== 'sdot' && !(SIMD_NC_OPS as readonly string[]).includes(def.simd!.op)) {
          throw new Error(`sub-byte: no operation for ${id}`);
        }
        decode.add(id, simdValues(def), { imm: null });
        present = true;
      }
      if (!present) return;
      dot.replaceUnit('sub-byte', (m, io) => {
        const u = m.instance(dotpUnit, { extensionFormats: opts.extensionFormats }, 'dotp_unit');
        u.fmtA.set(io.fmtA);
        u.fmtB.set(io.fmtB);
        u.idx.set(io.idx);
        u.signA.set(io.signA);
        u.signB.set(io.signB);
        u.accumulate.set(io.accumulate);
        u.a.set(io.a);
        u.b.set(io.b);
        u.acc.set(io.acc);
        return u.result;
      });
    },
    build({ m, pipeline, exResult, dot }) {
      if (!present) return;
      const ex = pipeline.stages.ex;
      const fmt = ex.input(SIMD_FMT);
      const form = ex.input(SIMD_FORM);
      const op = ex.input(SIMD_OP);
      const narrow = m.named('simd_narrow', fmt.ge(laneCode(4)));
      // .sc: rs2's lane 0 in every lane; .sci (status-based only): the immediate's low bits.
      const sci = opts.statusBased ? form.eq(Form.sci) : lit(0, 1);
      const replicate = form.eq(Form.sc).or(sci);
      const source = opts.statusBased ? m.named('simd_nc_b', mux(sci, ex.input(IMM), ex.input(RS2_VALUE))) : ex.input(RS2_VALUE);
      for (const w of [4, 2] as const) {
        const nc = m.instance(simdNc, { width: w, compares: opts.statusBased }, `simd_nc${w}`);
        nc.op.set(op);
        nc.sc.set(replicate);
        nc.a.set(ex.input(RS1_VALUE));
        nc.b.set(source);
        exResult.add(op.ne(0).and(fmt.eq(laneCode(w))), nc.result);
      }
      dot.b.override(narrow.and(replicate), replicateLane0(source, fmt), 'sub-byte');
    },
  };
}

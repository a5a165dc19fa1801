import { cat, lit, mux, orAll, type Expr } from '../../hdl/index.ts';
import { SimdOp } from '../units/simd-alu.ts';
import { hasStatusBased, instructionsFor, STATUS_BASED_CSRS, type InstrDef } from '../../isa/index.ts';
import { MACL_CSR_NAMES, MACL_STREAMS, maclCsr, maclStream } from '../flexv/macl-stream.ts';
import { SB_CTRL_CSRS, sbCtrl, storableFormats } from '../flexv/sb-ctrl.ts';
import { IMM, INSTR, PC, RS1_READ, RS1_VALUE, RS1_WB, RS2_VALUE, TRAP } from '../pipeline/keys.ts';
import type { Part } from '../pipeline/part.ts';
import { MACLOAD, macLoadLoads } from './mac-load.ts';
import { RD_ADDR } from './regfile.ts';
import { CSR_ADDR, CSR_WRITE } from './system.ts';
import { DOT_OP, Form, laneCode, SIMD_FMT, SIMD_FORM, SIMD_OP } from './simd.ts';

export interface StatusBasedOptions {
  /** flexv's formats 11..13 (activations narrower); false gives exactly the published core's formats. */
  extensionFormats: boolean;
}

/** Redirect priority of the refetch after a mode or format write (with fence.i's: after the loop end). */
const REFETCH_PRIORITY = 7;

/** Lane moves: the published ALU has them on 16- and 8-bit lanes only (illegal under 4/2-bit lanes). */
const LANE_MOVES = [SimdOp.extract, SimdOp.extractu, SimdOp.insert, SimdOp.shuffle, SimdOp.shuffle2, SimdOp.pack, SimdOp.packhi, SimdOp.packlo];
/**
 * `pv.packhi` on 16-bit lanes (status-based only: the high halves of rs1 and rs2). A SIMD_OP code the base
 * ALU does not know (it gives 0 for it), so this part's result is the only one.
 */
const PACKHI_H = Math.max(...Object.values(SimdOp)) + 1;

/** The opcodes of packed SIMD and Mac&Load, read from the table's rows. */
function opcodes(isa: ReadonlySet<string>) {
  const rows = instructionsFor('flexv').filter((d) => isa.has(d.id));
  const opcodeOf = (d: InstrDef | undefined) => {
    if (!d) throw new Error('status-based: the configuration has no packed-SIMD or Mac&Load rows');
    return d.match & 0x7f;
  };
  return { simd: opcodeOf(rows.find((d) => d.simd)), macLoad: opcodeOf(rows.find((d) => d.macLoad)) };
}

/**
 * Flex-V status-based decoding (spec §5, the `flexv` configuration): the units `u_sb_ctrl`
 * (`flexv_sb_ctrl`: `sb_legacy`, `ivec_fmt`, `ivec_mixed_cycle`, `ivec_skip_size`, the mixed-precision
 * controller) and `u_macl_stream` (`flexv_macl_stream`: the Mac&Load address CSRs and stream counters),
 * both holding their CSRs for the CSR file (external ports). With `sb_legacy` = 0:
 *  - ID: an opcode-0x57 or Mac&Load instruction is the row the decoder matches (operation, operands,
 *    legality), with the lane width of `ivec_fmt` (the wider operand's in a mixed format) and the form of
 *    funct3 (bit 14 `.sc`, bits 14 and 13 `.sci`), as the golden model decodes it; the immediate shuffles
 *    keep their legacy width, the packs take the width's pack. Illegal: 0x57/0x77 with `ivec_fmt` = 0,
 *    `.sc`/`.sci` dot products under a mixed format, lane moves (extract, insert, shuffles, packs) on 4- or
 *    2-bit lanes.
 *  - EX: every dot product and Mac&Load takes its operand formats and sub-group from the controller
 *    (dot-product service overrides); a Mac&Load loads from `macl_a_address`/`macl_w_address` (LSU base
 *    override), neither reads nor writes rs1, and its address update is a CSR write of the record; a dot
 *    product or a Mac&Load with rd != x0 steps the controller when it leaves EX (it cannot trap after), and
 *    the controller's `ivec_mixed_cycle` update is a CSR write of the record, after the address one.
 *  - A CSR write of `sb_legacy` or `ivec_fmt` refetches the next instruction (decode in ID depends on them).
 */
export function statusBasedPart(opts: StatusBasedOptions = { extensionFormats: true }): Part {
  let enabled = false;
  return {
    name: 'status-based',
    setup({ pipeline, csrExternal, csrKeep, config }) {
      if (!hasStatusBased(config)) return;
      if (!pipeline.produces(MACLOAD)) throw new Error('status-based: the configuration needs the Mac&Load part before this one');
      enabled = true;
      csrExternal.push(...STATUS_BASED_CSRS);
      const fmtField = SB_CTRL_CSRS.fmt.fields[0]!.name;
      csrKeep[SB_CTRL_CSRS.fmt.name] = [{ field: fmtField, min: storableFormats(opts.extensionFormats) }];
    },
    build({ m, pipeline, csrPorts, decode, dot, memBase, csrRecord, redirect, exResult, isa }) {
      if (!enabled) return;
      const { id, ex } = pipeline.stages;
      const ctrl = m.instance(sbCtrl, { extensionFormats: opts.extensionFormats }, 'sb_ctrl');
      const stream = m.instance(maclStream, {}, 'macl_stream') as unknown as Record<string, Expr & { set(v: Expr): void }>;
      const port = (name: string) => csrPorts.get(name)!;
      const { fmt, cycle, skip, legacy } = SB_CTRL_CSRS;
      // Each CSR's legalized word (masked to its field; the format's keep rule): the one being written.
      const csrs = [fmt, cycle, skip, legacy];
      ctrl.wdata.set(csrs.slice(1).reduce<Expr>((v, d) => mux(port(d.name).we, port(d.name).wdata, v), port(fmt.name).wdata));
      ctrl.fmtWe.set(port(fmt.name).we);
      ctrl.cycleWe.set(port(cycle.name).we);
      ctrl.skipWe.set(port(skip.name).we);
      ctrl.legacyWe.set(port(legacy.name).we);
      port(fmt.name).value.set(ctrl.fmt.zext(32));
      port(cycle.name).value.set(ctrl.cycle.zext(32));
      port(skip.name).value.set(ctrl.skip.zext(32));
      port(legacy.name).value.set(ctrl.legacy.zext(32));
      stream.wdata!.set(port(MACL_CSR_NAMES[0]!).wdata);
      for (const name of MACL_CSR_NAMES) {
        const key = name.replace(/^macl_/, '');
        stream[`${key}_we`]!.set(port(name).we);
        port(name).value.set(stream[key]!);
      }
      const sb = m.named('sb_mode', ctrl.legacy.not());

      // ID: the row the decoder found (its operation, operands, legality), with the lane width of the format
      // and the form of the funct3 bits (bit 14 .sc, bits 14 and 13 .sci): only a legacy .n/.c `.sc` row
      // (funct3 011) changes form, to the vector form. The immediate shuffles keep their legacy width.
      const op = opcodes(isa);
      const instr = id.input(INSTR);
      const opcode = instr.bits(6, 0);
      const isSimd = m.named('sb_simd', sb.and(opcode.eq(op.simd)));
      const isMl = m.named('sb_macload', sb.and(opcode.eq(op.macLoad)));
      const wide = ctrl.wide;
      const narrowLanes = wide.ge(laneCode(4));
      const isOp = (decoded: (k: typeof SIMD_OP) => Expr, codes: number[]) => orAll(codes.map((c) => decoded(SIMD_OP).eq(c)));
      decode.refine(SIMD_FMT, (v, decoded) => mux(isMl.or(isSimd.and(isOp(decoded, [SimdOp.shuffleImm]).not())), wide, v));
      decode.refine(SIMD_FORM, (v) => mux(isSimd.and(instr.bit(14).not()), lit(Form.vv, 2), v));
      decode.refine(SIMD_OP, (v) => {
        const w16 = wide.eq(laneCode(16));
        let r: Expr = v;
        r = mux(isSimd.and(v.eq(SimdOp.pack)).and(w16.not()), lit(SimdOp.packlo, v.width), r);
        r = mux(isSimd.and(v.eq(SimdOp.packlo)).and(w16), lit(SimdOp.pack, v.width), r);
        r = mux(isSimd.and(v.eq(SimdOp.packhi)).and(w16), lit(PACKHI_H, v.width), r);
        return r;
      });
      decode.illegalWhen((decoded) => m.named('sb_illegal', isSimd.or(isMl).and(ctrl.scalar)
        .or(isSimd.and(ctrl.mixed).and(decoded(DOT_OP).ne(0)).and(instr.bit(14)))
        .or(isSimd.and(narrowLanes).and(isOp(decoded, LANE_MOVES)))));
      // A Mac&Load in status-based mode neither reads nor writes rs1.
      const mlSb = (decoded: (k: typeof MACLOAD) => Expr) => sb.and(decoded(MACLOAD));
      decode.refine(RS1_WB, (v, decoded) => v.and(mlSb(decoded).not()));
      decode.refine(RS1_READ, (v, decoded) => v.and(mlSb(decoded).not()));

      // EX: formats and sub-group of every dot product; Mac&Load addresses.
      const exDot = ex.input(DOT_OP).ne(0);
      const exMl = ex.input(MACLOAD);
      const live = ex.valid.and(ex.input(TRAP).not());
      dot.fmtA.override(sb.and(exDot), ctrl.fmtA, 'status-based');
      dot.fmtB.override(sb.and(exDot), ctrl.fmtB, 'status-based');
      dot.idx.override(sb.and(exDot), ctrl.cycle, 'status-based');
      const imm = ex.input(IMM);
      const loadA = imm.bit(3), loads = macLoadLoads(imm.bits(4, 0));
      memBase.override(sb.and(exMl), mux(loadA, stream.a_address!, stream.w_address!), 'status-based');
      const adv = { a: m.named('macl_advance_a', live.and(sb).and(exMl).and(loadA)), w: m.named('macl_advance_w', live.and(sb).and(exMl).and(loads).and(loadA.not())) };
      for (const s of MACL_STREAMS) {
        stream[`advance_${s}`]!.set(ex.fire.and(adv[s]));
        // Recorded when the address changes (the golden model's rule: a zero stride writes nothing).
        csrRecord.appendOwn(adv[s].and(stream[`${s}_next`]!.ne(stream[`${s}_address`]!)), lit(maclCsr(s, 'address').address, 12), stream[`${s}_next`]!);
      }
      // The controller: dot products and Mac&Load with rd != x0.
      const counted = m.named('sb_counted', live.and(sb).and(exDot).and(exMl.not().or(ex.input(RD_ADDR).ne(0))));
      ctrl.step.set(ex.fire.and(counted));
      csrRecord.appendOwn(counted.and(ctrl.cycleWrite), lit(cycle.address, 12), ctrl.nextCycle.zext(32));
      exResult.add(ex.input(SIMD_OP).eq(PACKHI_H), cat(ex.input(RS1_VALUE).bits(31, 16), ex.input(RS2_VALUE).bits(31, 16)));

      // Decode in ID depends on sb_legacy and ivec_fmt: a write of either refetches what follows.
      const csrAddr = ex.input(CSR_ADDR);
      const modeWrite = ex.input(CSR_WRITE).and(csrAddr.eq(legacy.address).or(csrAddr.eq(fmt.address)));
      redirect.request(m.named('sb_refetch', modeWrite), ex.input(PC).add(4), REFETCH_PRIORITY, { always: true });
    },
  };
}

import { Bool, orAll, UInt, type Expr } from '../../hdl/index.ts';
import { instructionById, MACLOAD_SIGNS } from '../../isa/index.ts';
import { hasMacLoad, NNRF_CSR_NAMES } from '../flexv/features.ts';
import { macLoadCtrl } from '../flexv/macload-ctrl.ts';
import { nnrf } from '../flexv/nnrf.ts';
import { IMM, RS1_WB, TRAP } from '../pipeline/keys.ts';
import type { Part } from '../pipeline/part.ts';
import { stageable } from '../pipeline/stageable.ts';
import { LSU_LOAD, LSU_LOAD_DATA, LSU_NOT_RD, LSU_OFFSET, LSU_POSTINC, LSU_SIGNED, LSU_SIZE, Offset } from './lsu.ts';
import { CSR_ADDR, CSR_OP } from './system.ts';
import { DOT_OP, DOT_SIGN_A, DOT_SIGN_B, DotOp, laneCode, SIMD_FMT } from './simd.ts';

/** A Mac&Load instruction (pv.mlsdot*). */
export const MACLOAD = stageable('macload', Bool());
/** The NN-RF entry its load fills (0 A0, 1 A1, 2..5 W0..W3: the CSR 0x7D8 + index order). */
export const NN_TARGET = stageable('nn_target', UInt(3));

/** imm5 of Mac&Load: bit 0 selects A, bits 2:1 W, bit 3 loads A, bit 4 loads W (A wins). */
export const macLoadLoads = (imm: Expr) => imm.bits(4, 3).ne(0);

/**
 * XpulpNN Mac&Load with the NN register file (spec §4). In EX the dot-product unit takes A[imm0] and
 * W[imm2:1] (operand overrides of the dot-product service) and accumulates into rd, with the signs of
 * `MACLOAD_SIGNS` (`sup`: activations unsigned, weights signed) and the row's lane width; when imm5 asks
 * for a load, the LSU loads the word at rs1 (post-increment by 4) and the word lands in the NN-RF when the
 * instruction leaves WB. So the dot product always reads the entries from before its own load (the spec's
 * order) and the sum goes to rd from EX. The status-based part changes the lane width and the address.
 *
 * Hazard (decision: forward). A Mac&Load in EX reading the entry the Mac&Load in WB is loading takes the
 * load word that arrives in that cycle: one Mac&Load per cycle with one-cycle memory whatever the schedule.
 * A CSR instruction in EX waits while WB holds an NN-RF load, so CSR reads and writes of the entries see
 * program order.
 *
 * Blocks (stable instance names for synthesis reports): `u_nnrf` (`flexv_nnrf`, the six entries, also the
 * CSRs 0x7D8..0x7DD through the CSR file's external ports) and `u_mac_load` (`flexv_macload_ctrl`). The
 * retirement record gets the NN-RF write as the fields `nn_count`, `nn_index`, `nn_data`.
 */
export function macLoadPart(): Part {
  return {
    name: 'mac-load',
    setup({ decode, pipeline, csrExternal, isa }) {
      if (!hasMacLoad(isa)) return;
      csrExternal.push(...NNRF_CSR_NAMES);
      pipeline.produce(NN_TARGET, 'ex');
      pipeline.produce(LSU_LOAD_DATA, 'wb');
      for (const id of isa) {
        const def = instructionById(id)!;
        if (!def.macLoad) continue;
        const sign = MACLOAD_SIGNS[def.macLoad.sign];
        decode.add(id, [
          [MACLOAD, 1], [DOT_OP, DotOp.sdot], [DOT_SIGN_A, sign.act ? 1 : 0], [DOT_SIGN_B, sign.wt ? 1 : 0], [SIMD_FMT, laneCode(def.macLoad.width)],
          [LSU_LOAD, 1], [LSU_SIZE, 2], [LSU_SIGNED, 1], [LSU_POSTINC, 1], [LSU_OFFSET, Offset.word], [LSU_NOT_RD, 1],
        ], { imm: 'uimm' });
      }
      // Without a load there is no memory access and no rs1 write-back.
      const noLoad = (decoded: (k: typeof MACLOAD) => Expr, imm: Expr) => decoded(MACLOAD).and(macLoadLoads(imm).not());
      decode.refine(LSU_LOAD, (v, decoded, imm) => v.and(noLoad(decoded, imm).not()));
      decode.refine(RS1_WB, (v, decoded, imm) => v.and(noLoad(decoded, imm).not()));
    },
    build({ m, pipeline, csrPorts, dot, recordFields }) {
      if (!pipeline.produces(NN_TARGET)) return;
      const { ex, wb } = pipeline.stages;
      const rf = m.instance(nnrf, { bypass: true }, 'nnrf');
      const ctrl = m.instance(macLoadCtrl, {}, 'mac_load');
      // EX: the entries the dot product reads and the entry this instruction's load will fill.
      const imm5 = ex.input(IMM).bits(4, 0);
      rf.imm.set(imm5);
      const isMacLoad = ex.input(MACLOAD);
      dot.a.override(isMacLoad, rf.a, 'mac-load');
      dot.b.override(isMacLoad, rf.w, 'mac-load');
      ex.insert(NN_TARGET, rf.loadIndex);
      // WB: the load word lands (written when WB retires, forwarded to EX by the NN-RF's bypass).
      ctrl.wbValid.set(wb.valid);
      ctrl.wbFire.set(wb.fire);
      ctrl.wbMacLoad.set(wb.input(MACLOAD));
      ctrl.wbLoad.set(wb.input(LSU_LOAD));
      ctrl.wbTrap.set(wb.input(TRAP));
      ctrl.wbTarget.set(wb.input(NN_TARGET));
      ctrl.wbData.set(wb.input(LSU_LOAD_DATA));
      ctrl.exCsr.set(ex.valid.and(ex.input(CSR_OP).ne(0)));
      rf.wrEn.set(ctrl.nnWe);
      rf.wrFwd!.set(ctrl.nnFwd);
      rf.wrIndex.set(ctrl.nnIndex);
      rf.wrData.set(ctrl.nnData);
      ex.haltWhen(ctrl.exHold);

      // CSR instructions reach the entries through the CSR file's external ports; every entry is a plain
      // 32-bit register, so the legalized write is the same word for all six.
      const ports = NNRF_CSR_NAMES.map((n) => csrPorts.get(n)!);
      rf.csrAddr.set(ex.input(CSR_ADDR));
      rf.csrWe.set(orAll(ports.map((p) => p.we)));
      rf.csrWdata.set(ports[0]!.wdata);
      for (const p of ports) p.value.set(rf.csrRdata); // the CSR file selects by the same address

      // The retirement record's NN-RF write (a trapped Mac&Load loads nothing: `landing` excludes it).
      recordFields.add('nn_count', ctrl.landing);
      recordFields.add('nn_index', ctrl.recIndex);
      recordFields.add('nn_data', ctrl.recData);
    },
  };
}

import { Bool, Enum, lit, mux, UInt } from '../../hdl/index.ts';
import { IMM, MEM_BEATS, MEM_COUNT, RS1_VALUE, RS2_VALUE, RS3_VALUE, TRAP } from '../pipeline/keys.ts';
import { instructionById } from '../../isa/index.ts';
import type { Part } from '../pipeline/part.ts';
import { stageable } from '../pipeline/stageable.ts';
import { loadStoreUnit, LSU_SIZE_T } from '../units/lsu.ts';
import { RESULT_IN_WB } from './regfile.ts';

export const LSU_LOAD = stageable('lsu_load', Bool());
export const LSU_STORE = stageable('lsu_store', Bool());
/** log2 of the access size: 0 byte, 1 half, 2 word. */
export const LSU_SIZE = stageable('lsu_size', LSU_SIZE_T);
export const LSU_SIGNED = stageable('lsu_signed', Bool());
export const MEM_ADDR = stageable('mem_addr', UInt(32));
/** Address offset: 0 the immediate, 1 rs2, 2 rs3 (XpulpV2 register-offset stores), 3 one word (Mac&Load). */
const OFFSET_T = Enum('lsu_offset', { imm: 0, rs2: 1, rs3: 2, word: 3 }, { width: 2, prefix: 'OFFSET' });
export const LSU_OFFSET = stageable('lsu_offset', OFFSET_T);
export const Offset = OFFSET_T.values;
/**
 * A load whose data is not for rd (Mac&Load fills the NN-RF): rd keeps the EX result. Declared by the
 * Mac&Load part; the loaded word is LSU_LOAD_DATA in WB.
 */
export const LSU_NOT_RD = stageable('lsu_not_rd', Bool());
export const LSU_LOAD_DATA = stageable('lsu_load_data', UInt(32));
/** Post-increment: the access uses rs1 as its address and rs1 + offset is written back to rs1. */
export const LSU_POSTINC = stageable('lsu_postinc', Bool());

const LOADS: Record<string, [number, boolean]> = { lb: [0, true], lh: [1, true], lw: [2, true], lbu: [0, false], lhu: [1, false] };
const STORES: Record<string, number> = { sb: 0, sh: 1, sw: 2 };

/**
 * RV32I loads and stores: address in EX, the access on the data port (`data_*`) from EX, load data in WB.
 * Misaligned accesses are performed as two beats (RI5CY style), never trapped. The address offset may be
 * a register and the access may post-increment its base (`xpulpMemPart` decodes those instructions).
 */
export function lsuPart(): Part {
  return {
    name: 'lsu',
    setup({ decode, pipeline }) {
      for (const [id, [size, signed]] of Object.entries(LOADS)) {
        decode.add(id, [[LSU_LOAD, 1], [LSU_SIZE, size], [LSU_SIGNED, signed ? 1 : 0], [RESULT_IN_WB, 1]]);
      }
      for (const [id, size] of Object.entries(STORES)) decode.add(id, [[LSU_STORE, 1], [LSU_SIZE, size]]);
      decode.control(LSU_OFFSET);
      decode.control(LSU_POSTINC);
      pipeline.produce(MEM_ADDR, 'ex');
      pipeline.produce(MEM_COUNT, 'wb');
      for (const b of MEM_BEATS) for (const k of Object.values(b)) pipeline.produce(k, 'wb');
    },
    build({ m, pipeline, wbData, exRs1Wb, memBase }) {
      const { ex, wb } = pipeline.stages;
      const req = m.output('data_req', Bool());
      const addr = m.output('data_addr', UInt(32));
      const we = m.output('data_we', Bool());
      const be = m.output('data_be', UInt(4));
      const wdata = m.output('data_wdata', UInt(32));
      const gnt = m.input('data_gnt', Bool());
      const rvalid = m.input('data_rvalid', Bool());
      const rdata = m.input('data_rdata', UInt(32));
      const u = m.instance(loadStoreUnit, {}, 'load_store_unit');

      const sel = ex.input(LSU_OFFSET);
      const immOrWord = pipeline.produces(LSU_NOT_RD) ? mux(sel.eq(Offset.word), lit(4, 32), ex.input(IMM)) : ex.input(IMM);
      const offset = mux(sel.eq(Offset.rs2), ex.input(RS2_VALUE), immOrWord);
      const fullOffset = pipeline.produces(RS3_VALUE) ? mux(sel.eq(Offset.rs3), ex.input(RS3_VALUE), offset) : offset;
      const postinc = ex.input(LSU_POSTINC);
      const rs1 = ex.input(RS1_VALUE);
      // The base address is rs1 unless an extension supplies it (Mac&Load's address CSRs, memBase).
      memBase.setDefault(rs1);
      const base = memBase.value;
      ex.insert(MEM_ADDR, mux(postinc, base, base.add(fullOffset)));
      exRs1Wb.add(postinc, rs1.add(fullOffset));
      // A trapping instruction never reaches the bus: decoded memory instructions may still trap (a Mac&Load
      // under format 0 in status-based mode), and their access must not happen.
      const exMem = m.named('ex_mem', ex.valid.and(ex.input(LSU_LOAD).or(ex.input(LSU_STORE))).and(ex.input(TRAP).not()));
      // Issue only when WB can take the instruction: responses then belong to one instruction at a time.
      u.exReq.set(exMem.and(wb.accept));
      u.exAddr.set(ex.input(MEM_ADDR));
      u.exSize.set(ex.input(LSU_SIZE));
      u.exWrite.set(ex.input(LSU_STORE));
      u.exWdata.set(ex.input(RS2_VALUE));
      ex.haltWhen(exMem.and(u.exDone.not()));
      req.set(u.dataReq);
      addr.set(u.dataAddr);
      we.set(u.dataWe);
      be.set(u.dataBe);
      wdata.set(u.dataWdata);
      u.dataGnt.set(gnt);
      u.dataRvalid.set(rvalid);
      u.dataRdata.set(rdata);

      const wbMem = m.named('wb_mem', wb.valid.and(wb.input(LSU_LOAD).or(wb.input(LSU_STORE))).and(wb.input(TRAP).not()));
      u.wbMem.set(wbMem);
      u.wbAddr.set(wb.input(MEM_ADDR));
      u.wbSize.set(wb.input(LSU_SIZE));
      u.wbSigned.set(wb.input(LSU_SIGNED));
      u.wbWrite.set(wb.input(LSU_STORE));
      u.wbWdata.set(wb.input(RS2_VALUE));
      u.wbRetire.set(wb.fire);
      wb.haltWhen(wbMem.and(u.wbDone.not()));
      const toRd = pipeline.produces(LSU_NOT_RD) ? wb.input(LSU_NOT_RD).not() : lit(1, 1);
      wbData.add(wb.input(LSU_LOAD).and(toRd), u.loadValue);
      if (pipeline.produces(LSU_LOAD_DATA)) wb.insert(LSU_LOAD_DATA, u.loadValue);

      wb.insert(MEM_COUNT, u.memCount);
      const beats = [
        { addr: u.beat0Addr, data: u.beat0Data, mask: u.beat0Mask },
        { addr: u.beat1Addr, data: u.beat1Data, mask: u.beat1Mask },
      ];
      MEM_BEATS.forEach((k, i) => {
        wb.insert(k.addr, beats[i]!.addr);
        wb.insert(k.data, beats[i]!.data);
        wb.insert(k.mask, beats[i]!.mask);
        wb.insert(k.write, wb.input(LSU_STORE));
      });
    },
  };
}

/**
 * XpulpV2 memory accesses on the same LSU: post-increment (`p.lw rd, imm(rs1!)`), register offset
 * (`p.lw rd, rs2(rs1)`, `p.sw rs2, rs3(rs1)`) and both. Sizes and signedness come from the mnemonic.
 */
export function xpulpMemPart(): Part {
  const ACCESS: Record<string, [number, boolean]> = { 'p.lb': [0, true], 'p.lh': [1, true], 'p.lw': [2, true], 'p.lbu': [0, false], 'p.lhu': [1, false], 'p.sb': [0, false], 'p.sh': [1, false], 'p.sw': [2, false] };
  return {
    name: 'xpulp-mem',
    setup({ decode, isa }) {
      // p.elw: on a single core (no event unit to sleep on) a plain word load, as the golden model has it.
      if (isa.has('p.elw')) decode.add('p.elw', [[LSU_LOAD, 1], [LSU_SIZE, 2], [LSU_SIGNED, 1], [RESULT_IN_WB, 1]]);
      for (const id of isa) {
        const def = instructionById(id)!;
        const mode = /^(load|store)\.(postinc|rr|rr\.postinc)$/.exec(def.sem);
        if (!mode) continue;
        const [size, signed] = ACCESS[def.mnemonic]!;
        const load = mode[1] === 'load';
        const offset = !mode[2]!.startsWith('rr') ? Offset.imm : load ? Offset.rs2 : Offset.rs3;
        decode.add(id, [
          [load ? LSU_LOAD : LSU_STORE, 1], [LSU_SIZE, size], [LSU_SIGNED, signed ? 1 : 0], [RESULT_IN_WB, load ? 1 : 0],
          [LSU_OFFSET, offset], [LSU_POSTINC, mode[2]!.endsWith('postinc') ? 1 : 0],
        ], { imm: offset === Offset.imm ? 'imm' : null });
      }
    },
  };
}

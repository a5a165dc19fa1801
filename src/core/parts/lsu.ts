import { Bool, lit, UInt } from '../../hdl/index.ts';
import { IMM, MEM_BEATS, MEM_COUNT, RS1_VALUE, RS2_VALUE, TRAP } from '../pipeline/keys.ts';
import type { Part } from '../pipeline/part.ts';
import { stageable } from '../pipeline/stageable.ts';
import { loadStoreUnit } from '../units/lsu.ts';
import { RESULT_IN_WB } from './regfile.ts';

export const LSU_LOAD = stageable('lsu_load', Bool());
export const LSU_STORE = stageable('lsu_store', Bool());
/** log2 of the access size: 0 byte, 1 half, 2 word. */
export const LSU_SIZE = stageable('lsu_size', UInt(2));
export const LSU_SIGNED = stageable('lsu_signed', Bool());
export const MEM_ADDR = stageable('mem_addr', UInt(32));

const LOADS: Record<string, [number, boolean]> = { lb: [0, true], lh: [1, true], lw: [2, true], lbu: [0, false], lhu: [1, false] };
const STORES: Record<string, number> = { sb: 0, sh: 1, sw: 2 };

/**
 * RV32I loads and stores: address in EX, the access on the data port (`data_*`) from EX, load data in WB.
 * Misaligned accesses are performed as two beats (RI5CY style), never trapped.
 */
export function lsuPart(): Part {
  return {
    name: 'lsu',
    setup({ decode, pipeline }) {
      for (const [id, [size, signed]] of Object.entries(LOADS)) {
        decode.add(id, [[LSU_LOAD, 1], [LSU_SIZE, size], [LSU_SIGNED, signed ? 1 : 0], [RESULT_IN_WB, 1]]);
      }
      for (const [id, size] of Object.entries(STORES)) decode.add(id, [[LSU_STORE, 1], [LSU_SIZE, size]]);
      pipeline.produce(MEM_ADDR, 'ex');
      pipeline.produce(MEM_COUNT, 'wb');
      for (const b of MEM_BEATS) for (const k of Object.values(b)) pipeline.produce(k, 'wb');
    },
    build({ m, pipeline, wbData }) {
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

      ex.insert(MEM_ADDR, ex.input(RS1_VALUE).add(ex.input(IMM)));
      const exMem = m.named('ex_mem', ex.valid.and(ex.input(LSU_LOAD).or(ex.input(LSU_STORE))));
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
      wbData.add(wb.input(LSU_LOAD), u.loadValue);

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
      void lit;
    },
  };
}

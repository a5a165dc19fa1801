import { Bool, lit, mux, UInt } from '../../hdl/index.ts';
import {
  CSR_COUNT, CSR_WRITES, INSN, IS32, MEM_BEATS, MEM_COUNT, NEXT_PC, PC, RD_WRITE, RS1_WB, RS1_WB_VALUE, TRAP, TRAP_CAUSE, WB_DATA,
} from '../pipeline/keys.ts';
import type { Part } from '../pipeline/part.ts';
import { RD_ADDR, RS1_ADDR } from './regfile.ts';
import { RecordFieldService } from '../pipeline/record-fields.ts';

/**
 * The retirement port (`rvfi_*`): one record per instruction leaving WB, field for field the golden model's
 * `Retirement` (src/iss/retire.ts), so lockstep can compare them. Trapping instructions retire too, with
 * their cause, the trap's CSR writes and no register or memory effect. Extensions add fields through the
 * record-field service (`rvfi_<name>`).
 */
export function retirePart(): Part {
  return {
    name: 'retire',
    build({ m, pipeline, recordFields }) {
      const wb = pipeline.stages.wb;
      const out = (name: string, w: number) => m.output(`rvfi_${name}`, w === 1 ? Bool() : UInt(w));
      const order = m.reg('retire_order', UInt(32));
      m.when(wb.fire, () => order.setNext(order.add(1)));
      const trap = wb.input(TRAP);
      const rd = mux(wb.input(RD_WRITE).and(trap.not()), wb.input(RD_ADDR), lit(0, 5));
      out('valid', 1).set(wb.fire);
      out('order', 32).set(order);
      out('pc', 32).set(wb.input(PC));
      out('insn', 32).set(wb.input(INSN));
      out('size', 3).set(mux(wb.input(IS32), lit(4, 3), lit(2, 3)));
      out('rd', 5).set(rd);
      out('rd_wdata', 32).set(mux(rd.ne(0), wb.input(WB_DATA), lit(0, 32)));
      const rs1wb = mux(wb.input(RS1_WB).and(trap.not()), wb.input(RS1_ADDR), lit(0, 5));
      out('rs1wb', 5).set(rs1wb);
      out('rs1wb_wdata', 32).set(mux(rs1wb.ne(0), wb.input(RS1_WB_VALUE), lit(0, 32)));
      out('trap', 1).set(trap);
      out('trap_cause', 5).set(wb.input(TRAP_CAUSE));
      out('next_pc', 32).set(wb.input(NEXT_PC));
      out('mem_count', 2).set(mux(trap, lit(0, 2), wb.input(MEM_COUNT)));
      MEM_BEATS.forEach((b, i) => {
        out(`mem${i}_addr`, 32).set(wb.input(b.addr));
        out(`mem${i}_data`, 32).set(wb.input(b.data));
        out(`mem${i}_mask`, 4).set(wb.input(b.mask));
        out(`mem${i}_write`, 1).set(wb.input(b.write));
      });
      out('csr_count', 3).set(wb.input(CSR_COUNT));
      CSR_WRITES.forEach((c, i) => {
        out(`csr${i}_addr`, 12).set(wb.input(c.addr));
        out(`csr${i}_value`, 32).set(wb.input(c.value));
      });
      // Fields extensions add (the NN-RF write of Mac&Load): only in configurations that have them.
      pipeline.onFinish(() => {
        for (const f of recordFields.list()) m.output(`rvfi_${f.name}`, RecordFieldService.typeOf(f.value)).set(f.value);
      });
    },
  };
}

import { Bool, lit, mux, UInt, type Expr } from '../../hdl/index.ts';
import { RD, RS1, RS2 } from '../../isa/fields.ts';
import { operandValue } from '../decode/operands.ts';
import { INSTR, RD_WRITE, RESULT, RS1_READ, RS1_VALUE, RS2_READ, RS2_VALUE, TRAP, WB_DATA } from '../pipeline/keys.ts';
import type { Part } from '../pipeline/part.ts';
import { stageable } from '../pipeline/stageable.ts';
import { regfile } from '../units/regfile.ts';

/** Register numbers of the instruction (standard fields of the 32-bit form), produced in ID. */
export const RS1_ADDR = stageable('rs1_addr', UInt(5));
export const RS2_ADDR = stageable('rs2_addr', UInt(5));
export const RD_ADDR = stageable('rd_addr', UInt(5));
/** Decode control: the result is known only in WB (loads), so a dependent instruction in ID must wait. */
export const RESULT_IN_WB = stageable('result_in_wb', Bool());

/**
 * The integer register file: read in ID with forwarding from EX (RESULT) and WB (WB_DATA), written in WB.
 * Hazards: an instruction in ID that needs the rd of a load in EX waits one cycle (load-use); every other
 * dependency is forwarded. Instructions that stay in EX longer (divider) hold ID behind them, and their
 * RESULT is forwarded in the cycle they leave.
 */
export function regfilePart(): Part {
  return {
    name: 'regfile',
    setup(ctx) {
      for (const k of [RS1_ADDR, RS2_ADDR, RD_ADDR, RS1_VALUE, RS2_VALUE]) ctx.pipeline.produce(k, 'id');
      ctx.decode.control(RESULT_IN_WB);
    },
    build(ctx) {
      const { m, pipeline } = ctx;
      const { id, ex, wb } = pipeline.stages;
      const instr = id.input(INSTR);
      id.insert(RS1_ADDR, operandValue(RS1(), instr));
      id.insert(RS2_ADDR, operandValue(RS2(), instr));
      id.insert(RD_ADDR, operandValue(RD(), instr));
      const rf = m.instance(regfile, {}, 'regfile');
      rf.raddrA.set(id.input(RS1_ADDR));
      rf.raddrB.set(id.input(RS2_ADDR));

      const exWrites = m.named('ex_writes_rd', ex.valid.and(ex.input(RD_WRITE)).and(ex.input(RD_ADDR).ne(0)));
      const wbWrites = m.named('wb_writes_rd', wb.valid.and(wb.input(RD_WRITE)).and(wb.input(TRAP).not()).and(wb.input(RD_ADDR).ne(0)));
      const forward = (addr: Expr, file: Expr): Expr =>
        mux(exWrites.and(ex.input(RD_ADDR).eq(addr)), ex.input(RESULT), mux(wbWrites.and(wb.input(RD_ADDR).eq(addr)), wb.input(WB_DATA), file));
      id.insert(RS1_VALUE, forward(id.input(RS1_ADDR), rf.rdataA));
      id.insert(RS2_VALUE, forward(id.input(RS2_ADDR), rf.rdataB));

      const late = exWrites.and(ex.input(RESULT_IN_WB));
      const needs = (use: Expr, addr: Expr) => use.and(addr.eq(ex.input(RD_ADDR)));
      const loadUse = m.named('load_use', late.and(needs(id.input(RS1_READ), id.input(RS1_ADDR)).or(needs(id.input(RS2_READ), id.input(RS2_ADDR)))));
      id.haltWhen(loadUse);

      rf.we.set(wb.fire.and(wb.input(RD_WRITE)).and(wb.input(TRAP).not()));
      rf.waddr.set(wb.input(RD_ADDR));
      rf.wdata.set(wb.input(WB_DATA));
      void lit;
    },
  };
}

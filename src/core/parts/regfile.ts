import { Bool, lit, mux, UInt, type Expr, type Signal } from '../../hdl/index.ts';
import { RD, RS1, RS2 } from '../../isa/fields.ts';
import { operandValue } from '../decode/operands.ts';
import {
  INSTR, RD_WRITE, RESULT, RS1_READ, RS1_VALUE, RS1_WB, RS1_WB_VALUE, RS2_READ, RS2_VALUE, RS3_READ, RS3_VALUE, TRAP, WB_DATA,
} from '../pipeline/keys.ts';
import type { Part } from '../pipeline/part.ts';
import type { Stage } from '../pipeline/pipeline.ts';
import { stageable, type Stageable } from '../pipeline/stageable.ts';
import { regfile } from '../units/regfile.ts';

/** Register numbers of the instruction (standard fields of the 32-bit form), produced in ID. */
export const RS1_ADDR = stageable('rs1_addr', UInt(5));
export const RS2_ADDR = stageable('rs2_addr', UInt(5));
/** rd, and rs3 when the instruction reads that field (same bits 11:7). */
export const RD_ADDR = stageable('rd_addr', UInt(5));
/** Decode control: the result is known only in WB (loads), so a dependent instruction in ID must wait. */
export const RESULT_IN_WB = stageable('result_in_wb', Bool());

interface Write {
  on: Expr;
  addr: Expr;
  value: Expr;
  /** The value is not known yet in this stage (a load's rd in EX). */
  late?: Expr;
}

/**
 * The integer register file: read in ID with forwarding from EX and WB, written in WB. Two writes per
 * instruction: rd (RESULT / load data) on port 0 and the post-increment rs1 write-back on port 1; rd wins
 * when both name one register (the golden model's "loaded value wins"). Hazards: an instruction in ID that
 * needs a value not known yet (load data: in EX, or in WB while the data port has not answered) waits;
 * every other dependency is forwarded.
 * Instructions that stay in EX (divider) hold ID behind them, and their RESULT is forwarded when they leave.
 * `rs3`: a third read port for bits 11:7 (XpulpV2 register-offset stores, accumulators).
 */
export function regfilePart(opts: { rs3?: boolean } = {}): Part {
  const rs3 = opts.rs3 ?? false;
  return {
    name: 'regfile',
    setup(ctx) {
      for (const k of [RS1_ADDR, RS2_ADDR, RD_ADDR, RS1_VALUE, RS2_VALUE, ...(rs3 ? [RS3_VALUE] : [])]) ctx.pipeline.produce(k, 'id');
      ctx.decode.control(RESULT_IN_WB);
    },
    build(ctx) {
      const { m, pipeline } = ctx;
      const { id, ex, wb } = pipeline.stages;
      const instr = id.input(INSTR);
      id.insert(RS1_ADDR, operandValue(RS1(), instr));
      id.insert(RS2_ADDR, operandValue(RS2(), instr));
      id.insert(RD_ADDR, operandValue(RD(), instr));
      const rf = m.instance(regfile, { readPorts: rs3 ? 3 : 2, writePorts: 2 }, 'regfile') as Record<string, Signal>;

      const writes = (s: Stage, rdValue: Expr, late?: Expr): Write[] => {
        const live = s.valid.and(s.input(TRAP).not());
        return [
          { on: m.named(`${s.name}_writes_rd`, live.and(s.input(RD_WRITE)).and(s.input(RD_ADDR).ne(0))), addr: s.input(RD_ADDR), value: rdValue, late },
          { on: m.named(`${s.name}_writes_rs1`, live.and(s.input(RS1_WB)).and(s.input(RS1_ADDR).ne(0))), addr: s.input(RS1_ADDR), value: s.input(RS1_WB_VALUE) },
        ];
      };
      // Youngest first: EX over WB; within a stage rd over the rs1 write-back. WB's value is late while WB
      // waits (a load whose data has not arrived): ID must not take it then, EX may already be empty.
      const sources = [...writes(ex, ex.input(RESULT), ex.input(RESULT_IN_WB)), ...writes(wb, wb.input(WB_DATA), wb.halt)];
      const forward = (addr: Expr, file: Expr): Expr => {
        let v = file;
        for (const w of [...sources].reverse()) v = mux(w.on.and(w.addr.eq(addr)), w.value, v);
        return v;
      };
      const reads: Array<[Expr, Expr, Stageable]> = [
        [id.input(RS1_READ), id.input(RS1_ADDR), RS1_VALUE],
        [id.input(RS2_READ), id.input(RS2_ADDR), RS2_VALUE],
        ...(rs3 ? [[id.input(RS3_READ), id.input(RD_ADDR), RS3_VALUE] as [Expr, Expr, Stageable]] : []),
      ];
      reads.forEach(([, addr, key], i) => {
        rf[`raddr${i}`]!.set(addr);
        id.insert(key, forward(addr, rf[`rdata${i}`]!));
      });

      // Load-use: the youngest write of a needed register is late (a load in EX, or a load in WB still
      // waiting for its data); forwarding an older value would be wrong, so ID waits.
      const lateHit = (use: Expr, addr: Expr): Expr => {
        let hit: Expr = lit(0, 1);
        let shadowed: Expr = lit(0, 1); // a younger write of the register decides
        for (const w of sources) {
          const match = w.on.and(w.addr.eq(addr));
          if (w.late) hit = hit.or(match.and(w.late).and(shadowed.not()));
          shadowed = shadowed.or(match);
        }
        return use.and(hit);
      };
      id.haltWhen(m.named('load_use', reads.map(([use, addr]) => lateHit(use, addr)).reduce((a, b) => a.or(b))));

      const retiring = wb.fire.and(wb.input(TRAP).not());
      rf.we0!.set(retiring.and(wb.input(RD_WRITE)));
      rf.waddr0!.set(wb.input(RD_ADDR));
      rf.wdata0!.set(wb.input(WB_DATA));
      rf.we1!.set(retiring.and(wb.input(RS1_WB)));
      rf.waddr1!.set(wb.input(RS1_ADDR));
      rf.wdata1!.set(wb.input(RS1_WB_VALUE));
    },
  };
}

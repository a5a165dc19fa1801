import { Bool, lit, mux, type Expr } from '../../hdl/index.ts';
import { csrByName, instructionById } from '../../isa/index.ts';
import { operandValue } from '../decode/operands.ts';
import { IMM, IMM2, INSTR, IS32, PC, RS1_VALUE, TRAP } from '../pipeline/keys.ts';
import type { Part } from '../pipeline/part.ts';
import { stageable } from '../pipeline/stageable.ts';

export const LP_SET_START = stageable('lp_set_start', Bool());
/** lp.setup[i]: the loop starts at the next instruction (otherwise at pc + target). */
export const LP_START_NEXT = stageable('lp_start_next', Bool());
export const LP_SET_END = stageable('lp_set_end', Bool());
export const LP_SET_COUNT = stageable('lp_set_count', Bool());
/** The count is the immediate (lp.counti, lp.setupi), otherwise rs1. */
export const LP_COUNT_IMM = stageable('lp_count_imm', Bool());
/** Which loop (the `L` operand), produced in ID from the instruction bits. */
export const LP_INDEX = stageable('lp_index', Bool());
/** Fetch predicted that this instruction ends loop 0 / loop 1 (its count decrement is still in flight). */
export const PRED_END0 = stageable('pred_end0', Bool());
export const PRED_END1 = stageable('pred_end1', Bool());

/** Redirect priority: a loop end jumping back overrides a taken branch at the end of the body (GVSoC). */
const LOOP_PRIORITY = 5;

const LOOP_CSRS = [0, 1].map((i) => ({ start: `lpstart${i}`, end: `lpend${i}`, count: `lpcount${i}` }));

/**
 * XpulpV2 hardware loops: the lp.* setup instructions write the loop registers (the CSRs lpstart/lpend/
 * lpcount, kept in the CSR file), and at the end of a body, in EX, an active loop decrements its count and
 * jumps back to its start while the count stays non-zero. Loop 0 is checked first; loop 1 when loop 0
 * did not jump back (both may end on one instruction). Each decrement is a CSR write of the record.
 *
 * Zero overhead: fetch predicts the jump back when the instruction in IF is an active loop end, from the
 * loop registers minus the decrements of loop ends still in ID and EX, and continues at lpstart with no
 * bubble. EX computes the real next pc as above; a wrong prediction (a loop register changed by an
 * instruction still in flight) is repaired there like a mispredicted branch.
 */
export function hwloopPart(): Part {
  return {
    name: 'hwloop',
    setup({ decode, isa, pipeline, csrSide }) {
      for (const c of LOOP_CSRS) csrSide.push(c.start, c.end, c.count);
      pipeline.produce(LP_INDEX, 'id');
      pipeline.produce(PRED_END0, 'if');
      pipeline.produce(PRED_END1, 'if');
      const forms: Record<string, Array<[typeof LP_SET_START, number]>> = {
        'lp.starti': [[LP_SET_START, 1]],
        'lp.endi': [[LP_SET_END, 1]],
        'lp.count': [[LP_SET_COUNT, 1]],
        'lp.counti': [[LP_SET_COUNT, 1], [LP_COUNT_IMM, 1]],
        'lp.setup': [[LP_SET_START, 1], [LP_START_NEXT, 1], [LP_SET_END, 1], [LP_SET_COUNT, 1]],
        'lp.setupi': [[LP_SET_START, 1], [LP_START_NEXT, 1], [LP_SET_END, 1], [LP_SET_COUNT, 1], [LP_COUNT_IMM, 1]],
      };
      for (const [id, values] of Object.entries(forms)) {
        if (!isa.has(id)) continue;
        const def = instructionById(id)!;
        const has = (n: string) => def.operands.some((o) => o.name === n);
        decode.add(id, values, { imm: has('target') ? 'target' : null, ...(has('uimm') ? { imm2: 'uimm' } : {}) });
      }
    },
    build({ m, pipeline, redirect, predict, csrRecord, csrPorts }) {
      const { id, ex } = pipeline.stages;
      const fetch = pipeline.stages.if;
      const lOperand = instructionById('lp.setup')!.operands.find((o) => o.name === 'L')!;
      for (const lid of ['lp.starti', 'lp.endi', 'lp.count', 'lp.counti', 'lp.setupi']) {
        const l = instructionById(lid)?.operands.find((o) => o.name === 'L');
        if (l && JSON.stringify(l.pieces) !== JSON.stringify(lOperand.pieces)) throw new Error(`hwloop: ${lid} has its L operand elsewhere`);
      }
      id.insert(LP_INDEX, operandValue(lOperand, id.input(INSTR)));

      const pc = ex.input(PC);
      const live = ex.fire.and(ex.input(TRAP).not());
      const which = ex.input(LP_INDEX);
      const addr = (name: string) => lit(csrByName(name)!.address, 12);
      const seq = pc.add(mux(ex.input(IS32), lit(4, 32), lit(2, 32)));
      const startValue = mux(ex.input(LP_START_NEXT), seq, pc.add(ex.input(IMM)));
      const endValue = pc.add(ex.input(IMM));
      const countValue = mux(ex.input(LP_COUNT_IMM), ex.input(IMM2), ex.input(RS1_VALUE));
      const setStart = ex.input(LP_SET_START);
      const setEnd = ex.input(LP_SET_END);
      const setCount = ex.input(LP_SET_COUNT);

      // Setup instructions: their writes, in the golden model's order (start, end, count).
      const ports = LOOP_CSRS.map((c) => ({ start: csrPorts.get(c.start)!, end: csrPorts.get(c.end)!, count: csrPorts.get(c.count)! }));
      [0, 1].forEach((i) => {
        const mine = which.eq(i);
        const writes: Array<[Expr, Expr, Expr]> = [
          [setStart, addr(LOOP_CSRS[i]!.start), startValue],
          [setEnd, addr(LOOP_CSRS[i]!.end), endValue],
          [setCount, addr(LOOP_CSRS[i]!.count), countValue],
        ];
        // The record groups are per shape: (start,end,count) for lp.setup[i], one write otherwise.
        csrRecord.add(mine.and(setStart).and(setEnd).and(setCount), writes.map(([, a, v]) => [a, v] as [Expr, Expr]));
        for (const [flag, a, v] of writes) {
          const only = writes.filter(([f]) => f !== flag).reduce((acc, [f]) => acc.and(f.not()), flag);
          csrRecord.add(mine.and(only), [[a, v]]);
        }
      });

      // Loop ends: decrement and jump back while the count stays non-zero. A trapping instruction ends no
      // loop (it does not retire; the trap redirect wins and the count is left to the handler).
      const notTrap = ex.input(TRAP).not();
      const end0 = m.named('loop0_end', notTrap.and(ports[0]!.count.value.ne(0)).and(pc.eq(ports[0]!.end.value)));
      const left0 = ports[0]!.count.value.sub(1);
      const back0 = end0.and(left0.ne(0));
      const end1 = m.named('loop1_end', notTrap.and(back0.not()).and(ports[1]!.count.value.ne(0)).and(pc.eq(ports[1]!.end.value)));
      const left1 = ports[1]!.count.value.sub(1);
      const back1 = end1.and(left1.ne(0));
      csrRecord.append(end0, addr('lpcount0'), left0);
      csrRecord.append(end1, addr('lpcount1'), left1);
      redirect.request(m.named('loop_back', back0.or(back1)), mux(back0, ports[0]!.start.value, ports[1]!.start.value), LOOP_PRIORITY);

      // Fetch-side prediction, the same rule on the loop registers less the decrements in flight.
      const inFlight = (key: typeof PRED_END0) =>
        id.valid.and(id.input(key)).zext(2).add(ex.valid.and(ex.input(key)).zext(2)).zext(32);
      const fpc = fetch.input(PC);
      const count0 = ports[0]!.count.value.sub(inFlight(PRED_END0));
      const count1 = ports[1]!.count.value.sub(inFlight(PRED_END1));
      const pEnd0 = m.named('predict_end0', fetch.valid.and(count0.ne(0)).and(fpc.eq(ports[0]!.end.value)));
      const pBack0 = pEnd0.and(count0.ne(1));
      const pEnd1 = m.named('predict_end1', fetch.valid.and(pBack0.not()).and(count1.ne(0)).and(fpc.eq(ports[1]!.end.value)));
      const pBack1 = pEnd1.and(count1.ne(1));
      fetch.insert(PRED_END0, pEnd0);
      fetch.insert(PRED_END1, pEnd1);
      predict.request(pBack0, ports[0]!.start.value);
      predict.request(pBack1, ports[1]!.start.value);

      [0, 1].forEach((i) => {
        const p = ports[i]!;
        const mine = live.and(which.eq(i));
        p.start.we.set(mine.and(setStart));
        p.start.wdata.set(startValue);
        p.end.we.set(mine.and(setEnd));
        p.end.wdata.set(endValue);
        const decrement = live.and(i === 0 ? end0 : end1);
        p.count.we.set(mine.and(setCount).or(decrement));
        p.count.wdata.set(mux(decrement, i === 0 ? left0 : left1, countValue));
      });
    },
  };
}

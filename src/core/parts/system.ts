import { Bool, Enum, lit, mux, UInt, type Signal } from '../../hdl/index.ts';
import { csrByName, instructionById } from '../../isa/index.ts';
import { operandValue } from '../decode/operands.ts';
import { EXC_CAUSE_T, ILLEGAL, IMM, INSN, INSTR, PC, RS1_VALUE, TRAP, TRAP_CAUSE } from '../pipeline/keys.ts';
import type { Part } from '../pipeline/part.ts';
import { stageable } from '../pipeline/stageable.ts';
import { csrsAbsentIn } from '../../isa/features.ts';
import { CSR_OP_T, CsrOp, csrFile } from '../units/csr-file.ts';
import { RS1_ADDR } from './regfile.ts';

export const CSR_OP = stageable('csr_op', CSR_OP_T);
/** The CSR operand is the 5-bit immediate (csrr*i), not rs1. */
export const CSR_IMM = stageable('csr_imm', Bool());
export const CSR_ADDR = stageable('csr_addr', UInt(12));
/** A CSR instruction in EX writes its CSR (not trapped): what a part needs to see software writes. */
export const CSR_WRITE = stageable('csr_write', Bool());
/** System instruction: 0 none, then the codes of `Sys`. */
const SYS_T = Enum('sys_op', { ecall: 1, ebreak: 2, mret: 3, wfi: 4, fence: 5, fenceI: 6 }, { width: 3, prefix: 'SYS' });
export const SYS = stageable('sys', SYS_T);
const Sys = SYS_T.values;

/** Exception codes (mcause) of the spec. */
export const Cause = EXC_CAUSE_T.values;
/**
 * Redirect priorities (lower wins). A trap beats everything, the hardware-loop end (5) included: a trapping
 * instruction does not retire, so it ends no loop body (CV32E40P leaves the loop count to the handler).
 * mret and fence.i come after the loop end (GVSoC: the loop end overrides any other next pc of the last
 * body instruction), and fence.i refetches whatever the next pc is, lpstart at a loop end.
 */
const PRIORITY = { trap: 0, mret: 6, fenceI: 7 };

const CSR_IDS: Record<string, [number, boolean]> = {
  csrrw: [CsrOp.write, false], csrrs: [CsrOp.set, false], csrrc: [CsrOp.clear, false],
  csrrwi: [CsrOp.write, true], csrrsi: [CsrOp.set, true], csrrci: [CsrOp.clear, true],
};

/**
 * Zicsr with the machine-mode CSR file, traps (illegal instruction, ecall, ebreak) and mret, all taken in EX
 * where every older instruction has left for WB, so traps are precise. wfi and fence retire as no-ops (one
 * hart, in-order memory); fence.i refetches the next instruction (it empties the prefetch buffer).
 * Owns the `hart_id` input (mhartid).
 */
export function systemPart(): Part {
  return {
    name: 'system',
    setup({ decode, pipeline, isa }) {
      for (const [id, [op, imm]] of Object.entries(CSR_IDS)) decode.add(id, [[CSR_OP, op], [CSR_IMM, imm ? 1 : 0]], { imm: imm ? 'uimm' : null });
      decode.add('ecall', [[SYS, Sys.ecall]]);
      decode.add('ebreak', [[SYS, Sys.ebreak]]);
      decode.add('mret', [[SYS, Sys.mret]]);
      decode.add('wfi', [[SYS, Sys.wfi]]);
      decode.add('fence', [[SYS, Sys.fence]], { imm: null });
      if (isa.has('fence.i')) decode.add('fence.i', [[SYS, Sys.fenceI]], { imm: null });
      pipeline.produce(CSR_ADDR, 'id');
      for (const k of [TRAP, TRAP_CAUSE, CSR_WRITE]) pipeline.produce(k, 'ex');
    },
    build({ m, pipeline, exResult, redirect, csrRecord, csrSide, csrExternal, csrPorts, csrKeep, isa, config }) {
      const { id, ex, wb } = pipeline.stages;
      const csrOperand = instructionById('csrrw')!.operands.find((o) => o.name === 'csr')!;
      id.insert(CSR_ADDR, operandValue(csrOperand, id.input(INSTR)));
      const hartId = m.input('hart_id', UInt(32));
      const csr = m.instance(csrFile, { side: csrSide, external: csrExternal, absent: csrsAbsentIn(config), keep: csrKeep }, 'csr_file');
      const side = csr as unknown as Record<string, Signal>;
      for (const name of [...csrSide, ...csrExternal]) {
        csrPorts.set(name, { value: side[`${name}_value`]!, we: side[`${name}_we`]!, wdata: side[`${name}_wdata`]! });
      }

      const op = ex.input(CSR_OP);
      const useImm = ex.input(CSR_IMM);
      const isCsr = m.named('ex_is_csr', op.ne(0));
      const sys = ex.input(SYS);
      const writes = m.named('csr_writes', op.eq(CsrOp.write).or(mux(useImm, ex.input(IMM).ne(0), ex.input(RS1_ADDR).ne(0))));
      csr.hartId.set(hartId);
      csr.addr.set(ex.input(CSR_ADDR));
      csr.op.set(op);
      csr.operand.set(mux(useImm, ex.input(IMM), ex.input(RS1_VALUE)));
      csr.writes.set(isCsr.and(writes));

      const illegal = m.named('illegal_any', ex.input(ILLEGAL).or(isCsr.and(csr.illegal)));
      const ecall = sys.eq(Sys.ecall);
      const ebreak = sys.eq(Sys.ebreak);
      const trap = m.named('trap_taken', ex.valid.and(illegal.or(ecall).or(ebreak)));
      const cause = mux(illegal, lit(Cause.illegal, 5), mux(ebreak, lit(Cause.breakpoint, 5), lit(Cause.ecallM, 5)));
      const pc = ex.input(PC);
      const tval = mux(illegal, ex.input(INSN), mux(ebreak, pc, lit(0, 32)));
      const mret = sys.eq(Sys.mret).and(trap.not());
      csr.commit.set(ex.fire.and(isCsr).and(trap.not()));
      csr.trap.set(ex.fire.and(trap));
      csr.trapCause.set(cause);
      csr.trapPc.set(pc);
      csr.trapTval.set(tval);
      csr.mret.set(ex.fire.and(mret));
      csr.retire.set(wb.fire.and(wb.input(TRAP).not()));

      redirect.request(trap, csr.mtvecBase, PRIORITY.trap);
      redirect.request(mret, csr.mepc, PRIORITY.mret);
      redirect.request(sys.eq(Sys.fenceI), pc.add(4), PRIORITY.fenceI, { always: true });
      exResult.add(isCsr, csr.rdata);
      ex.insert(TRAP, trap);
      ex.insert(TRAP_CAUSE, cause);

      // The record's CSR writes, in the golden model's order.
      const a = (name: string) => lit(csrByName(name)!.address, 12);
      csrRecord.add(trap, [[a('mepc'), pc.and(lit(0xfffffffe, 32))], [a('mcause'), cause.zext(32)], [a('mtval'), tval], [a('mstatus'), csr.mstatusTrap]]);
      csrRecord.add(mret, [[a('mstatus'), csr.mstatusMret]]);
      ex.insert(CSR_WRITE, isCsr.and(writes).and(trap.not()));
      csrRecord.add(ex.input(CSR_WRITE), [[ex.input(CSR_ADDR), csr.wvalue]]);
    },
  };
}

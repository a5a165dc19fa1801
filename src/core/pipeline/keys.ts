import { Bool, Enum, UInt } from '../../hdl/index.ts';
import { stageable } from './stageable.ts';

/** Pipeline values shared by several parts. Part-private values are declared in the part's own file. */

/** Produced in IF by the fetch part. */
export const PC = stageable('pc', UInt(32));
/** Instruction bits as fetched (a compressed instruction in the low half, upper half 0). */
export const INSN = stageable('insn', UInt(32));
export const IS32 = stageable('is32', Bool());
/** The 32-bit instruction (compressed ones expanded). */
export const INSTR = stageable('instr', UInt(32));
export const ILLEGAL_C = stageable('illegal_c', Bool());
/** The next pc fetch went on with (pc + size unless a predictor jumped); EX redirects when it was wrong. */
export const PRED_NPC = stageable('pred_npc', UInt(32));

/** Produced in ID by the decode service. */
export const ILLEGAL = stageable('illegal', Bool());
export const IMM = stageable('imm', UInt(32));
export const IMM2 = stageable('imm2', UInt(32));
export const RS1_READ = stageable('rs1_read', Bool());
export const RS2_READ = stageable('rs2_read', Bool());
export const RD_WRITE = stageable('rd_write', Bool());
/** The instruction reads the register named by bits 11:7 as a third operand (rs3, or rd as accumulator). */
export const RS3_READ = stageable('rs3_read', Bool());
/** The instruction writes rs1 back (post-increment address), as the table's `writesRs1` says. */
export const RS1_WB = stageable('rs1_wb', Bool());

/** Produced in ID by the register-file part (forwarded operands). */
export const RS1_VALUE = stageable('rs1_value', UInt(32));
export const RS2_VALUE = stageable('rs2_value', UInt(32));
export const RS3_VALUE = stageable('rs3_value', UInt(32));

/** Produced in EX: the result bound for rd (result service) and the address of the next instruction. */
export const RESULT = stageable('result', UInt(32));
export const NEXT_PC = stageable('next_pc', UInt(32));
/** Produced in EX (result service): the value written back to rs1 when RS1_WB. */
export const RS1_WB_VALUE = stageable('rs1_wb_value', UInt(32));
/** Produced in EX by the trap part. */
export const TRAP = stageable('trap', Bool());
/** mcause codes of the exceptions the core raises. */
export const EXC_CAUSE_T = Enum('exc_cause', { illegal: 2, breakpoint: 3, ecallM: 11 }, { width: 5, prefix: 'EXC' });
export const TRAP_CAUSE = stageable('trap_cause', EXC_CAUSE_T);

/** Produced in WB: the value written to rd (ALU results pass through, loads arrive here). */
export const WB_DATA = stageable('wb_data', UInt(32));

/** The retirement record's bus beats (produced in WB by the LSU) and CSR writes (produced in EX). */
export const MAX_MEM_BEATS = 2;
export const MAX_CSR_WRITES = 4;
export const MEM_COUNT = stageable('mem_count', UInt(2));
export const MEM_BEATS = Array.from({ length: MAX_MEM_BEATS }, (_, i) => ({
  addr: stageable(`mem${i}_addr`, UInt(32)),
  data: stageable(`mem${i}_data`, UInt(32)),
  mask: stageable(`mem${i}_mask`, UInt(4)),
  write: stageable(`mem${i}_write`, Bool()),
}));
export const CSR_COUNT = stageable('csr_count', UInt(3));
export const CSR_WRITES = Array.from({ length: MAX_CSR_WRITES }, (_, i) => ({
  addr: stageable(`csr${i}_addr`, UInt(12)),
  value: stageable(`csr${i}_value`, UInt(32)),
}));

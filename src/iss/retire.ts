/**
 * The retirement record: one per retired instruction (or per trapping instruction), the contract between
 * the golden model and the RTL's retirement port. Lockstep co-simulation compares the two field by field.
 *
 * The model fills ONE record object in place and hands it to the callback; a callback that keeps records
 * must copy them (`copyRetirement`). With no callback the model never builds records at all.
 */

/**
 * Maximum bus accesses of one instruction: a misaligned access splits into two, Mac&Load has one load,
 * pv.qnt.n reads four thresholds.
 */
export const MAX_MEM = 4;
/** Maximum CSR writes of one instruction (a trap writes mepc, mcause, mtval, mstatus). */
export const MAX_CSR = 6;
/** Maximum NN-RF writes of one instruction (Mac&Load loads one entry). */
export const MAX_NN = 1;

/**
 * One bus beat, as the LSU puts it on the memory port. Misaligned accesses are split like RI5CY does: the
 * first beat covers the bytes up to the end of the first word, the second the rest from the next word.
 */
export interface MemAccess {
  /** Word-aligned byte address of the beat. */
  addr: number;
  /** Data on the bus, lane-aligned (byte i of the word in bits 8i+7..8i); unused bytes are 0. */
  data: number;
  /** Byte enables, bit i for byte i of the word (0x1..0xf). */
  mask: number;
  /** True for a store. */
  write: boolean;
}

export interface CsrWrite {
  addr: number;
  /** The CSR's value after the instruction (after WARL legalization). */
  value: number;
}

export interface NnWrite {
  /** 0 = A0, 1 = A1, 2..5 = W0..W3 (the CSR 0x7D8 + index order). */
  index: number;
  value: number;
}

export interface Retirement {
  /** Hart (core) id, as in `mhartid`. */
  hart: number;
  /** Retirement index of this hart, from 0; a trapping instruction takes an index too. */
  order: number;
  /** Address of the instruction. */
  pc: number;
  /** Instruction bits as fetched (a compressed instruction in the low 16 bits, upper bits 0). */
  insn: number;
  /** 2 or 4. */
  size: number;
  /** Destination register written (1..31), or 0 when the instruction writes no GPR (or writes x0). */
  rd: number;
  /** Value written to `rd` (0 when rd = 0). */
  rdValue: number;
  /** Second GPR write of a post-increment access or Mac&Load (the updated base register), or 0. */
  rs1Wb: number;
  /** Value written to `rs1Wb`. */
  rs1WbValue: number;
  /** Valid entries of `mem`. */
  memCount: number;
  mem: MemAccess[];
  /**
   * Valid entries of `csr`: explicit CSR writes, trap/mret side effects, hardware-loop register writes, and
   * the status-based hardware updates when they change the value, in this order: the Mac&Load address
   * stream (`macl_a_address` / `macl_w_address`), then the controller's `ivec_mixed_cycle` (docs/iss.md).
   */
  csrCount: number;
  csr: CsrWrite[];
  /** Valid entries of `nn`: NN-RF writes by Mac&Load (a CSR write to 0x7D8..0x7DD is listed in `csr`). */
  nnCount: number;
  nn: NnWrite[];
  /**
   * mcause of the trap this instruction raised, or -1. A trapping instruction writes no GPR and no memory;
   * its `csr` entries are the trap's own writes (mepc, mcause, mtval, mstatus) and `nextPc` the handler.
   */
  trap: number;
  /** Address of the next instruction this hart executes. */
  nextPc: number;
}

export type RetireCallback = (r: Retirement) => void;

export function newRetirement(hart: number): Retirement {
  return {
    hart, order: 0, pc: 0, insn: 0, size: 4, rd: 0, rdValue: 0, rs1Wb: 0, rs1WbValue: 0,
    memCount: 0,
    mem: Array.from({ length: MAX_MEM }, () => ({ addr: 0, data: 0, mask: 0, write: false })),
    csrCount: 0,
    csr: Array.from({ length: MAX_CSR }, () => ({ addr: 0, value: 0 })),
    nnCount: 0,
    nn: Array.from({ length: MAX_NN }, () => ({ index: 0, value: 0 })),
    trap: -1, nextPc: 0,
  };
}

/** A detached copy holding only the valid entries. */
export function copyRetirement(r: Retirement): Retirement {
  return {
    ...r,
    mem: r.mem.slice(0, r.memCount).map((m) => ({ ...m })),
    csr: r.csr.slice(0, r.csrCount).map((c) => ({ ...c })),
    nn: r.nn.slice(0, r.nnCount).map((n) => ({ ...n })),
  };
}

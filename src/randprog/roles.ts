/**
 * Register roles and the data region of the table-driven random programs (all configurations). Random
 * instructions never write a reserved register, so addresses built from them always stay legal.
 */

/** x27 (s11): base of the data region. */
export const DATA_BASE_REG = 27;
/** x26 (s10): iteration counter of software loops. */
export const LOOP_REG = 26;
/** x24, x25 (s8, s9): the trap handler's scratch registers. */
export const HANDLER_REGS = [24, 25] as const;
/** x2 (sp) always equals the data base, so c.lwsp/c.swsp (offsets up to 252) stay inside the region. */
export const SP = 2;

export const RESERVED = new Set([SP, DATA_BASE_REG, LOOP_REG, ...HANDLER_REGS]);
/** Registers random instructions may write (x0 included: writes to it are legal and discarded). */
export const WRITABLE = Array.from({ length: 32 }, (_, i) => i).filter((r) => !RESERVED.has(r));
/** Writable registers other than x0: pointers and counters. */
export const POINTERS = WRITABLE.filter((r) => r !== 0);

/** Bytes of the data region random loads, stores and Mac&Loads touch. */
export const DATA_BYTES = 1024;
/** Highest start offset of any access: the widest access (a misaligned word, a qnt tree) fits after it. */
export const MAX_ACCESS_OFFSET = DATA_BYTES - 64;

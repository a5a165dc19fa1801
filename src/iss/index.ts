/**
 * Public entry of the golden model. Typical uses:
 * - run a program: `await runElf('prog.elf', { config: 'flexv', maxInstr: 1e8 })`;
 * - lockstep: `hart.run(1, (r) => compare(r, rtlRecord))` retires exactly one instruction and reports it;
 * - many harts: `new Cluster('flexv', 8)`.
 */
export { Hart, CAUSE_BREAKPOINT, CAUSE_ECALL_M, CAUSE_ILLEGAL, type HartOptions } from './hart.ts';
export { Memory, Region, type HaltReason } from './memory.ts';
export { DEFAULT_SIZES, L2_BASE, PERIPH, PERIPH_BASE, PERIPH_SIZE, TCDM_BASE, type MemorySizes } from './memory-map.ts';
export { Cluster } from './cluster.ts';
export { loadElf } from './loader.ts';
export { runElf, runImage, type RunOptions, type RunResult } from './run.ts';
export { copyRetirement, newRetirement, type CsrWrite, type MemAccess, type NnWrite, type RetireCallback, type Retirement } from './retire.ts';
export { formatCommit } from './trace.ts';
export { CSR } from './csr.ts';
export { SEMANTICS } from './sem/index.ts';

/**
 * Public entry of the golden model. Typical uses:
 * - run a program: `await runElf('prog.elf', { config: 'flexv', maxInstr: 1e8 })`;
 * - lockstep: `hart.run(1, (r) => compare(r, rtlRecord))` retires exactly one instruction and reports it;
 * - many harts with the event unit and DMA: `const c = new Cluster('flexv', 8); c.load(image); c.run()`.
 */
export { Hart, CAUSE_BREAKPOINT, CAUSE_ECALL_M, CAUSE_ILLEGAL, type HartOptions } from './hart.ts';
export { Memory, Region, SLEEP, type HaltReason, type PeriphDevice } from './memory.ts';
export {
  DEFAULT_SIZES, DMA_REG, EU_REG, EVENT, EVENT_BITS, L2_BASE, PERIPH, PERIPH_BASE, PERIPH_SIZE, TCDM_BASE, type MemorySizes,
} from '../platform/memory-map.ts';
export { Cluster, MAX_CLUSTER_CORES, type ClusterOptions, type ClusterRunResult, type StepOutcome } from './cluster.ts';
export { EventUnit, WaitKind } from './cluster/event-unit.ts';
export { Dma, type DmaCompletion } from './cluster/dma.ts';
export { ClusterPeripherals } from './cluster/periph.ts';
export { loadElf } from './loader.ts';
export { runElf, runImage, type RunOptions, type RunResult } from './run.ts';
export { copyRetirement, newRetirement, type CsrWrite, type MemAccess, type NnWrite, type RetireCallback, type Retirement } from './retire.ts';
export { formatCommit } from './trace.ts';
export { CSR } from './csr.ts';
export { SEMANTICS } from './sem/index.ts';
export { SB, SB_CSR, decodeMode } from './status.ts';
export { controllerStep, formatDot, wideWidth } from './mixed.ts';

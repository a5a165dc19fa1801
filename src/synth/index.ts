/** The synthesis flow: Yosys scripts, SDC, area / flip-flop / logic-depth reports, comparisons. */
export { yosysCheck, type YosysCheckResult } from './check.ts';
export { writeSdc, renderSdc, DEFAULT_SDC, type SdcOptions } from './sdc.ts';
export { synthesize, type SynthInput, type SynthOptions } from './flow.ts';
export { synthTarget, compareTarget, type RunOptions } from './run.ts';
export { compareReports, type CompareReport, type CompareRow } from './compare.ts';
export { formatReport, formatCompare } from './format.ts';
export { TARGETS, type Target, type TargetRequest } from './targets.ts';
export { CELL_WEIGHTS, MACRO_NAND2_PER_BIT, cellWeight } from './cell-area.ts';
export { classifyMemory, DEFAULT_MACRO_MIN_BITS, type MemoryReport } from './memories.ts';
export { progressPrinter, type ProgressEvent, type ProgressSink } from './progress.ts';
export type { SynthReport, ModuleReport, BlockReport, CellSummary } from './report.ts';
export type { LogicDepth } from './ltp.ts';
export type { EmittedDesign, EmittedPort } from './design-types.ts';

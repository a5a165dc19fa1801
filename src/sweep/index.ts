/** `flexv sweep`: cluster size x banking factor -> throughput of a kernel in lockstep and area. */
export type { SweepPoint, KernelChoice, PerfResult, AreaResult, PointRunner, PointResult, PointFailure, Stage, SweepEvent } from './types.ts';
export { runSweep, addSpeedups, type SweepOptions } from './engine.ts';
export { parseIntList, parseFormat, sweepPoints, pointName, DEFAULT_SWEEP_KERNEL } from './grid.ts';
export { clusterPointRunner, type ClusterRunnerOptions } from './cluster-runner.ts';
export { sweepCsv, SWEEP_COLUMNS, efficiency } from './csv.ts';
export { sweepSvg } from './chart.ts';
export { formatSweepTable } from './table.ts';
export { sweepProgress } from './progress.ts';
export { writeSweepFiles, type SweepFiles } from './output.ts';

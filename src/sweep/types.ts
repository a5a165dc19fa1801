/**
 * The sweep's small interfaces: what one point is, what running it gives, and the runner that does the
 * work. The engine (engine.ts), CSV, chart and table only see these, so they are tested with fake
 * runners and the real runner (runner.ts: cluster generator, Verilator lockstep, Yosys) plugs in here.
 */

/** One point of the sweep: a cluster and the kernel run on it. */
export interface SweepPoint {
  cores: number;
  /** Banking factor: TCDM banks = cores x banking. */
  banking: number;
  /** Core configuration of every core (baseline | xpulpnn | flexv). */
  config: string;
  kernel: KernelChoice;
}

/** The kernel a point runs: a cluster kernel name and its activation/weight precisions (bits). */
export interface KernelChoice {
  name: string;
  a: number;
  w: number;
}

/** Throughput of a point: the kernel run on the RTL cluster with every retirement checked. */
export interface PerfResult {
  /** Cycles of the kernel's timed region (first barrier to last, the cluster's cycle counter). */
  cycles: number;
  /** Cycles of the whole program (start-up, data checks and EOC included). */
  totalCycles: number;
  /** Multiply-accumulates the kernel performs (from its shape, not from the run). */
  macs: number;
  /** TCDM bank conflicts summed over the cores. */
  conflicts: number;
  /** Retirements compared with the golden model (0 when lockstep was off). */
  retirementsCompared: number;
}

/** Area of a point's cluster from the synthesis flow (src/synth). */
export interface AreaResult {
  /** Logic, NAND2-equivalents (macros excluded). */
  nand2: number;
  /** Logic plus the TCDM/L2 macros at the documented bit cost. */
  nand2WithMacros: number;
  macroBits: number;
  flops: number;
}

/** The steps of a point, in order; progress names the one running and a failure the one that failed. */
export type Stage = 'kernel' | 'build' | 'run' | 'check' | 'synth';

export type StageSink = (stage: Stage) => void;

/** Does the work of a point. `perf` covers kernel, build, run and check; `area` the synthesis. */
export interface PointRunner {
  perf(point: SweepPoint, stage: StageSink): Promise<PerfResult>;
  area(point: SweepPoint, stage: StageSink): Promise<AreaResult>;
}

/** What went wrong in a point: the stage and the message (never a stack trace). */
export interface PointFailure {
  stage: Stage;
  message: string;
}

export interface PointResult {
  point: SweepPoint;
  perf?: PerfResult;
  area?: AreaResult;
  /** MAC/cycle of the run. */
  macPerCycle?: number;
  /** Cycles of the 1-core point with the same banking, config and kernel over this point's cycles. */
  speedup?: number;
  failures: PointFailure[];
  seconds: number;
}

/** Progress of a sweep, as it goes. */
export type SweepEvent =
  | { kind: 'point-start'; index: number; total: number; point: SweepPoint }
  | { kind: 'stage'; index: number; total: number; point: SweepPoint; stage: Stage; elapsedMs: number }
  | { kind: 'point-end'; index: number; total: number; result: PointResult };

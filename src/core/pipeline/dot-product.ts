import { UInt, type Expr, type ModuleBuilder } from '../../hdl/index.ts';
import { OverrideService } from './override.ts';
import type { Pipeline } from './pipeline.ts';

/** Bits of the lane-format codes (0 16-bit, 1 8-bit, 2 4-bit, 3 2-bit) and of the sub-group index. */
export const DOT_FMT_BITS = 2;
export const DOT_IDX_BITS = 3;

/** What a dot-product unit computes from: `(accumulate ? acc : 0) + sum of products of a and b`. */
export interface DotUnitInputs {
  a: Expr;
  b: Expr;
  acc: Expr;
  /** Lane-format codes of a (activations) and b (weights); equal = a uniform dot product. */
  fmtA: Expr;
  fmtB: Expr;
  /** Sub-group of the narrower operand when the formats differ. */
  idx: Expr;
  signA: Expr;
  signB: Expr;
  accumulate: Expr;
}

/** Builds a dot-product unit in the core module and returns its 32-bit result. */
export type DotUnitBuilder = (m: ModuleBuilder, io: DotUnitInputs) => Expr;

/**
 * The dot-product unit's service. The SIMD part owns the unit (its register-form dot products decide the
 * defaults: rs1, rs2 or its replicated forms, the instruction's lane format, sub-group 0) and builds it in
 * EX; extensions change it without the SIMD part knowing them:
 *  - `replaceUnit` (setup): one extension may bring a unit with more formats (the Flex-V unit), built with
 *    the same inputs;
 *  - `a`, `b`, `fmtA`, `fmtB`, `idx` (build): operand overrides under the extension's condition (Mac&Load
 *    reads the NN-RF, the status-based mode takes formats and the sub-group from its CSRs).
 */
export class DotProductService {
  readonly a: OverrideService;
  readonly b: OverrideService;
  readonly fmtA: OverrideService;
  readonly fmtB: OverrideService;
  readonly idx: OverrideService;
  private replacement: { by: string; build: DotUnitBuilder } | undefined;

  constructor(pipeline: Pipeline) {
    this.a = new OverrideService(pipeline, 'dotp_op_a', UInt(32));
    this.b = new OverrideService(pipeline, 'dotp_op_b', UInt(32));
    this.fmtA = new OverrideService(pipeline, 'dotp_fmt_a', UInt(DOT_FMT_BITS));
    this.fmtB = new OverrideService(pipeline, 'dotp_fmt_b', UInt(DOT_FMT_BITS));
    this.idx = new OverrideService(pipeline, 'dotp_idx', UInt(DOT_IDX_BITS));
  }

  /** An extension's unit instead of the owner's (setup phase; at most one). */
  replaceUnit(by: string, build: DotUnitBuilder): void {
    if (this.replacement) throw new Error(`dot product: ${by} replaces the unit, but ${this.replacement.by} already did`);
    this.replacement = { by, build };
  }

  /** The unit to build: the replacement, or the owner's `base`. */
  unit(base: DotUnitBuilder): DotUnitBuilder {
    return this.replacement?.build ?? base;
  }
}

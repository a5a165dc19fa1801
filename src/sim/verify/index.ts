/** Verification of the library blocks (src/blocks) against independent TypeScript reference models. */
import { counterCheck } from './counter.ts';
import { lzcCheck, onehotEncoderCheck, priorityEncoderCheck } from './combinational.ts';
import { fifoCheck } from './fifo.ts';
import { rrArbiterCheck } from './rr_arbiter.ts';
import type { BlockCheck } from './check.ts';

export type { BlockCheck, ReferenceModel, Row } from './check.ts';
export { runCheck, describeFailures, type CheckResult, type RunOptions } from './run.ts';
export { counterCheck, fifoCheck, lzcCheck, onehotEncoderCheck, priorityEncoderCheck, rrArbiterCheck };

/** The parameter sets the tests verify: edge cases (smallest sizes, non-powers of two) and typical ones. */
export const BLOCK_CHECKS: Record<string, BlockCheck[]> = {
  fifo: [fifoCheck(8, 1), fifoCheck(8, 2), fifoCheck(5, 5), fifoCheck(32, 16)],
  rr_arbiter: [rrArbiterCheck(1), rrArbiterCheck(2), rrArbiterCheck(3), rrArbiterCheck(8), rrArbiterCheck(5, true)],
  priority_encoder: [priorityEncoderCheck(2), priorityEncoderCheck(5), priorityEncoderCheck(40)],
  onehot_encoder: [onehotEncoderCheck(2), onehotEncoderCheck(8), onehotEncoderCheck(33)],
  lzc: [lzcCheck(2), lzcCheck(7), lzcCheck(70)],
  counter: [counterCheck(1), counterCheck(4), counterCheck(40)],
};

/** One representative parameter set per block, for `flexv demo`. */
export const DEMO_CHECKS: BlockCheck[] = [
  fifoCheck(8, 5),
  rrArbiterCheck(8),
  priorityEncoderCheck(16),
  onehotEncoderCheck(8),
  lzcCheck(32),
  counterCheck(8),
];

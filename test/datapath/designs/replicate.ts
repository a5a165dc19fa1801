// Test harness design: replicateLane0 of operand-steer.ts as a module, so it can be simulated.
import { module, UInt } from '../../../src/hdl/index.ts';
import { LANE_FORMAT_BITS } from '../../../src/core/flexv/formats.ts';
import { replicateLane0 } from '../../../src/core/flexv/operand-steer.ts';

export const replicate = module('flexv_replicate_lane0', (m) => {
  const fmt = m.input('fmt', UInt(LANE_FORMAT_BITS));
  const v = m.input('v', UInt(32));
  const out = m.output('out', UInt(32));
  out.set(replicateLane0(v, fmt));
  return { fmt, v, out };
});
export default replicate;

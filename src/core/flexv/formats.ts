import { Enum } from '../../hdl/index.ts';
/**
 * Lane formats of the Flex-V datapath units. One 2-bit code per operand: 0 = 16-bit (.h), 1 = 8-bit (.b),
 * 2 = 4-bit (.n), 3 = 2-bit (.c), i.e. width = 16 >> code.
 */
export const LANE_FMT_T = Enum('lane_fmt', { h: 0, b: 1, n: 2, c: 3 }, { width: 2, prefix: 'FMT' });
export const LaneFormat = LANE_FMT_T.values;
export const LANE_FORMAT_BITS = LANE_FMT_T.width;

/** Lane width in bits of a format code. */
export function laneWidth(code: number): number {
  if (!Number.isInteger(code) || code < 0 || code > 3) throw new RangeError(`lane format code ${code} is not 0..3`);
  return 16 >> code;
}

/** Format code of a lane width (16, 8, 4, 2). */
export function laneFormatOf(width: number): number {
  const code = [16, 8, 4, 2].indexOf(width);
  if (code < 0) throw new RangeError(`lane width ${width} is not one of 16, 8, 4, 2`);
  return code;
}

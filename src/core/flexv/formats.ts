/**
 * Lane formats of the Flex-V datapath units. One 2-bit code per operand: 0 = 16-bit (.h), 1 = 8-bit (.b),
 * 2 = 4-bit (.n), 3 = 2-bit (.c), i.e. width = 16 >> code. The `mpc` CSR codes its formats 0 = 8, 1 = 4,
 * 2 = 2 (spec §5), which is this code minus one: `laneFormatOfMpc`.
 */
export const LaneFormat = { h: 0, b: 1, n: 2, c: 3 } as const;
export const LANE_FORMAT_BITS = 2;

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

/** Format code of an `mpc` afmt/wfmt field value (0 = 8-bit, 1 = 4-bit, 2 = 2-bit). */
export function laneFormatOfMpc(field: number): number {
  if (field < 0 || field > 2) throw new RangeError(`mpc format ${field} is reserved`);
  return field + 1;
}

import type { LaneWidth } from './types.ts';

/**
 * Operand formats of the Flex-V status-based mode (spec §5.3): the value of CSR `ivec_fmt` (0x00D).
 * Activations are operand A (rs1, NN-RF A), weights operand B (rs2, NN-RF W). `lanes` (L) products per
 * instruction in the wider operand's lanes; the narrower operand's word holds `groups` (R) sub-groups.
 */
export interface VecFormat {
  value: number;
  name: string;
  /** Activation and weight widths in bits; undefined for VEC_MODE32 (scalar code). */
  act?: LaneWidth;
  wt?: LaneWidth;
  lanes: number;
  groups: number;
  /** A flexv extension beyond the published core (activations narrower than weights, values 11..13). */
  extension: boolean;
}

const fmt = (value: number, name: string, act?: LaneWidth, wt?: LaneWidth, extension = false): VecFormat => {
  const wide = act && wt ? Math.max(act, wt) : 32;
  const narrow = act && wt ? Math.min(act, wt) : 32;
  return { value, name, act, wt, lanes: 32 / wide, groups: wide / narrow, extension };
};

export const VEC_FORMATS: readonly VecFormat[] = [
  fmt(0, 'VEC_MODE32'),
  fmt(1, 'VEC_MODE16', 16, 16),
  fmt(2, 'VEC_MODE8', 8, 8),
  fmt(3, 'VEC_MODE4', 4, 4),
  fmt(4, 'VEC_MODE2', 2, 2),
  fmt(5, 'MIXED_2x4', 4, 2),
  fmt(6, 'MIXED_2x8', 8, 2),
  fmt(7, 'MIXED_2x16', 16, 2),
  fmt(8, 'MIXED_4x8', 8, 4),
  fmt(9, 'MIXED_4x16', 16, 4),
  fmt(10, 'MIXED_8x16', 16, 8),
  fmt(11, 'MIXED_A2x4', 2, 4, true),
  fmt(12, 'MIXED_A2x8', 2, 8, true),
  fmt(13, 'MIXED_A4x8', 4, 8, true),
];

/** Values a write of `ivec_fmt` may store; a write of any other value (14, 15) leaves the CSR unchanged. */
export const VEC_FORMAT_COUNT = VEC_FORMATS.length;
/** The published core's formats end here; values from this one up are flexv's extension formats. */
export const FIRST_EXTENSION_FORMAT = VEC_FORMATS.find((f) => f.extension)!.value;

export function vecFormat(value: number): VecFormat | undefined {
  return VEC_FORMATS[value];
}

/** The format value of an (activation, weight) width pair, or undefined when there is none. */
export function vecFormatOf(act: LaneWidth, wt: LaneWidth): VecFormat | undefined {
  return VEC_FORMATS.find((f) => f.act === act && f.wt === wt);
}

import type { Bits, Build } from '../formats.ts';
import { outputSize, type ConvGeometry } from '../ref/conv.ts';
import { UserError } from '../../util/errors.ts';

/**
 * How the depthwise kernel (sw/cluster/depthwise.c) runs a layer in a build: the lane widths, the passes along
 * an output row, the dot products per output, and the host-side weight layout. The C code gets the widths as
 * defines (DW_PA, DW_D) and the rest in `struct cluster_layer`, so this file is the one place they are decided.
 *
 * A column of the stream is 4 lanes (kernel rows ky; kh <= 4) of `pa` bits; a dot product of `d`-bit lanes
 * covers a group of 8 / d columns. An output whose window starts at padded column s (phase phi = s mod group)
 * sums dots[phi] dot products of consecutive groups with its channel's weight words for that phase.
 */
export interface DepthwisePlan {
  /** Activation lane width of the column stream. */
  pa: Bits;
  /** Dot-product lane width; the weights are stored at this width. */
  d: Bits;
  /** Columns per dot group (8 / d) and per stream word (8 / pa); groups per stream word (d / pa). */
  groupCols: number;
  wordCols: number;
  ra: number;
  /** Outputs of a pass are `step` apart and `adv` groups apart; the phase is constant in a pass. */
  step: number;
  adv: number;
  /** Dot products per output, by phase (length groupCols). */
  dots: number[];
  /** The passes along an output row (outputs p, p + step, ...): dot products, first column group, outputs,
   *  offset of the phase's weight words in a channel's. */
  passes: { dots: number; grp: number; count: number; weights: number }[];
  /** Weight words per phase and per channel. */
  phaseWords: number;
  channelWords: number;
  /** Words of one column stream (one channel, one output row; each packed word stored `ra` times, once per
   *  group, shifted so that group g is word g's sub-group 0), with slack for the last dot products. */
  colWords: number;
}

/** Largest window the 4-lane columns hold. */
export const DEPTHWISE_MAX_KERNEL = 4;
/** Passes per output row the kernel takes (DW_MAX_PASSES, sw/cluster/layer.h): step <= groupCols <= 4. */
export const DEPTHWISE_MAX_PASSES = 8;

const gcd = (x: number, y: number): number => (y === 0 ? x : gcd(y, x % y));

/**
 * Which column stream a layer runs on. 'fastest' (the default): 8-bit lanes in every build. The 8-bit stream
 * is the only one whose slide is fused into the output loop (one column per word: no mask, no edge words,
 * the window's columns rotate in registers); with several columns per word the slide is a separate pass with
 * masks and edge checks, and it costs more than the 1.5-2 dot products per output the narrower lanes save
 * (measured on every sub-byte pair and every build, docs/cluster-kernels.md). Every build has the 8-bit dot
 * product (XpulpV2 pv.sdotusp.b; flexv runs it status-based with format VEC_MODE8), so none can be slower than
 * the baseline's code. 'native': the narrowest lanes the build's dot products take, kept as an explicit
 * option (measured, tested) for the day the sub-byte slide is fused too: xpulpnn max(a, w) (the gather
 * widens the narrower activations for free: it extracts every element anyway; the weights are widened
 * host-side), flexv a (activations never widened; the status-based dot product reads sub-group 0 of the packed
 * word, format (a, max(a, w)), flexv's extension formats 11..13 when a < w).
 */
export type DepthwiseLanes = 'fastest' | 'native';
export const DEPTHWISE_LANES: readonly DepthwiseLanes[] = ['fastest', 'native'];

/** Lane widths of the column stream (pa) and of the dot product (d) for a build, pair and lane choice. */
export function depthwiseWidths(build: Build, a: Bits, w: Bits, lanes: DepthwiseLanes = 'fastest'): { pa: Bits; d: Bits } {
  if (lanes !== 'fastest' && lanes !== 'native') throw new UserError(`depthwise lanes = '${String(lanes)}' must be one of ${DEPTHWISE_LANES.join(', ')}`);
  // Baseline: XpulpV2 has no narrower dot product, both choices are the 8-bit stream.
  if (lanes === 'fastest' || build === 'baseline') return { pa: 8, d: 8 };
  const d = (a > w ? a : w) as Bits;
  return { pa: build === 'flexv' ? a : d, d };
}

export function depthwisePlan(build: Build, a: Bits, w: Bits, g: ConvGeometry, lanes: DepthwiseLanes = 'fastest'): DepthwisePlan {
  const { pa, d } = depthwiseWidths(build, a, w, lanes);
  const groupCols = 8 / d, wordCols = 8 / pa, ra = d / pa;
  const { ow } = outputSize(g);
  const need = Array.from({ length: groupCols }, (_, phi) => Math.ceil((phi + g.kw) / groupCols));
  // The smallest step that keeps the phase constant in a pass.
  const step = groupCols / gcd(groupCols, g.stride), adv = (step * g.stride) / groupCols;
  const dots = need;
  const phaseWords = Math.max(...dots);
  const passes = Array.from({ length: Math.min(step, ow) }, (_, p) => {
    const s = p * g.stride, phi = s % groupCols;
    return { dots: dots[phi], grp: Math.floor(s / groupCols), count: Math.ceil((ow - p) / step), weights: phi * phaseWords };
  });
  if (passes.length > DEPTHWISE_MAX_PASSES) throw new Error(`depthwise plan: ${passes.length} passes, the kernel takes ${DEPTHWISE_MAX_PASSES}`);
  const cols = (ow - 1) * g.stride + g.kw;
  return {
    pa, d, groupCols, wordCols, ra, step, adv, dots, passes, phaseWords, channelWords: groupCols * phaseWords,
    colWords: ra * (Math.ceil(cols / wordCols) + 1) + phaseWords,
  };
}

/**
 * The weight words the kernel reads, `[channel][phase][dot]`, each word `d`-bit lanes: lane t * 4 + ky of the
 * m-th word of phase phi holds the tap (ky, kx = m * group + t - phi), zero where there is none. `weights` is
 * the reference layout [kh][kw][c].
 */
export function depthwiseWeightWords(plan: DepthwisePlan, weights: Int32Array, g: ConvGeometry): Uint32Array {
  const c = g.cin, out = new Uint32Array(c * plan.channelWords);
  const mask = (1 << plan.d) - 1;
  for (let ch = 0; ch < c; ch++) {
    for (let phi = 0; phi < plan.groupCols; phi++) {
      for (let m = 0; m < plan.phaseWords; m++) {
        let word = 0;
        for (let t = 0; t < plan.groupCols; t++) {
          const kx = m * plan.groupCols + t - phi;
          if (kx < 0 || kx >= g.kw) continue;
          for (let ky = 0; ky < g.kh; ky++) word |= (weights[(ky * g.kw + kx) * c + ch] & mask) << ((t * 4 + ky) * plan.d);
        }
        out[ch * plan.channelWords + phi * plan.phaseWords + m] = word >>> 0;
      }
    }
  }
  return out;
}

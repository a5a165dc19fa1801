import { vecFormat, type VecFormat } from '../isa/vec-formats.ts';
import { dotLanes, dotSource } from './lanes.ts';
import { SB, SB_CSR } from './status.ts';

/**
 * Flex-V dot products under an operand format (spec §5.3) and the mixed-precision controller, as values
 * (for tests and the RTL's reference) and as the code the block compiler inlines.
 *
 * Operand A is the activations (rs1, NN-RF A), operand B the weights (rs2, NN-RF W). With R = 1 the format
 * is uniform; with R > 1 the wider operand supplies its L lanes and the narrower one the L elements of its
 * sub-group c = ivec_mixed_cycle mod R (R is a power of two, so c mod R = c & (R - 1)).
 */

/** The lane width of the wider operand: the width of ALU (non-dot) operations under the format. */
export function wideWidth(f: VecFormat): number {
  return 32 / f.lanes;
}

/** Element offsets of operand A and B for sub-group `c`: only the narrower operand moves. */
function offsets(f: VecFormat, c: number): [number, number] {
  const off = c * f.lanes;
  return [f.act! < f.wt! ? off : 0, f.wt! < f.act! ? off : 0];
}

/**
 * acc + the dot product of activations `a` and weights `b` under format value `fmt` with mixed cycle
 * `cycle` (any 3-bit value; taken modulo R), modulo 2^32. `sa`/`sb`: the operand is signed.
 */
export function formatDot(fmt: number, cycle: number, acc: number, a: number, b: number, sa: boolean, sb: boolean): number {
  const f = vecFormat(fmt);
  if (!f || f.act === undefined || f.wt === undefined) throw new RangeError(`format ${fmt} has no dot product`);
  const [ia, ib] = offsets(f, cycle & (f.groups - 1));
  return dotLanes(acc, a, b, f.act, f.wt, sa, sb, ia, ib, f.lanes);
}

/**
 * The controller's step after one counted dot-product instruction: the hidden count increments; at
 * max(skip, 1) it returns to 0 and the cycle becomes (c + 1) mod R (unchanged when R = 1).
 */
export function controllerStep(fmt: number, state: { cycle: number; skip: number; count: number }): { cycle: number; count: number } {
  const groups = vecFormat(fmt)?.groups ?? 1;
  const count = state.count + 1;
  if (count < Math.max(state.skip, 1)) return { cycle: state.cycle, count };
  return { cycle: groups > 1 ? (state.cycle + 1) & (groups - 1) : state.cycle, count: 0 };
}

/**
 * Statements setting local `sum` to acc + the dot product under `f`, reading the sub-group into local
 * `cyc` first when the format is mixed. `acc`, `a`, `b` are expressions evaluated once each sub-group
 * (pass locals or register reads).
 */
export function formatDotSource(f: VecFormat, sa: boolean, sb: boolean, sum: string, acc: string, a: string, b: string, cyc: string): string {
  if (f.groups === 1) return `${sum} = ${dotSource(f.act!, f.wt!, sa, sb, 0, 0, acc, a, b)};\n`;
  const dots = Array.from({ length: f.groups }, (_, c) => {
    const [ia, ib] = offsets(f, c);
    return dotSource(f.act!, f.wt!, sa, sb, ia, ib, acc, a, b);
  });
  const select = dots.slice(1).reduce((e, d, k) => `${cyc} === ${k + 1} ? ${d} : ${e}`, dots[0]);
  return `${cyc} = SB[${SB.cycle}] & ${f.groups - 1};\n${sum} = ${select};\n`;
}

/**
 * Statements of the controller's step for one counted instruction under a mixed format (R > 1), given the
 * local `cyc` that formatDotSource set. When the cycle advances, the write of `ivec_mixed_cycle` goes into
 * the retirement record (traced code). Under a uniform format the step is not generated: the hidden count
 * cannot be observed, since the next mixed format is set by a write of `ivec_fmt`, which resets it.
 */
export function controllerSource(f: VecFormat, cyc: string, traced: boolean): string {
  if (f.groups === 1) return '';
  const s = `SB[${SB.skip}]`;
  const rec = traced ? ` h.recordCsr(${SB_CSR.cycle}, SB[${SB.cycle}]);` : '';
  return (
    `if (++SB[${SB.count}] >= (${s} > 1 ? ${s} : 1)) { SB[${SB.count}] = 0; ` +
    `SB[${SB.cycle}] = (${cyc} + 1) & ${f.groups - 1};${rec} }\n`
  );
}

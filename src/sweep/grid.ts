import { DEFAULT_CLUSTER_KERNEL, DEFAULT_FORMATS } from '../kernels/cluster/catalog.ts';
import { UserError } from '../util/errors.ts';
import type { KernelChoice, SweepPoint } from './types.ts';

/** The kernel `flexv sweep` runs when --kernel/--format are absent: issue 9's conv layer, a2w2 (B's defaults). */
export const DEFAULT_SWEEP_KERNEL: KernelChoice = { name: DEFAULT_CLUSTER_KERNEL, ...DEFAULT_FORMATS };

/**
 * `--cores 1,2,4,8` -> [1, 2, 4, 8]: positive integers, no duplicates, kept in the given order.
 * `flag` names the option in the error.
 */
export function parseIntList(text: string, flag: string): number[] {
  const items = text.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) throw new UserError(`${flag}: expected a comma-separated list of integers, got '${text}'`);
  const values = items.map((s) => {
    if (!/^\d+$/.test(s) || Number(s) < 1) throw new UserError(`${flag}: '${s}' is not a positive integer (in '${text}')`);
    return Number(s);
  });
  const dup = values.find((v, i) => values.indexOf(v) !== i);
  if (dup !== undefined) throw new UserError(`${flag}: ${dup} appears twice in '${text}'`);
  return values;
}

/** `a4w2` (activation 4 bits, weight 2 bits) -> { a: 4, w: 2 }; precisions 2, 4 or 8. */
export function parseFormat(text: string): { a: number; w: number } {
  const m = /^a(\d+)w(\d+)$/.exec(text.trim());
  if (!m || ![m[1], m[2]].every((b) => ['2', '4', '8'].includes(b!))) {
    throw new UserError(`--format: expected aXwY with X, Y in 2, 4, 8 (e.g. a4w2), got '${text}'`);
  }
  return { a: Number(m[1]), w: Number(m[2]) };
}

/** Every (cores, banking) pair in sweep order: banking outer, cores inner, so one line of the chart runs at a time. */
export function sweepPoints(cores: number[], banking: number[], config: string, kernel: KernelChoice): SweepPoint[] {
  for (const b of banking) {
    if ((b & (b - 1)) !== 0) throw new UserError(`--banking: ${b} is not a power of two (banks = cores x banking, word-interleaved)`);
  }
  return banking.flatMap((b) => cores.map((n) => ({ cores: n, banking: b, config, kernel })));
}

/** `8c b2 flexv conv3x3 a4w2`: how a point is named in progress, failures and the table. */
export function pointName(p: SweepPoint): string {
  return `cores=${p.cores} banking=${p.banking} ${p.config} ${p.kernel.name} a${p.kernel.a}w${p.kernel.w}`;
}

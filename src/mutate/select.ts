import { MUTATION_OPERATORS, type MutationOperator, type MutationPoint } from '../hdl/mutation.ts';
import { Rng } from '../randprog/rng.ts';
import { UserError } from '../util/errors.ts';

/** `--operators a,b`: names checked against the operator list; empty or absent means all of them. */
export function parseOperators(text: string | undefined, flag = '--operators'): MutationOperator[] {
  if (text === undefined || text.trim() === '') return [...MUTATION_OPERATORS];
  const names = text.split(',').map((x) => x.trim()).filter(Boolean);
  const known = new Set<string>(MUTATION_OPERATORS);
  const bad = names.filter((n) => !known.has(n));
  if (bad.length) throw new UserError(`unknown mutation operator ${bad.map((b) => `'${b}'`).join(', ')} (known: ${MUTATION_OPERATORS.join(', ')})`, flag);
  return [...new Set(names)] as MutationOperator[];
}

/**
 * `count` distinct points drawn uniformly from those of the given operators, from `seed` alone (a partial
 * Fisher-Yates shuffle), returned in enumeration order: the same design, seed, count and operators give
 * the same mutants on every machine. Fewer when the design has fewer points.
 */
export function selectPoints(points: readonly MutationPoint[], opts: { count: number; seed: number; operators: readonly MutationOperator[] }): MutationPoint[] {
  const allowed = new Set(opts.operators);
  const pool = points.filter((p) => allowed.has(p.operator));
  const rng = new Rng(opts.seed);
  const n = Math.min(opts.count, pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + (rng.u32() % (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, n).sort((a, b) => a.index - b.index);
}

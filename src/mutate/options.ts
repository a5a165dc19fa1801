import { CLUSTER_DEFAULTS, MAX_CLUSTER_CORES } from '../cluster/cluster-params.ts';
import { CORE_CONFIGS } from '../core/configs.ts';
import { UserError } from '../util/errors.ts';
import type { RegressionLevel } from './regression.ts';
import type { MutateOptions } from './run.ts';
import { parseOperators } from './select.ts';

/** Flags of `flexv mutate` (commander's names) as the CLI and the campaign kind receive them. */
export interface MutateFlags {
  target?: string;
  config?: string;
  cores?: string;
  count?: string;
  seed?: string;
  operators?: string;
  regression?: string;
}

export const MAX_MUTANTS = 4095;

function integer(text: string | undefined, flag: string, min: number, max: number): number {
  const t = String(text ?? '');
  const n = Number(t);
  if (!/^\s*\d+\s*$/.test(t) || !Number.isSafeInteger(n) || n < min || n > max) throw new UserError(`${flag} must be an integer in [${min}, ${max}], got '${t}'`, flag);
  return n;
}

/** Checks every flag; each error names its flag. */
export function mutateOptions(f: MutateFlags): Omit<MutateOptions, 'log'> {
  const target = f.target ?? 'core';
  if (target !== 'core' && target !== 'cluster') throw new UserError(`unknown target '${target}' (core, cluster)`, '--target');
  const config = f.config ?? '';
  if (!CORE_CONFIGS[config]) throw new UserError(`unknown core configuration '${config}' (${Object.keys(CORE_CONFIGS).join(', ')})`, '--config');
  const cores = target === 'cluster' ? integer(f.cores ?? String(CLUSTER_DEFAULTS.cores), '--cores', 1, MAX_CLUSTER_CORES) : undefined;
  if (target === 'core' && f.cores !== undefined) throw new UserError('--cores applies to --target cluster', '--cores');
  const regression = f.regression ?? 'quick';
  if (regression !== 'quick' && regression !== 'full') throw new UserError(`unknown regression '${regression}' (quick, full)`, '--regression');
  return {
    target,
    config,
    ...(cores !== undefined ? { cores } : {}),
    count: integer(f.count ?? '100', '--count', 1, MAX_MUTANTS),
    seed: integer(f.seed ?? '1', '--seed', 0, 0xffffffff),
    operators: parseOperators(f.operators, '--operators'),
    regression: regression as RegressionLevel,
  };
}

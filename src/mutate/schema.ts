import { elaborateCore } from '../core/core.ts';
import type { CoreOptions } from '../core/configs.ts';
import { emit, type EmitResult } from '../hdl/index.ts';
import { applyMutantSchema, mutationPoints, type MutationOperator, type MutationPoint } from '../hdl/mutation.ts';
import { selectPoints } from './select.ts';

/** A mutant as the campaign reports it: id (the select value), operator, where, what. */
export interface Mutant {
  id: number;
  key: string;
  operator: MutationOperator;
  module: string;
  where: string;
  /** the source file of the change: the part or unit the report groups by */
  unit: string;
  detail: string;
}

export interface CoreSchema {
  /** the emitted SV with `mutant_sel_i` on the top (select 0: the original design) */
  design: EmitResult;
  selectWidth: number;
  mutants: Mutant[];
  /** mutation points of the whole core (all operators) */
  points: number;
}

export interface SchemaRequest {
  config: string;
  count: number;
  seed: number;
  operators: readonly MutationOperator[];
  core?: Partial<CoreOptions>;
  /** exactly these points (by key, in this order) instead of a seeded draw: tests and reproducers */
  keys?: readonly string[];
}

/** Elaborates the core afresh, draws the mutants and puts them all behind the select input. */
export function coreSchema(req: SchemaRequest): CoreSchema {
  const design = elaborateCore(req.config, req.core ?? {});
  const points = mutationPoints(design);
  const chosen = req.keys ? byKeys(points, req.keys) : selectPoints(points, req);
  const mutants = chosen.map((p, i) => describe(p, i + 1));
  const selectWidth = applyMutantSchema(design, chosen);
  return { design: emit(design), selectWidth, mutants, points: points.length };
}

export function describe(p: MutationPoint, id: number): Mutant {
  return { id, key: p.key, operator: p.operator, module: p.module, where: p.where, unit: p.where.replace(/:\d+:\d+$/, ''), detail: p.detail };
}

export function byKeys(points: MutationPoint[], keys: readonly string[]): MutationPoint[] {
  const map = new Map(points.map((p) => [p.key, p]));
  return keys.map((k) => {
    const p = map.get(k);
    if (!p) throw new Error(`no mutation point '${k}' in this design`);
    return p;
  });
}

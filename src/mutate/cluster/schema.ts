import { clusterDesign } from '../../cluster/cluster.ts';
import type { ClusterOptions, ClusterParams } from '../../cluster/cluster-params.ts';
import { fabric } from '../../cluster/fabric.ts';
import { emit, type Design, type EmitResult } from '../../hdl/index.ts';
import type { ModuleDef } from '../../hdl/ir.ts';
import { applyMutantSchema, mutationPoints, type MutationOperator, type MutationPoint } from '../../hdl/mutation.ts';
import { byKeys, describe, type Mutant } from '../schema.ts';
import { selectPoints } from '../select.ts';

export interface ClusterSchema {
  params: ClusterParams;
  /** the emitted SV with `mutant_sel_i` on the cluster top (select 0: the original cluster) */
  design: EmitResult;
  selectWidth: number;
  mutants: Mutant[];
  /** mutation points of the fabric (all operators) */
  points: number;
}

export interface ClusterSchemaRequest {
  options: ClusterOptions;
  count: number;
  seed: number;
  operators: readonly MutationOperator[];
  /** exactly these points (by key, in this order) instead of a seeded draw: tests and reproducers */
  keys?: readonly string[];
}

/**
 * The modules of the cluster fabric: `cluster_fabric` and every module below it (interconnect, TCDM banks,
 * peripherals with the event unit, DMA, the L2 port's mux, their arbiters and FIFOs). The cores and the
 * cluster top (wiring and the per-core stall flags the harness counts) are left out: the core campaign
 * (`--target core`) covers the cores.
 */
export function fabricModules(design: Design): Set<ModuleDef> {
  const root = design.modules.find((d) => d.name === fabric.name);
  if (!root) throw new Error(`cluster mutation: the design has no module '${fabric.name}'`);
  const out = new Set<ModuleDef>();
  const todo = [root];
  while (todo.length) {
    const d = todo.pop()!;
    if (out.has(d)) continue;
    out.add(d);
    for (const i of d.instances) todo.push(i.def);
  }
  return out;
}

/** Mutation points of the fabric's live logic, in the design's enumeration order. */
export function fabricPoints(design: Design): MutationPoint[] {
  const mods = fabricModules(design);
  return mutationPoints(design).filter((p) => mods.has(p.def));
}

/**
 * Elaborates the cluster afresh, draws the mutants among the fabric's points and puts them all behind the
 * top's select input. Keys name the point as in the core campaign (`module|operator|file:line:col|rank`);
 * the rank counts points of one cluster size, so keys belong to one cluster tag (the equivalent list says which).
 */
export function clusterSchema(req: ClusterSchemaRequest): ClusterSchema {
  const { params, design } = clusterDesign(req.options);
  const points = fabricPoints(design);
  const chosen = req.keys ? byKeys(points, req.keys) : selectPoints(points, req);
  const mutants = chosen.map((p, i) => describe(p, i + 1));
  const selectWidth = applyMutantSchema(design, chosen);
  return { params, design: emit(design), selectWidth, mutants, points: points.length };
}

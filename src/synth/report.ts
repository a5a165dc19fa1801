import { MACRO_NAND2_PER_BIT, cellWeight } from './cell-area.ts';
import type { LogicDepth } from './ltp.ts';
import type { MemoryReport } from './memories.ts';
import { displayName } from './names.ts';
import type { RtlilInstance } from './rtlil-scan.ts';
import type { ModuleCells } from './stat.ts';

/** Area, state and cells of a piece of the design (one module's own logic, or a subtree). */
export interface CellSummary {
  /** Generic cells by type (`$_AND_`, `$_DFF_PN0_`, ...); macro memories are not cells here. */
  cells: Record<string, number>;
  /** Logic area in NAND2-equivalents (cell-area.ts table), macros excluded. */
  nand2: number;
  flops: number;
  latches: number;
  /** Memories kept as macros: their bits and their modeled area (MACRO_NAND2_PER_BIT). */
  macroBits: number;
  macroNand2: number;
}

export interface ModuleReport {
  /** Yosys module name (key) and how flexv prints it. */
  module: string;
  name: string;
  /** Instances of this module under the top (1 for the top). */
  instances: number;
  /** This module's own logic, child instances excluded. */
  own: CellSummary;
  /** One instance of this module with everything below it. */
  subtree: CellSummary;
  /** Child module -> number of instances in this module. */
  children: Record<string, number>;
  /** Longest combinational path inside this module (paths through children are not followed). */
  depth?: LogicDepth;
}

/** One instance path of the hierarchy (`top`, `top.u_fifo`, ...) with its subtree's figures. */
export interface BlockReport {
  path: string;
  module: string;
  level: number;
  summary: CellSummary;
}

export interface SynthReport {
  label: string;
  target: string;
  top: string;
  params: Record<string, unknown>;
  /** Whole design (the top's subtree), plus the area with macros and the flattened depth. */
  total: CellSummary & { nand2WithMacros: number; depth?: LogicDepth };
  modules: ModuleReport[];
  blocks: BlockReport[];
  memories: MemoryReport[];
  /** Cell types the weight table does not know, with their counts (area counted as 0). */
  unweighted: Record<string, number>;
  model: { cellTable: string; macroNand2PerBit: number };
  /** Wall time of the whole flow and of each Yosys step (synth-coarse, synth-fine). */
  seconds: number;
  stepSeconds: Record<string, number>;
  runDir: string;
}

export const CELL_TABLE_NAME = 'Nangate45 X1 footprints, NAND2_X1 = 1 (src/synth/cell-area.ts)';

export interface ReportInputs {
  label: string;
  target: string;
  top: string;
  params: Record<string, unknown>;
  cells: ModuleCells;
  memories: MemoryReport[];
  instances: RtlilInstance[];
  depths: Map<string, LogicDepth>;
  flatDepth?: LogicDepth;
  seconds: number;
  stepSeconds: Record<string, number>;
  runDir: string;
}

/** Builds the report: per-module own and subtree figures, per-instance blocks, totals. */
export function buildReport(input: ReportInputs): SynthReport {
  const { cells, top } = input;
  if (!cells.has(top)) throw new Error(`Yosys statistics have no module ${top}`);
  const unweighted: Record<string, number> = {};
  const ownOf = new Map<string, CellSummary>();
  const childrenOf = new Map<string, Record<string, number>>();
  for (const [module, byType] of cells) {
    const own = emptySummary();
    const children: Record<string, number> = {};
    for (const [type, n] of Object.entries(byType)) {
      if (cells.has(type)) children[type] = n;
      else if (type === '$mem_v2') continue; // counted from the memory list, with their bits
      else addCells(own, type, n, unweighted);
    }
    // Every memory left whole must be one classified as a macro, and the other way round; a mismatch
    // means memory_map missed or over-reached its selection, and the figures would be silently wrong.
    const macros = input.memories.filter((m) => m.module === module && m.kind === 'macro').length;
    if ((byType['$mem_v2'] ?? 0) !== macros) {
      throw new Error(`module ${displayName(module)}: ${byType['$mem_v2'] ?? 0} memories left as $mem_v2 but ${macros} classified as macros`);
    }
    for (const mem of input.memories) {
      if (mem.module === module && mem.kind === 'macro') {
        own.macroBits += mem.bits;
        own.macroNand2 += mem.nand2;
      }
    }
    ownOf.set(module, own);
    childrenOf.set(module, children);
  }

  const subtreeOf = new Map<string, CellSummary>();
  const subtree = (module: string, stack: string[] = []): CellSummary => {
    const done = subtreeOf.get(module);
    if (done) return done;
    if (stack.includes(module)) throw new Error(`recursive hierarchy: ${[...stack, module].join(' -> ')}`);
    const sum = cloneSummary(ownOf.get(module)!);
    for (const [child, n] of Object.entries(childrenOf.get(module) ?? {})) {
      addSummary(sum, subtree(child, [...stack, module]), n);
    }
    subtreeOf.set(module, sum);
    return sum;
  };

  const instanceCount = new Map<string, number>();
  const countInstances = (module: string, times: number) => {
    instanceCount.set(module, (instanceCount.get(module) ?? 0) + times);
    for (const [child, n] of Object.entries(childrenOf.get(module) ?? {})) countInstances(child, times * n);
  };
  countInstances(top, 1);

  const modules: ModuleReport[] = [...instanceCount.keys()].map((module) => ({
    module,
    name: displayName(module),
    instances: instanceCount.get(module)!,
    own: ownOf.get(module)!,
    subtree: subtree(module),
    children: childrenOf.get(module)!,
    ...(input.depths.has(module) ? { depth: input.depths.get(module)! } : {}),
  }));

  const total = subtree(top);
  return {
    label: input.label,
    target: input.target,
    top,
    params: input.params,
    total: {
      ...total,
      nand2WithMacros: round(total.nand2 + total.macroNand2),
      ...(input.flatDepth ? { depth: input.flatDepth } : {}),
    },
    modules,
    blocks: blocksOf(top, input.instances, subtree),
    memories: input.memories,
    unweighted,
    model: { cellTable: CELL_TABLE_NAME, macroNand2PerBit: MACRO_NAND2_PER_BIT },
    seconds: input.seconds,
    stepSeconds: input.stepSeconds,
    runDir: input.runDir,
  };
}

/** Instance paths from the top down; a block's figures are its module's subtree. */
function blocksOf(top: string, instances: RtlilInstance[], subtree: (m: string) => CellSummary): BlockReport[] {
  const byParent = new Map<string, RtlilInstance[]>();
  for (const inst of instances) {
    const list = byParent.get(inst.parent) ?? [];
    list.push(inst);
    byParent.set(inst.parent, list);
  }
  const blocks: BlockReport[] = [];
  const walk = (module: string, path: string, level: number) => {
    blocks.push({ path, module, level, summary: subtree(module) });
    const children = [...(byParent.get(module) ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
    for (const child of children) walk(child.module, `${path}.${child.name}`, level + 1);
  };
  walk(top, displayName(top), 0);
  return blocks;
}

function emptySummary(): CellSummary {
  return { cells: {}, nand2: 0, flops: 0, latches: 0, macroBits: 0, macroNand2: 0 };
}

function cloneSummary(s: CellSummary): CellSummary {
  return { ...s, cells: { ...s.cells } };
}

function addCells(sum: CellSummary, type: string, n: number, unweighted: Record<string, number>): void {
  sum.cells[type] = (sum.cells[type] ?? 0) + n;
  const weight = cellWeight(type);
  if (!weight) {
    unweighted[type] = (unweighted[type] ?? 0) + n;
    return;
  }
  sum.nand2 = round(sum.nand2 + weight.nand2 * n);
  if (weight.state === 'ff') sum.flops += n;
  if (weight.state === 'latch') sum.latches += n;
}

function addSummary(sum: CellSummary, part: CellSummary, times: number): void {
  for (const [type, n] of Object.entries(part.cells)) sum.cells[type] = (sum.cells[type] ?? 0) + n * times;
  sum.nand2 = round(sum.nand2 + part.nand2 * times);
  sum.flops += part.flops * times;
  sum.latches += part.latches * times;
  sum.macroBits += part.macroBits * times;
  sum.macroNand2 = round(sum.macroNand2 + part.macroNand2 * times);
}

/** Areas are kept to 1/1000 NAND2 so sums do not drift with float noise. */
function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

import { overheadBreakdown, type PieceDelta } from './breakdown.ts';
import type { BlockReport, SynthReport } from './report.ts';

/** One block (instance path below the top) in both designs; absent on one side when only the other has it. */
export interface CompareRow {
  /** Instance path relative to the top: `(top)` for the top itself, `u_core.u_dotp` below it. */
  block: string;
  level: number;
  a?: number;
  b?: number;
  /** (b - a) / a in percent; undefined when the block is absent in one design or a is 0. */
  overheadPct?: number;
}

export interface CompareReport {
  a: string;
  b: string;
  /** Logic area per block, NAND2-equivalents (macros excluded: they are the same SRAM in both). */
  rows: CompareRow[];
  total: {
    a_nand2: number;
    b_nand2: number;
    overhead_pct: number;
    a_nand2_with_macros: number;
    b_nand2_with_macros: number;
    overhead_with_macros_pct: number;
    a_flops: number;
    b_flops: number;
    a_depth?: number;
    b_depth?: number;
  };
  /** The overhead piece by piece (blocks at `breakdownDepth` and the own logic above them); shares add up to total.overhead_pct. */
  breakdown: PieceDelta[];
  breakdownDepth: number;
  reports: [SynthReport, SynthReport];
  /** One feature of B reported separately: B without it (a) against B (b); `name` says which. */
  feature?: Omit<CompareReport, 'feature'> & { name: string };
}

/** Side-by-side area of two designs synthesized by the same flow, and B's overhead over A. */
export function compareReports(a: SynthReport, b: SynthReport, breakdownDepth = 1): CompareReport {
  const blocksA = byRelativePath(a.blocks);
  const blocksB = byRelativePath(b.blocks);
  // Hierarchy order over both designs: parents before children, siblings by name (u_lane_2 < u_lane_10).
  const keys = [...new Set([...blocksA.keys(), ...blocksB.keys()])].sort(byHierarchy);
  const rows = keys.map((block): CompareRow => {
    const ra = blocksA.get(block);
    const rb = blocksB.get(block);
    return {
      block,
      level: (ra ?? rb)!.level,
      ...(ra ? { a: ra.summary.nand2 } : {}),
      ...(rb ? { b: rb.summary.nand2 } : {}),
      ...(ra && rb && ra.summary.nand2 > 0 ? { overheadPct: pct(ra.summary.nand2, rb.summary.nand2) } : {}),
    };
  });
  return {
    a: a.label,
    b: b.label,
    rows,
    total: {
      a_nand2: a.total.nand2,
      b_nand2: b.total.nand2,
      overhead_pct: pct(a.total.nand2, b.total.nand2),
      a_nand2_with_macros: a.total.nand2WithMacros,
      b_nand2_with_macros: b.total.nand2WithMacros,
      overhead_with_macros_pct: pct(a.total.nand2WithMacros, b.total.nand2WithMacros),
      a_flops: a.total.flops,
      b_flops: b.total.flops,
      ...(a.total.depth ? { a_depth: a.total.depth.cells } : {}),
      ...(b.total.depth ? { b_depth: b.total.depth.cells } : {}),
    },
    breakdown: overheadBreakdown(a, b, breakdownDepth),
    breakdownDepth,
    reports: [a, b],
  };
}

function byRelativePath(blocks: BlockReport[]): Map<string, BlockReport> {
  const map = new Map<string, BlockReport>();
  for (const block of blocks) {
    const dot = block.path.indexOf('.');
    map.set(block.level === 0 || dot < 0 ? '(top)' : block.path.slice(dot + 1), block);
  }
  return map;
}

function byHierarchy(x: string, y: string): number {
  if (x === '(top)' || y === '(top)') return x === y ? 0 : x === '(top)' ? -1 : 1;
  const a = x.split('.');
  const b = y.split('.');
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = a[i]!.localeCompare(b[i]!, 'en', { numeric: true });
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

function pct(a: number, b: number): number {
  return a === 0 ? (b === 0 ? 0 : Infinity) : Math.round(((b - a) / a) * 10000) / 100;
}

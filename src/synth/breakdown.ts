import type { BlockReport, SynthReport } from './report.ts';

/**
 * The area of a design cut into pieces that add up to its total: the subtree of every block at the cut
 * depth (or of a leaf above it), plus the own logic of every block above the cut (`u_core_0 (own logic)`:
 * the pipeline glue, the decoder when it is not its own instance, ...). Instance arrays (`u_core_0` ..
 * `u_core_7`) are summed into one piece `u_core_*` with their count. Everything comes from the
 * hierarchy of the synthesized netlist: a new block in the core shows up here without a table to update.
 */
export interface AreaPiece {
  /** Path below the top with array indices folded (`u_core_*.u_dotp_unit`), `(top)` for the top's own logic. */
  piece: string;
  /** The piece is a block's own logic (its children excluded), not a subtree. */
  own: boolean;
  /** Instances summed into the piece. */
  count: number;
  nand2: number;
  flops: number;
}

/** Pieces of one report cut at `depth` levels below the top; their nand2 add up to `report.total.nand2`. */
export function areaPieces(report: SynthReport, depth = 1): AreaPiece[] {
  const blocks = report.blocks;
  const childrenOf = new Map<string, BlockReport[]>();
  for (const b of blocks) {
    const parent = b.path.slice(0, b.path.lastIndexOf('.'));
    if (b.level > 0) childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), b]);
  }
  const arrays = arrayMembers(blocks);
  const pieces = new Map<string, AreaPiece>();
  const add = (b: BlockReport, own: boolean) => {
    const kids = own ? childrenOf.get(b.path) ?? [] : [];
    const nand2 = b.summary.nand2 - kids.reduce((s, k) => s + k.summary.nand2, 0);
    const flops = b.summary.flops - kids.reduce((s, k) => s + k.summary.flops, 0);
    const rel = foldPath(b, arrays);
    const key = own ? (rel === '' ? '(top)' : `${rel} (own logic)`) : rel;
    const p = pieces.get(key) ?? { piece: key, own, count: 0, nand2: 0, flops: 0 };
    p.count++;
    p.nand2 = round(p.nand2 + nand2);
    p.flops += flops;
    pieces.set(key, p);
  };
  if (!Number.isInteger(depth) || depth < 1) throw new Error(`cut depth must be a positive integer, got ${depth}`);
  for (const b of blocks) {
    if (b.level > depth) continue;
    const hasKids = (childrenOf.get(b.path)?.length ?? 0) > 0;
    if (hasKids && b.level < depth) add(b, true); // own logic of a block above the cut
    else if (b.level === 0) add(b, true); // a top without children: all of it
    else add(b, false); // a subtree at the cut, or a leaf above it
  }
  return [...pieces.values()];
}

/** One piece in both designs of a comparison and its part of the total overhead. */
export interface PieceDelta {
  piece: string;
  own: boolean;
  /** Instances in A and in B (0 where absent). */
  countA: number;
  countB: number;
  a: number;
  b: number;
  /** b - a, NAND2-eq. */
  delta: number;
  /** (b - a) / a of the piece, percent; undefined when A has none of it. */
  overheadPct?: number;
  /** (b - a) / total of A, percent: the pieces' shares add up to the total overhead. */
  sharePct: number;
}

/** The overhead of B over A piece by piece; shares sum to the total overhead in percent. */
export function overheadBreakdown(a: SynthReport, b: SynthReport, depth = 1): PieceDelta[] {
  const pa = new Map(areaPieces(a, depth).map((p) => [p.piece, p]));
  const pb = new Map(areaPieces(b, depth).map((p) => [p.piece, p]));
  const keys = [...new Set([...pa.keys(), ...pb.keys()])];
  const totalA = a.total.nand2;
  return keys.map((key) => {
    const x = pa.get(key);
    const y = pb.get(key);
    const av = x?.nand2 ?? 0;
    const bv = y?.nand2 ?? 0;
    return {
      piece: key,
      own: (x ?? y)!.own,
      countA: x?.count ?? 0,
      countB: y?.count ?? 0,
      a: av,
      b: bv,
      delta: round(bv - av),
      ...(x && av > 0 ? { overheadPct: pct(bv - av, av) } : {}),
      sharePct: totalA > 0 ? pct(bv - av, totalA) : 0,
    };
  });
}

/** Paths of instances that are members of an array: siblings `<base>_<n>` of one module, two or more. */
function arrayMembers(blocks: BlockReport[]): Set<string> {
  const groups = new Map<string, BlockReport[]>();
  for (const b of blocks) {
    const m = /^(.*)\.([^.]*)_(\d+)$/.exec(b.path);
    if (!m) continue;
    const key = `${m[1]}|${m[2]}|${b.module}`;
    groups.set(key, [...(groups.get(key) ?? []), b]);
  }
  const out = new Set<string>();
  for (const list of groups.values()) if (list.length > 1) for (const b of list) out.add(b.path);
  return out;
}

/** The path below the top with every array member's index replaced by `*`. */
function foldPath(b: BlockReport, arrays: Set<string>): string {
  const segs = b.path.split('.');
  const out: string[] = [];
  for (let i = 1; i < segs.length; i++) {
    const prefix = segs.slice(0, i + 1).join('.');
    out.push(arrays.has(prefix) ? segs[i]!.replace(/_\d+$/, '_*') : segs[i]!);
  }
  return out.join('.');
}

function pct(part: number, whole: number): number {
  return Math.round((part / whole) * 10000) / 100;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

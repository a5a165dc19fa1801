/**
 * Instance arrays in a block table: consecutive siblings named `<base>_<n>` with the same signature
 * (same module, same figures) are printed as one row `<base>_[0..255] (x256)`, and only the first
 * member's children are listed. The JSON keeps every instance.
 */
export interface TreeRow {
  /** Path segments below the root: [] for the root, ['u_core_0', 'u_alu'] below it. */
  segments: string[];
  signature: string;
}

export interface CollapsedRow<R> {
  row: R;
  level: number;
  /** The printed name of the last segment, `u_lane_[0..255] (x256)` for a group. */
  name: string;
}

interface Node<R> {
  row: R;
  children: Node<R>[];
}

/** `rows` in pre-order (parents before their children), the root first. */
export function collapseArrays<R extends TreeRow>(rows: R[], rootName: string): CollapsedRow<R>[] {
  if (rows.length === 0) return [];
  const byPath = new Map<string, Node<R>>();
  const root: Node<R> = { row: rows[0]!, children: [] };
  byPath.set('', root);
  for (const row of rows.slice(1)) {
    const node: Node<R> = { row, children: [] };
    byPath.set(row.segments.join('.'), node);
    (byPath.get(row.segments.slice(0, -1).join('.')) ?? root).children.push(node);
  }
  const out: CollapsedRow<R>[] = [{ row: root.row, level: 0, name: rootName }];
  const walk = (node: Node<R>, level: number) => {
    const kids = node.children;
    for (let i = 0; i < kids.length; ) {
      const first = kids[i]!;
      const name = first.row.segments[first.row.segments.length - 1]!;
      const m = /^(.*)_(\d+)$/.exec(name);
      const members = [m ? Number(m[2]) : 0];
      let j = i + 1;
      while (m && j < kids.length) {
        const other = kids[j]!;
        const om = /^(.*)_(\d+)$/.exec(other.row.segments[other.row.segments.length - 1]!);
        if (!om || om[1] !== m[1] || other.row.signature !== first.row.signature) break;
        members.push(Number(om[2]));
        j++;
      }
      const label = members.length > 1 ? `${m![1]}_[${rangeText(members)}] (x${members.length})` : name;
      out.push({ row: first.row, level, name: label });
      walk(first, level + 1);
      i = j;
    }
  };
  walk(root, 1);
  return out;
}

/** `0..3` for a contiguous run, else the list. */
function rangeText(ns: number[]): string {
  const contiguous = ns.every((n, k) => k === 0 || n === ns[k - 1]! + 1);
  return contiguous ? `${ns[0]}..${ns[ns.length - 1]}` : ns.join(',');
}

import { moduleKey } from './names.ts';

/** The longest combinational path of a module, counted in cells (Yosys `ltp -noff`). */
export interface LogicDepth {
  /** Number of cells on the path. */
  cells: number;
  /** First and last signal of the path (a port, a flop output, a memory read port...). */
  from: string;
  to: string;
  /** Every signal along the path, from `from` to `to`; a path into a flip-flop ends `<reg> (flop)`. */
  path: string[];
}

/** Parses the output of `ltp` (one block per selected module) into depth per module key. */
export function parseLtp(text: string): Map<string, LogicDepth> {
  const depths = new Map<string, LogicDepth>();
  let current: { module: string; cells: number; path: string[] } | undefined;
  const close = () => {
    if (current) {
      const { module, cells, path } = current;
      depths.set(module, { cells, from: path[0] ?? '', to: path[path.length - 1] ?? '', path });
    }
    current = undefined;
  };
  for (const line of text.split('\n')) {
    const head = /^Longest topological path in (\S+) \(length=(\d+)\):/.exec(line);
    if (head) {
      close();
      current = { module: moduleKey(head[1]!), cells: Number(head[2]), path: [] };
      continue;
    }
    const node = /^\s+\d+: (.+?)(?: \(via .+\))?$/.exec(line);
    if (current && node) current.path.push(signalName(node[1]!));
    // `ff:` names the flip-flop the path ends in: a better end point than the gate net feeding it.
    const ff = /^\s+ff: (.+?)(?: \(via .+\))?$/.exec(line);
    if (current && ff) current.path.push(`${signalName(ff[1]!)} (flop)`);
  }
  close();
  return depths;
}

/** `\u_rf.rd_o [7]` -> `u_rf.rd_o[7]`. */
function signalName(text: string): string {
  return moduleKey(text.trim()).replace(/ \[/, '[');
}

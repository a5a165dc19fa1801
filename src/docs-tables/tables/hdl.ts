import { grouped, loadClause, markdownTable } from '../markdown.ts';
import type { TableDef } from '../table-def.ts';

/** What bench/hdl.ts writes. */
interface HdlFigures {
  nodes: number;
  seconds: number;
  nodes_per_s: number;
}

function speed(raw: unknown, ref: { args: string[]; machine: { loadAverage?: number[] } }): string {
  const f = raw as HdlFigures;
  const [ports = '192', width = '16'] = ref.args;
  const rows = [
    ['design', `generated crossbar with adder trees, ${ports} ports x ${width} bits`],
    ['IR nodes', grouped(f.nodes)],
    ['elaborate + check + emit', `${f.seconds.toFixed(2)} s`],
    ['speed', `${grouped(Math.round(f.nodes_per_s / 1000))} k nodes/s`],
  ];
  return `${markdownTable(['figure', 'value'], rows)}\n\nWall clock after one warm-up run; ${loadClause(ref.machine.loadAverage)}.`;
}

export const hdlTables: TableDef[] = [{ id: 'hdl-speed', benchmark: 'hdl', command: 'npm run bench -- hdl', render: speed }];

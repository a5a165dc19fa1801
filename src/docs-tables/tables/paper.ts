import type { PaperRow } from '../../paper/row.ts';
import { formatTable } from '../../paper/summary.ts';
import type { TableDef } from '../table-def.ts';

/** bench/paper.ts's figures: the rows of both software stacks, RTL and golden timing. */
interface PaperFigures {
  rows: PaperRow[];
}

const ofTiming = (timing: 'rtl' | 'golden') => (raw: unknown) => formatTable((raw as PaperFigures).rows.filter((r) => r.timing === timing));

export const paperTables: TableDef[] = [
  { id: 'paper-rtl', benchmark: 'paper', command: 'npm run bench -- paper', render: ofTiming('rtl') },
  { id: 'paper-golden', benchmark: 'paper', command: 'npm run bench -- paper --golden --merge', render: ofTiming('golden') },
];

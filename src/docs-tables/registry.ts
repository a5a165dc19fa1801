import { UserError } from '../util/errors.ts';
import type { TableDef } from './table-def.ts';
import { cliTables } from './tables/cli.ts';
import { conformanceTables } from './tables/conformance.ts';
import { deployTables } from './tables/deploy.ts';
import { hdlTables } from './tables/hdl.ts';
import { issTables } from './tables/iss.ts';
import { kernelsTables } from './tables/kernels.ts';
import { mutateTables } from './tables/mutate.ts';
import { paperTables } from './tables/paper.ts';
import { simTables } from './tables/sim.ts';
import { synthTables } from './tables/synth.ts';

/** Every generated table, by id. A new table: a TableDef in tables/<benchmark>.ts and its line here. */
const ALL: readonly TableDef[] = [...synthTables, ...deployTables, ...kernelsTables, ...paperTables, ...mutateTables, ...conformanceTables, ...cliTables, ...issTables, ...simTables, ...hdlTables];

const BY_ID = new Map(ALL.map((t) => [t.id, t]));
if (BY_ID.size !== ALL.length) throw new Error('docs-tables: two tables share an id');

export function tableDef(id: string, where: string): TableDef {
  const t = BY_ID.get(id);
  if (!t) throw new UserError(`${where}: unknown table '${id}' (known: ${[...BY_ID.keys()].sort().join(', ')})`);
  return t;
}

export function allTables(): readonly TableDef[] {
  return ALL;
}

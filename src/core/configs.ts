import { instructionsFor, type Config } from '../isa/index.ts';
import { branchPart } from './parts/branch.ts';
import { compressedPart, fetchPart } from './parts/fetch.ts';
import { intAluPart } from './parts/int-alu.ts';
import { lsuPart, xpulpMemPart } from './parts/lsu.ts';
import { xpulpAluPart } from './parts/xpulp-alu.ts';
import { xpulpMacPart } from './parts/xpulp-mac.ts';
import { hwloopPart } from './parts/hwloop.ts';
import { simdPart } from './parts/simd.ts';
import { staticPredictPart } from './parts/predict.ts';
import { divPart, mulPart } from './parts/muldiv.ts';
import { regfilePart } from './parts/regfile.ts';
import { retirePart } from './parts/retire.ts';
import { systemPart } from './parts/system.ts';
import type { Part } from './pipeline/part.ts';
import { UserError } from '../util/errors.ts';

/** A core configuration: the ISA configuration it implements (golden model, table) and its parts. */
export interface CoreConfig {
  name: string;
  isa: Config;
  parts: () => Part[];
  description: string;
}

/** RV32IMC + Zicsr + Zifencei and the XpulpV2 parts built so far. */
const base = (): Part[] => [
  fetchPart(), compressedPart(), staticPredictPart(), regfilePart({ rs3: true }), intAluPart(), branchPart(), mulPart(), divPart(), lsuPart(), xpulpMemPart(),
  xpulpAluPart(), xpulpMacPart(), simdPart(), systemPart(), hwloopPart(), retirePart(),
];

export const CORE_CONFIGS: Record<string, CoreConfig> = {
  baseline: {
    name: 'baseline',
    isa: 'baseline',
    parts: base,
    description: 'RV32IMC + Zicsr + Zifencei + XpulpV2 memory accesses in the RI5CY-class pipeline (other XpulpV2 parts pending)',
  },
};

export function coreConfig(name: string): CoreConfig {
  const c = CORE_CONFIGS[name];
  if (!c) throw new UserError(`unknown core configuration '${name}' (available: ${Object.keys(CORE_CONFIGS).join(', ')})`, '--config');
  return c;
}

/** Table ids of a configuration's ISA. */
export function isaIds(c: CoreConfig): Set<string> {
  return new Set(instructionsFor(c.isa).map((d) => d.id));
}

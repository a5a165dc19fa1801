import { instructionsFor, type Config } from '../isa/index.ts';
import { branchPart } from './parts/branch.ts';
import { compressedPart, fetchPart } from './parts/fetch.ts';
import { intAluPart } from './parts/int-alu.ts';
import { lsuPart, xpulpMemPart } from './parts/lsu.ts';
import { xpulpAluPart } from './parts/xpulp-alu.ts';
import { xpulpMacPart } from './parts/xpulp-mac.ts';
import { hwloopPart } from './parts/hwloop.ts';
import { simdPart } from './parts/simd.ts';
import { macLoadPart } from './parts/mac-load.ts';
import { statusBasedPart } from './parts/status-based.ts';
import { subBytePart } from './parts/sub-byte.ts';
import { staticPredictPart } from './parts/predict.ts';
import { divPart, mulPart } from './parts/muldiv.ts';
import { regfilePart } from './parts/regfile.ts';
import { retirePart } from './parts/retire.ts';
import { systemPart } from './parts/system.ts';
import type { Part } from './pipeline/part.ts';
import { UserError } from '../util/errors.ts';

/** Generator options of a configuration (parameters of the core, not configurations of their own). */
export interface CoreOptions {
  /**
   * flexv's formats 11..13 (activations narrower than weights, spec §5.3). `false` gives exactly the
   * published Flex-V core: a write of 11..13 to `ivec_fmt` then behaves as a reserved value. Only the
   * configurations with the status-based mode have them.
   */
  extensionFormats: boolean;
}
export const DEFAULT_CORE_OPTIONS: CoreOptions = { extensionFormats: true };

/** A core configuration: the ISA configuration it implements (golden model, table) and its parts. */
export interface CoreConfig {
  name: string;
  isa: Config;
  parts: (options: CoreOptions) => Part[];
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
    description: 'RV32IMC + Zicsr + Zifencei + XpulpV2 in the RI5CY-class pipeline',
  },
  xpulpnn: { name: 'xpulpnn', isa: 'xpulpnn', parts: () => [...base(), subBytePart({ extensionFormats: false, statusBased: false }), macLoadPart()], description: 'baseline + XpulpNN nibble/crumb SIMD, dot products and Mac&Load with the NN-RF (pv.qnt.n missing)' },
  flexv: {
    name: 'flexv',
    isa: 'flexv',
    parts: (o) => [...base(), subBytePart({ ...o, statusBased: true }), macLoadPart(), statusBasedPart(o)],
    description: 'xpulpnn + status-based decoding: operand formats and the mixed-precision controller in CSRs, Mac&Load auto-addressing (pv.qnt.n missing)',
  },
};

/**
 * Configurations whose parts are built but which are NOT registered: they do not yet pass the lockstep
 * gate (docs/core.md, "Status"). `flexv gen/sim/cosim` do not offer them; tests elaborate and lint them
 * through `pendingCoreConfig`.
 */
export const PENDING_CORE_CONFIGS: Record<string, CoreConfig> = {};

/** A registered or pending configuration (for the core generator only; everything else uses coreConfig). */
export function anyCoreConfig(name: string): CoreConfig {
  return CORE_CONFIGS[name] ?? PENDING_CORE_CONFIGS[name] ?? coreConfig(name);
}

export function coreConfig(name: string): CoreConfig {
  const c = CORE_CONFIGS[name];
  if (!c && PENDING_CORE_CONFIGS[name]) {
    throw new UserError(`core configuration '${name}' is built but not yet offered: it does not pass lockstep yet (docs/core.md, "The Flex-V parts"; available: ${Object.keys(CORE_CONFIGS).join(', ')})`, '--config');
  }
  if (!c) throw new UserError(`unknown core configuration '${name}' (available: ${Object.keys(CORE_CONFIGS).join(', ')})`, '--config');
  return c;
}

/** Table ids of a configuration's ISA. */
export function isaIds(c: CoreConfig): Set<string> {
  return new Set(instructionsFor(c.isa).map((d) => d.id));
}

import { CSRS, type CsrFeature } from './csrs.ts';
import { EXTENSIONS_OF, hasStatusBased } from './table.ts';
import type { Config } from './types.ts';

/**
 * Which optional machine features a configuration has, and therefore which CSRs of the table exist in it
 * (spec §1, §4, §5.1). One rule for the golden model, the RTL CSR file, the disassembler and the tests:
 * - `mac-load` (the NN-RF and its CSRs 0x7D8..0x7DD): configurations with XpulpNN (xpulpnn, flexv);
 * - `status-based` (CSRs 0x00D..0x010, 0x100..0x107): the flexv configuration only (`hasStatusBased`).
 */
export function configFeatures(config: Config): ReadonlySet<CsrFeature> {
  const s = new Set<CsrFeature>();
  if (EXTENSIONS_OF[config].includes('xpulpnn')) s.add('mac-load');
  if (hasStatusBased(config)) s.add('status-based');
  return s;
}

export function hasFeature(config: Config, feature: CsrFeature): boolean {
  return configFeatures(config).has(feature);
}

/**
 * Names of the table's CSRs that do not exist in `config`: those whose `feature` the configuration lacks.
 * Any access to them is an illegal-instruction trap, as to an unlisted address.
 */
export function csrsAbsentIn(config: Config): string[] {
  const has = configFeatures(config);
  return CSRS.filter((c) => (c.feature !== undefined && !has.has(c.feature))).map((c) => c.name);
}

/** True when the CSR named `name` exists in `config` (listed in the table and not absent there). */
export function csrExistsIn(config: Config, name: string): boolean {
  return CSRS.some((c) => c.name === name) && !csrsAbsentIn(config).includes(name);
}

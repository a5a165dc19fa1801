import { ALL_INSTRUCTIONS } from '../../isa/index.ts';
import type { Semantic } from '../emit.ts';
import { RV32_SEMANTICS } from './rv32.ts';
import { simdSemantic } from './simd.ts';
import { XPULP_SEMANTICS } from './xpulp.ts';

/** Every instruction semantic of the model, keyed by the ISA table's `id`. */
export const SEMANTICS: Record<string, Semantic> = {
  ...RV32_SEMANTICS,
  ...XPULP_SEMANTICS,
};

for (const d of ALL_INSTRUCTIONS) {
  if (SEMANTICS[d.id] || d.size !== 4) continue;
  const s = simdSemantic(d);
  if (s) SEMANTICS[d.id] = s;
}

import { decodeWord, expandCompressed, instructionSize, type Config, type InstrDef, type OperandValues } from '../isa/index.ts';
import type { Semantic } from './emit.ts';
import { SEMANTICS } from './sem/index.ts';

/** One instruction as the model executes it: fetched bits, and the (expanded) definition and operands. */
export interface FetchedInsn {
  pc: number;
  insn: number;
  size: 2 | 4;
  /** The 32-bit definition (compressed instructions are expanded); undefined when illegal. */
  def?: InstrDef;
  ops: OperandValues;
  sem?: Semantic;
}

/**
 * Decodes `word` (a compressed instruction in its low half) with the ISA table's decoder for `config`;
 * compressed instructions take the semantic of their 32-bit expansion. Illegal words have no `def`.
 */
export function decodeForIss(config: Config, pc: number, word: number): FetchedInsn {
  const size = instructionSize(word & 0xffff);
  const insn = size === 2 ? word & 0xffff : word >>> 0;
  const d = decodeWord(config, insn);
  if (!d) return { pc, insn, size, ops: {} };
  const e = d.def.size === 2 ? expandCompressed(d) : d;
  const sem = SEMANTICS[e.def.id];
  if (!sem) return { pc, insn, size, ops: {} }; // no semantic: executed as illegal (see docs/iss.md)
  return { pc, insn, size, def: e.def, ops: e.operands, sem };
}

/** Ids of the table's instructions for `config` that the model has no semantic for. */
export function unimplemented(defs: readonly InstrDef[]): string[] {
  return defs.filter((d) => d.size === 4 && !SEMANTICS[d.id]).map((d) => d.id);
}

import { MACRO_NAND2_PER_BIT } from './cell-area.ts';
import type { RtlilMemory } from './rtlil-scan.ts';

/** How a memory is synthesized: a macro kept whole (`$mem_v2`), or flip-flops plus muxes. */
export type MemoryKind = 'macro' | 'flops';

export interface MemoryReport {
  module: string;
  name: string;
  width: number;
  words: number;
  bits: number;
  kind: MemoryKind;
  /** Why this kind: the attribute that decided it, or the size rule. */
  reason: string;
  /** Every read port is clocked. A macro with a combinational read is no SRAM: flagged in the report. */
  syncRead: boolean;
  /** Area model of a macro, NAND2-equivalents (0 for flip-flop memories: their cells are counted). */
  nand2: number;
  src?: string;
}

/** Default size rule: a memory of at least this many bits, with no attribute saying otherwise, is a macro. */
export const DEFAULT_MACRO_MIN_BITS = 4096;

/**
 * Register files and small memories become flip-flops; larger ones are kept as macros (an SRAM in a
 * real flow). An attribute on the memory in the SV decides first:
 *   (* flexv_macro *)   always a macro
 *   (* flexv_regfile *) always flip-flops (a register file read combinationally, many ports, ...)
 *   (* ram_style = "registers" | "logic" *)  flip-flops (the attribute other tools use)
 * and otherwise the size rule: bits >= macroMinBits -> macro.
 */
export function classifyMemory(mem: RtlilMemory, macroMinBits = DEFAULT_MACRO_MIN_BITS): MemoryReport {
  const bits = mem.width * mem.words;
  const decide = (kind: MemoryKind, reason: string): MemoryReport => ({
    module: mem.module,
    name: mem.name,
    width: mem.width,
    words: mem.words,
    bits,
    kind,
    reason,
    syncRead: mem.syncRead,
    nand2: kind === 'macro' ? bits * MACRO_NAND2_PER_BIT : 0,
    ...(mem.src ? { src: mem.src } : {}),
  });
  const attrs = mem.attributes;
  if (isSet(attrs['flexv_macro'])) return decide('macro', 'attribute flexv_macro');
  if (isSet(attrs['flexv_regfile'])) return decide('flops', 'attribute flexv_regfile');
  const style = attrs['ram_style']?.toLowerCase();
  if (style === 'registers' || style === 'logic') return decide('flops', `attribute ram_style = "${style}"`);
  return bits >= macroMinBits
    ? decide('macro', `${bits} bits >= ${macroMinBits}`)
    : decide('flops', `${bits} bits < ${macroMinBits}`);
}

function isSet(value: string | undefined): boolean {
  return value !== undefined && value !== '0' && !/^\d+'0+$/.test(value);
}

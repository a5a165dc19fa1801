import type { InstrDef } from '../isa/types.ts';
import type { Expr } from './expr.ts';
import type { OpVal } from './operands.ts';

/** The assembler's intermediate form: sections of items, laid out after parsing. */

export type SectionKind = 'code' | 'data' | 'nobits';

export interface InsnItem {
  k: 'insn';
  line: number;
  def: InstrDef;
  ops: Record<string, OpVal>;
  /** 6 and 8: a far conditional branch, written as the inverted branch over a `jal` (as GNU as does). */
  size: 2 | 4 | 6 | 8;
  /** Written with a c.* mnemonic: always 2 bytes. */
  explicitC: boolean;
  /** Compressed only while its label target stays within the compressed range (branch relaxation). */
  relax: boolean;
  /** A conditional branch to a label: becomes `far` when the label is out of the branch's range. */
  farOk: boolean;
  far: boolean;
  /** `.option rvc` was in effect (the inverted branch of a far branch may then be compressed). */
  rvc: boolean;
  /** Address, set by layout. */
  addr: number;
}

export type Item =
  | { k: 'label'; name: string; line: number; addr: number }
  | { k: 'bytes'; data: number[]; line: number; addr: number }
  | { k: 'data'; width: 1 | 2 | 4 | 8; expr: Expr; line: number; addr: number }
  | { k: 'space'; size: number; fill: number; line: number; addr: number }
  | { k: 'align'; bytes: number; fill?: number; line: number; addr: number; pad: number }
  | InsnItem;

export interface Section {
  name: string;
  kind: SectionKind;
  items: Item[];
  /** Largest alignment requested in the section. */
  align: number;
  addr: number;
  size: number;
}

export function itemSize(it: Item): number {
  switch (it.k) {
    case 'label':
      return 0;
    case 'bytes':
      return it.data.length;
    case 'data':
      return it.width;
    case 'space':
      return it.size;
    case 'align':
      return it.pad;
    case 'insn':
      return it.size;
  }
}

/** Section kind from its name when the `.section` directive gives no flags. */
export function kindOfSection(name: string): SectionKind {
  if (/^\.(text|init|fini)\b/.test(name)) return 'code';
  if (/^\.(s?bss|tbss)\b/.test(name)) return 'nobits';
  return 'data';
}

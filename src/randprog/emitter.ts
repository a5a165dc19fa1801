import { instructionText, disassemble } from '../asm/index.ts';
import { encode, type Config, type InstrDef, type OperandValues } from '../isa/index.ts';
import { L2_BASE } from '../platform/memory-map.ts';
import { DATA_BASE_REG } from './roles.ts';

/** What the generator did beyond the instruction stream (the parts coverage cannot decode back). */
export interface GenFacts {
  /** What the generator wrote into the Flex-V status-based CSRs and planned for the Mac&Load streams (flexv). */
  status: StatusFacts;
  /** Loads/stores emitted with an address not a multiple of their size (half-words and words). */
  misaligned: number;
  /** All loads/stores emitted by the memory block. */
  accesses: number;
  /** Ids left out by the caller (`GenOptions.exclude`). */
  excluded: string[];
}

export interface StatusFacts {
  /** Mode switches emitted (sb_legacy 1 -> 0 and 0 -> 1). */
  toStatusBased: number;
  toLegacy: number;
  /** ivec_fmt values written (low 4 bits: 0 scalar, 1..13 formats, 14/15 reserved), with counts. */
  fmtWrites: Record<number, number>;
  /** Distinct ivec_skip_size and ivec_mixed_cycle values written (field values). */
  skipWrites: number[];
  cycleWrites: number[];
  /** Stream shape (stride, rollback, skip) and address writes; loads and rollbacks planned per stream. */
  streamShapes: number;
  addressWrites: number;
  streamLoads: { a: number; w: number };
  plannedRollbacks: { a: number; w: number };
}

export const emptyStatusFacts = (): StatusFacts => ({
  toStatusBased: 0, toLegacy: 0, fmtWrites: {}, skipWrites: [], cycleWrites: [], streamShapes: 0, addressWrites: 0,
  streamLoads: { a: 0, w: 0 }, plannedRollbacks: { a: 0, w: 0 },
});

/**
 * Collects assembly lines. Instructions chosen from the table are emitted as their encoded word (`.word`
 * / `.half`, with the disassembly as a comment), so the program holds exactly the instruction and form that
 * was picked; only instructions with a label operand go through the assembler's syntax.
 */
export class Emitter {
  readonly lines: string[] = [];
  readonly facts: GenFacts = { status: emptyStatusFacts(), misaligned: 0, accesses: 0, excluded: [] };
  private labels = 0;
  /** Register written by the last emitted instruction (biases sources toward dependencies). */
  lastWritten = 0;

  /** Ids not to emit (GenOptions.exclude). */
  readonly excluded: ReadonlySet<string>;

  constructor(readonly config: Config, exclude: readonly string[] = []) {
    this.excluded = new Set(exclude);
    this.facts.excluded = [...exclude];
  }

  label(prefix: string): string {
    return `.L${prefix}${this.labels++}`;
  }

  raw(...lines: string[]): void {
    for (const l of lines) this.lines.push(l.endsWith(':') ? l : `  ${l}`);
  }

  place(label: string): void {
    this.lines.push(`${label}:`);
  }

  /** One table instruction by its encoding; `label` is placed on it (hardware-loop ends). */
  instr(def: InstrDef, values: OperandValues, label?: string): void {
    const word = encode(def, values) >>> 0;
    const text = instructionText(disassemble(word, L2_BASE, { config: this.config, assemblable: true }));
    const data = def.size === 2 ? `.half 0x${(word & 0xffff).toString(16).padStart(4, '0')}` : `.word 0x${word.toString(16).padStart(8, '0')}`;
    this.lines.push(`${label ? `${label}: ` : '  '}${data.padEnd(20)}# ${text}`);
    if (def.writesRd && values.rd !== undefined) this.lastWritten = values.rd;
  }

  /** `xR = s11 + offset`: a pointer into the data region. */
  pointer(reg: number, offset: number): void {
    this.raw(`li x${reg}, ${offset}`, `add x${reg}, x${reg}, x${DATA_BASE_REG}`);
    this.lastWritten = reg;
  }

  set(reg: number, value: number): void {
    this.raw(`li x${reg}, ${value | 0}`);
    this.lastWritten = reg;
  }
}

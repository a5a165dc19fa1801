import { instructionText, disassemble } from '../asm/index.ts';
import { encode, type Config, type InstrDef, type OperandValues } from '../isa/index.ts';
import { L2_BASE } from '../iss/memory-map.ts';
import { DATA_BASE_REG } from './roles.ts';

/** What the generator did beyond the instruction stream (the parts coverage cannot decode back). */
export interface GenFacts {
  /** `mpc` values written: activation format, weight format, skip. */
  mpcWrites: Array<{ afmt: number; wfmt: number; skip: number }>;
  /** Loads/stores emitted with an address not a multiple of their size (half-words and words). */
  misaligned: number;
  /** All loads/stores emitted by the memory block. */
  accesses: number;
  /** Ids left out by the caller (`GenOptions.exclude`). */
  excluded: string[];
}

/**
 * Collects assembly lines. Instructions chosen from the table are emitted as their encoded word (`.word`
 * / `.half`, with the disassembly as a comment), so the program holds exactly the instruction and form that
 * was picked; only instructions with a label operand go through the assembler's syntax.
 */
export class Emitter {
  readonly lines: string[] = [];
  readonly facts: GenFacts = { mpcWrites: [], misaligned: 0, accesses: 0, excluded: [] };
  private labels = 0;
  /** Register written by the last emitted instruction (biases sources toward dependencies). */
  lastWritten = 0;

  constructor(readonly config: Config) {}

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

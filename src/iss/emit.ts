import type { InstrDef, OperandValues } from '../isa/types.ts';

/**
 * What an instruction's semantic contributes to a compiled block: JavaScript statements over the hart's
 * state, and how control leaves it. Names visible to the statements (bound by src/iss/block.ts):
 * `x` (Int32Array GPRs), `h` (the Hart), `NN` and `SB` (its NN-RF and status-based state), `m` (the Memory), `A` (src/iss/arith.ts), `S` (src/iss/lanes.ts),
 * the region views `L2*`/`TC*`.
 */
export interface Emitted {
  code: string;
  /** Conditional branch taken to `target` (a pc) when `cond` is true, else falls through. */
  branch?: { cond: string; target: number };
  /** Unconditional transfer to the value of this expression (a local computed by `code`). */
  jump?: string;
  /**
   * The instruction reads or writes state the block compiler does not track (CSRs, traps, hardware-loop
   * registers, fence.i): it gets a block of its own, and its code sets the local `npc`.
   */
  serial?: boolean;
}

/** A semantic: builds the code of one decoded instruction. */
export type Semantic = (c: EmitCtx) => Emitted;

/**
 * Per-instruction code generation context. Memory accesses and register writes go through it so that one
 * semantic serves both the fast path (inline typed-array access) and the traced path (every access
 * recorded into the retirement record).
 */
export class EmitCtx {
  private tmpCount = 0;

  constructor(
    readonly def: InstrDef,
    readonly ops: OperandValues,
    readonly pc: number,
    readonly size: number,
    readonly insn: number,
    readonly traced: boolean,
    /** Instructions of the block before this one. */
    readonly index: number,
    /** Prefix of this instruction's local names, unique in the block. */
    private readonly prefix = 't',
    /** Statements run before leaving the block after this instruction (reporting its record). */
    private readonly finish = '',
    /**
     * The decoding mode the block is compiled for (status.ts `decodeMode`): -1 legacy decoding, else the
     * `ivec_fmt` value that gives opcode-0x57 and Mac&Load instructions their lane widths.
     */
    readonly decodeMode = -1,
  ) {}

  /** Status-based decoding (`sb_legacy` = 0). */
  get statusBased(): boolean {
    return this.decodeMode >= 0;
  }

  /** Code of an illegal-instruction trap in place of this instruction (a serial instruction). */
  illegal(): Emitted {
    return { code: `npc = h.illegal(${this.pc}, ${this.insn}, ${this.size});\n`, serial: true };
  }

  /** The semantic's code for `f` in this context. */
  sem(f: { sem?: Semantic }): Emitted {
    return f.sem!(this);
  }

  get nextPc(): number {
    return (this.pc + this.size) | 0;
  }

  op(name: string): number {
    const v = this.ops[name];
    if (v === undefined) throw new Error(`${this.def.id}: semantic needs operand '${name}', table has ${Object.keys(this.ops).join(', ')}`);
    return v;
  }

  /** A fresh local name (declared by the caller with `let`). */
  tmp(): string {
    return `${this.prefix}${this.tmpCount++}`;
  }

  /** Locals this instruction used, to declare. */
  get temps(): string[] {
    return Array.from({ length: this.tmpCount }, (_, i) => `${this.prefix}${i}`);
  }

  /** Expression reading GPR n. */
  x(n: number): string {
    return n === 0 ? '0' : `x[${n}]`;
  }

  /** Statement writing GPR n (dropped for x0). */
  setX(n: number, expr: string): string {
    return n === 0 ? '' : `x[${n}] = ${expr};\n`;
  }

  /** Writes the updated base register of a post-increment access (recorded as the second GPR write). */
  setBase(n: number, expr: string): string {
    if (n === 0) return '';
    return this.traced ? `x[${n}] = ${expr}; h.recBase(${n});\n` : `x[${n}] = ${expr};\n`;
  }

  /** Leave the block after this instruction (it retired). */
  exitAfter(): string {
    return `{ h.n += ${this.index + 1}; ${this.finish}return ${this.nextPc}; }`;
  }

  /** Leave the block before this instruction (it did not retire: a bus error halted the simulation). */
  exitBefore(): string {
    return `{ h.n += ${this.index}; return ${this.pc}; }`;
  }

  /**
   * Statements loading `size` bytes at address expression `addr` into local `dst` (sign- or zero-extended;
   * size 4 gives the int32 word). Aligned L2 and TCDM accesses are one typed-array read; anything else
   * goes through the memory object.
   */
  load(dst: string, size: 1 | 2 | 4, signed: boolean, addr: string): string {
    const a = this.tmp();
    if (this.traced) {
      return `${a} = (${addr}) | 0; ${dst} = h.tload(${a}, ${size}, ${signed}); if (m.halted) ${this.exitBefore()}\n`;
    }
    const o = this.tmp();
    const view = size === 4 ? 'W' : size === 2 ? (signed ? 'HS' : 'H') : signed ? 'BS' : 'B';
    const shift = size === 4 ? 2 : size === 2 ? 1 : 0;
    const align = size === 1 ? '' : ` && (${o} & ${size - 1}) === 0`;
    const ext = size === 4 ? '' : signed ? `${dst} = (${dst} << ${32 - 8 * size}) >> ${32 - 8 * size};` : '';
    return (
      `${a} = (${addr}) | 0; ${o} = (${a} - L2base) >>> 0;\n` +
      `if (${o} < L2size${align}) ${dst} = L2${view}[${o} >>> ${shift}];\n` +
      `else if ((${o} = (${a} - TCbase) >>> 0) < TCsize${align}) ${dst} = TC${view}[${o} >>> ${shift}];\n` +
      `else { ${dst} = m.read(${a}, ${size}); ${ext} if (m.halted) ${this.exitBefore()} }\n`
    );
  }

  /**
   * Statements storing the low `size` bytes of `value` at `addr`. Pages holding code or tohost are watched:
   * a store there takes the slow path, which may end the block.
   */
  store(size: 1 | 2 | 4, addr: string, value: string): string {
    const a = this.tmp();
    if (this.traced) {
      return `${a} = (${addr}) | 0; if (h.tstore(${a}, ${size}, ${value})) ${this.exitAfter()}\n`;
    }
    const o = this.tmp();
    const view = size === 4 ? 'W' : size === 2 ? 'H' : 'B';
    const shift = size === 4 ? 2 : size === 2 ? 1 : 0;
    const align = size === 1 ? '' : ` && (${o} & ${size - 1}) === 0`;
    return (
      `${a} = (${addr}) | 0; ${o} = (${a} - L2base) >>> 0;\n` +
      `if (${o} < L2size${align} && L2watch[${o} >>> PAGE] === 0) L2${view}[${o} >>> ${shift}] = ${value};\n` +
      `else if ((${o} = (${a} - TCbase) >>> 0) < TCsize${align} && TCwatch[${o} >>> PAGE] === 0) TC${view}[${o} >>> ${shift}] = ${value};\n` +
      `else if (m.write(${a}, ${size}, ${value})) ${this.exitAfter()}\n`
    );
  }

  /** Statement writing NN-RF entry `index` (0 A0, 1 A1, 2..5 W0..W3). */
  setNn(index: string, value: string): string {
    return this.traced ? `NN[${index}] = ${value}; h.recNn(${index});\n` : `NN[${index}] = ${value};\n`;
  }
}

/**
 * The shape of the instruction table: the contract between the assembler, disassembler, golden model
 * (src/iss) and the RTL decoder generator. Every fact about an encoding lives in an `InstrDef`.
 */

/** The three processor configurations of the spec (§1); each includes the previous one. */
export type Config = 'baseline' | 'xpulpnn' | 'flexv';

export type Extension =
  | 'rv32i'
  | 'rv32m'
  | 'rv32c'
  | 'zicsr'
  | 'zifencei'
  | 'xpulpv2'
  | 'xpulpnn'
  | 'flexv';

/**
 * How an operand's value is read:
 * - `xreg`: a register number 0..31;
 * - `creg`: a compressed register field (3 bits) whose value is the register number 8..15;
 * - `simm` / `uimm`: an immediate (two's complement when `signed`);
 * - `pcrel`: a byte offset from the instruction's own address (branch/jump/hardware-loop targets);
 * - `csr`: a 12-bit CSR address.
 */
export type OperandKind = 'xreg' | 'creg' | 'simm' | 'uimm' | 'pcrel' | 'csr';

/**
 * One slice of an operand in the instruction word: word bits `hi..lo` hold value bits
 * `at + (hi - lo) .. at`. Value bits not covered by any piece are zero (e.g. bit 0 of a branch offset).
 */
export interface BitPiece {
  hi: number;
  lo: number;
  at: number;
}

export interface OperandDef {
  /** rd, rs1, rs2, rs3, imm, uimm, csr, target, L, N, ... (unique within an instruction). */
  name: string;
  kind: OperandKind;
  pieces: BitPiece[];
  /** Two's complement: the highest value bit is the sign. */
  signed: boolean;
  /**
   * How the disassembler prints it when not in decimal: `hex` (objdump prints lui/auipc immediates and
   * shift amounts so), `iorw` (fence predecessor/successor sets).
   */
  print?: 'hex' | 'iorw';
}

/** Register roles the RTL maps to read ports: rs1 = [19:15], rs2 = [24:20], rd/rs3 = [11:7]. */
export type RegRead = 'rs1' | 'rs2' | 'rs3' | 'rd';

/**
 * Semantic class: what kind of datapath the instruction uses. Coarse on purpose: the ISS and RTL key the
 * exact operation on `id`; the class groups instructions for coverage and decode (which unit, which
 * write-back source).
 */
export type SemClass =
  | 'alu'
  | 'alu.imm'
  | 'lui'
  | 'auipc'
  | 'mul'
  | 'div'
  | 'mac'
  | 'branch'
  | 'branch.imm'
  | 'jal'
  | 'jalr'
  | 'load'
  | 'load.postinc'
  | 'load.rr'
  | 'load.rr.postinc'
  | 'load.event'
  | 'store'
  | 'store.postinc'
  | 'store.rr'
  | 'store.rr.postinc'
  | 'csr'
  | 'csr.imm'
  | 'fence'
  | 'fence.i'
  | 'system'
  | 'hwloop'
  | 'bitmanip'
  | 'simd.alu'
  | 'simd.cmp'
  | 'simd.shuffle'
  | 'simd.dot'
  | 'simd.sdot'
  | 'simd.qnt'
  | 'mac.load';

/**
 * A field value the instruction may not have. `reserved`: the encoding is not this instruction (illegal
 * unless another row claims it); `hint`: a legal no-effect encoding tools avoid; `alias`: the encoding is
 * another row's (decode picks that row, the assembler still accepts this spelling).
 */
export interface FieldConstraint {
  operand: string;
  not: number;
  why: 'reserved' | 'hint' | 'alias';
}

/**
 * The 32-bit instruction a compressed one stands for. `operands` gives each operand of the 32-bit
 * instruction either the name of an operand of the compressed one or a constant. A value copied into an
 * unsigned operand is taken modulo 2^width (c.lui's signed 6-bit immediate becomes lui's 20-bit field).
 */
export interface Expansion {
  id: string;
  operands: Record<string, string | number>;
}

/** Lane widths of packed SIMD (spec §3, §4): `.h` 16, `.b` 8, `.n` 4, `.c` 2 bits. */
export type LaneWidth = 16 | 8 | 4 | 2;

/** Second operand of a packed-SIMD instruction: rs2 (`vv`), rs2's lane 0 replicated (`sc`), the immediate replicated (`sci`). */
export type SimdForm = 'vv' | 'sc' | 'sci';

/** Signedness of a register-form dot product (spec §3): `usp` = first operand (rs1) unsigned, second signed. */
export type DotSign = 'up' | 'usp' | 'sp';

/** Signedness of a Mac&Load (spec §4, revision 2): `sup` = activations unsigned x weights signed. */
export type MacLoadSign = 'up' | 'usp' | 'sup' | 'sp';

/**
 * The operation of an opcode-0x57 instruction, from instr[31:26] (spec §3): lane-wise ALU and compare
 * operations, dot products (`dot` / accumulating `sdot`), lane moves, and XpulpNN's `qnt`.
 */
export type SimdOp =
  | 'add' | 'sub' | 'avg' | 'avgu' | 'min' | 'minu' | 'max' | 'maxu' | 'srl' | 'sra' | 'sll' | 'or' | 'xor' | 'and' | 'abs'
  | 'cmpeq' | 'cmpne' | 'cmpgt' | 'cmpge' | 'cmplt' | 'cmple' | 'cmpgtu' | 'cmpgeu' | 'cmpltu' | 'cmpleu'
  | 'dot' | 'sdot'
  | 'extract' | 'extractu' | 'insert' | 'shuffle' | 'shuffle2' | 'shufflei0' | 'shufflei1' | 'shufflei2' | 'shufflei3'
  | 'pack' | 'packhi' | 'packlo'
  | 'qnt';

/** What an opcode-0x57 row does, as fields (never parsed back from the id). */
export interface SimdSemantics {
  op: SimdOp;
  /** The lane width in legacy decoding (funct3 bit 12 / bit 25); status-based decoding takes it from `ivec_fmt`. */
  width: LaneWidth;
  form: SimdForm;
  /** Dot products only. */
  sign?: DotSign;
}

/** What a Mac&Load row does (spec §4): the signedness and the legacy lane width (funct3). */
export interface MacLoadSemantics {
  sign: MacLoadSign;
  width: LaneWidth;
}

export interface InstrDef {
  /** Unique and stable: the ISS and RTL key semantics on it (`add`, `c.addi`, `p.lb.postinc`, `pv.sdotsp.b`). */
  id: string;
  /** As printed and assembled (several ids may share one: `p.lb` is four instructions). */
  mnemonic: string;
  ext: Extension;
  size: 2 | 4;
  match: number;
  mask: number;
  operands: OperandDef[];
  /**
   * Assembly operand template; operand names stand for their values, everything else is literal:
   * `rd, rs1, imm`, `rd, imm(rs1)`, `rd, imm(rs1!)`, `rd, rs2(rs1!)`, `L, rs1, target`.
   */
  syntax: string;
  sem: SemClass;
  /** Registers read, in the roles of `RegRead`. `rd` listed means rd is also a source (accumulators). */
  reads: RegRead[];
  writesRd: boolean;
  /** Post-increment: rs1 is written back with the updated address (for Mac&Load, only when a load is requested). */
  writesRs1: boolean;
  constraints?: FieldConstraint[];
  /** Compressed instructions only. */
  expand?: Expansion;
  /** The label of the row in xpulp-encodings.tsv this instruction comes from. */
  tsvLabel?: string;
  /** Packed SIMD (opcode 0x57): operation, legacy lane width, operand form, dot-product signedness. */
  simd?: SimdSemantics;
  /** Mac&Load (opcode 0x77, funct3 000..011). */
  macLoad?: MacLoadSemantics;
}

/** Operand values by operand name, as `extractOperand` returns them (registers as numbers 0..31). */
export type OperandValues = Record<string, number>;

export interface Decoded {
  def: InstrDef;
  operands: OperandValues;
}

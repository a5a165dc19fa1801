/**
 * The CSRs of the machine model (spec §2-§5): address, name, access and fields. The golden model and the
 * RTL take field positions and reset values from here. Any address not listed is an illegal-instruction
 * trap, and so is any write to an `RO` CSR (spec §2).
 */

export interface CsrField {
  name: string;
  hi: number;
  lo: number;
  meaning: string;
  /** Writes to the field are ignored (the field keeps its value or a constant). */
  readOnly?: boolean;
}

export interface CsrDef {
  address: number;
  name: string;
  access: 'RW' | 'RO';
  /** Value after reset; `hartid` for mhartid (the core's index in the cluster). */
  reset: number | 'hartid';
  fields: CsrField[];
  description: string;
  /**
   * The configuration feature the CSR belongs to; configurations without it have no such CSR (access is
   * illegal): `mac-load` (xpulpnn, flexv: the NN-RF), `status-based` (flexv: spec §5.1).
   */
  feature?: CsrFeature;
}

export type CsrFeature = 'mac-load' | 'status-based';

const f = (name: string, hi: number, lo: number, meaning: string, readOnly = false): CsrField =>
  readOnly ? { name, hi, lo, meaning, readOnly } : { name, hi, lo, meaning };
const word = (meaning: string, readOnly = false) => [f('value', 31, 0, meaning, readOnly)];

/** misa: MXL = 1 (32-bit), extensions I, M, C and X (non-standard extensions present). */
export const MISA_VALUE = ((1 << 30) | (1 << 8) | (1 << 12) | (1 << 2) | (1 << 23)) >>> 0;

export const CSRS: readonly CsrDef[] = [
  {
    address: 0x300, name: 'mstatus', access: 'RW', reset: 0x1800,
    fields: [
      f('MIE', 3, 3, 'machine interrupt enable'),
      f('MPIE', 7, 7, 'MIE before the trap; restored to MIE by mret'),
      f('MPP', 12, 11, 'previous privilege: always 3 (machine mode only)', true),
    ],
    description: 'machine status; other bits read as 0',
  },
  {
    address: 0x301, name: 'misa', access: 'RW', reset: MISA_VALUE,
    fields: [f('Extensions', 25, 0, 'I, M, C, X', true), f('MXL', 31, 30, '1: 32-bit', true)],
    description: 'ISA; writes are ignored (WARL, as CV32E40P), no trap',
  },
  { address: 0x304, name: 'mie', access: 'RW', reset: 0,
    fields: [f('MSIE', 3, 3, 'software interrupt enable'), f('MTIE', 7, 7, 'timer interrupt enable'), f('MEIE', 11, 11, 'external interrupt enable')],
    description: 'machine interrupt enable; other bits read as 0' },
  { address: 0x305, name: 'mtvec', access: 'RW', reset: 0,
    fields: [f('MODE', 1, 0, '0 direct, 1 vectored (2, 3 keep the old mode)'), f('BASE', 31, 2, 'trap vector base, 4-byte aligned')],
    description: 'trap vector; vectored mode jumps to BASE + 4 * cause for interrupts only' },
  { address: 0x320, name: 'mcountinhibit', access: 'RW', reset: 0,
    fields: [f('CY', 0, 0, 'stop mcycle'), f('IR', 2, 2, 'stop minstret')],
    description: 'counter inhibit; other bits read as 0' },
  { address: 0x340, name: 'mscratch', access: 'RW', reset: 0, fields: word('scratch register for trap handlers'), description: 'machine scratch' },
  { address: 0x341, name: 'mepc', access: 'RW', reset: 0,
    fields: [f('value', 31, 1, 'address of the trapping instruction'), f('zero', 0, 0, 'always 0 (IALIGN = 16)', true)],
    description: 'machine exception pc' },
  { address: 0x342, name: 'mcause', access: 'RW', reset: 0,
    fields: [f('Code', 30, 0, 'exception code: 2 illegal instruction, 3 breakpoint, 11 ecall from M'), f('Interrupt', 31, 31, '1 for interrupts')],
    description: 'machine trap cause' },
  { address: 0x343, name: 'mtval', access: 'RW', reset: 0, fields: word('illegal instruction word, or 0'), description: 'machine trap value' },
  { address: 0x344, name: 'mip', access: 'RW', reset: 0,
    fields: [f('MSIP', 3, 3, 'software interrupt pending', true), f('MTIP', 7, 7, 'timer interrupt pending', true), f('MEIP', 11, 11, 'external interrupt pending', true)],
    description: 'machine interrupt pending; bits are set by the platform, writes are ignored' },
  // Hardware loops (XpulpV2, GVSoC RI5CY numbering). Loop 0 is the inner loop.
  { address: 0x7c0, name: 'lpstart0', access: 'RW', reset: 0, fields: word('address of the first instruction of loop 0'), description: 'hardware loop 0 start' },
  { address: 0x7c1, name: 'lpend0', access: 'RW', reset: 0, fields: word('address of the last instruction of loop 0'), description: 'hardware loop 0 end' },
  { address: 0x7c2, name: 'lpcount0', access: 'RW', reset: 0, fields: word('remaining iterations of loop 0'), description: 'hardware loop 0 count' },
  { address: 0x7c4, name: 'lpstart1', access: 'RW', reset: 0, fields: word('address of the first instruction of loop 1'), description: 'hardware loop 1 start' },
  { address: 0x7c5, name: 'lpend1', access: 'RW', reset: 0, fields: word('address of the last instruction of loop 1'), description: 'hardware loop 1 end' },
  { address: 0x7c6, name: 'lpcount1', access: 'RW', reset: 0, fields: word('remaining iterations of loop 1'), description: 'hardware loop 1 count' },
  // Flex-V status-based decoding (spec §5.1, revision 2): flexv configuration only.
  { address: 0x00d, name: 'ivec_fmt', access: 'RW', reset: 0, feature: 'status-based',
    fields: [f('fmt', 3, 0, 'operand format (spec §5.3); a write of a reserved value (14, 15) keeps the old one')],
    description: 'status-based operand format; bits 31:4 read as 0' },
  { address: 0x00e, name: 'ivec_mixed_cycle', access: 'RW', reset: 0, feature: 'status-based',
    fields: [f('cycle', 2, 0, 'sub-group of the narrower operand in use (taken modulo R); advanced by the controller')],
    description: 'mixed-precision sub-group index; bits 31:3 read as 0' },
  { address: 0x00f, name: 'ivec_skip_size', access: 'RW', reset: 0, feature: 'status-based',
    fields: [f('skip', 4, 0, 'dot-product instructions per sub-group before the cycle advances (0 acts as 1)')],
    description: 'mixed-precision skip size; bits 31:5 read as 0' },
  { address: 0x010, name: 'sb_legacy', access: 'RW', reset: 1, feature: 'status-based',
    fields: [f('legacy', 0, 0, '1: legacy decoding (lane width from the opcode, Mac&Load address from rs1); 0: status-based')],
    description: 'decoding mode; bits 31:1 read as 0' },
  { address: 0x100, name: 'macl_a_address', access: 'RW', reset: 0, feature: 'status-based', fields: word('next activation load address of Mac&Load (a write resets the stream counter)'), description: 'Mac&Load activation address' },
  { address: 0x101, name: 'macl_w_address', access: 'RW', reset: 0, feature: 'status-based', fields: word('next weight load address of Mac&Load (a write resets the stream counter)'), description: 'Mac&Load weight address' },
  { address: 0x102, name: 'macl_a_stride', access: 'RW', reset: 0, feature: 'status-based', fields: word('activation address increment (bytes, two\'s complement)'), description: 'Mac&Load activation stride' },
  { address: 0x103, name: 'macl_w_stride', access: 'RW', reset: 0, feature: 'status-based', fields: word('weight address increment (bytes, two\'s complement)'), description: 'Mac&Load weight stride' },
  { address: 0x104, name: 'macl_a_rollback', access: 'RW', reset: 0, feature: 'status-based', fields: word('activation increment on every (a_skip + 1)-th update'), description: 'Mac&Load activation rollback' },
  { address: 0x105, name: 'macl_w_rollback', access: 'RW', reset: 0, feature: 'status-based', fields: word('weight increment on every (w_skip + 1)-th update'), description: 'Mac&Load weight rollback' },
  { address: 0x106, name: 'macl_a_skip', access: 'RW', reset: 0, feature: 'status-based', fields: word('regular activation updates before a rollback'), description: 'Mac&Load activation skip' },
  { address: 0x107, name: 'macl_w_skip', access: 'RW', reset: 0, feature: 'status-based', fields: word('regular weight updates before a rollback'), description: 'Mac&Load weight skip' },
  // NN register file, also reachable as CSRs (flexv definition, spec §4).
  { address: 0x7d8, name: 'nnrf_a0', access: 'RW', reset: 0, feature: 'mac-load', fields: word('NN-RF activation register A0'), description: 'NN-RF A0' },
  { address: 0x7d9, name: 'nnrf_a1', access: 'RW', reset: 0, feature: 'mac-load', fields: word('NN-RF activation register A1'), description: 'NN-RF A1' },
  { address: 0x7da, name: 'nnrf_w0', access: 'RW', reset: 0, feature: 'mac-load', fields: word('NN-RF weight register W0'), description: 'NN-RF W0' },
  { address: 0x7db, name: 'nnrf_w1', access: 'RW', reset: 0, feature: 'mac-load', fields: word('NN-RF weight register W1'), description: 'NN-RF W1' },
  { address: 0x7dc, name: 'nnrf_w2', access: 'RW', reset: 0, feature: 'mac-load', fields: word('NN-RF weight register W2'), description: 'NN-RF W2' },
  { address: 0x7dd, name: 'nnrf_w3', access: 'RW', reset: 0, feature: 'mac-load', fields: word('NN-RF weight register W3'), description: 'NN-RF W3' },
  { address: 0xb00, name: 'mcycle', access: 'RW', reset: 0, fields: word('cycle counter, low word'), description: 'machine cycle counter' },
  { address: 0xb02, name: 'minstret', access: 'RW', reset: 0, fields: word('retired instructions, low word'), description: 'machine instructions-retired counter' },
  { address: 0xb80, name: 'mcycleh', access: 'RW', reset: 0, fields: word('cycle counter, high word'), description: 'machine cycle counter, high' },
  { address: 0xb82, name: 'minstreth', access: 'RW', reset: 0, fields: word('retired instructions, high word'), description: 'machine instructions-retired counter, high' },
  { address: 0xc00, name: 'cycle', access: 'RO', reset: 0, fields: word('read-only shadow of mcycle', true), description: 'user cycle counter' },
  { address: 0xc02, name: 'instret', access: 'RO', reset: 0, fields: word('read-only shadow of minstret', true), description: 'user instructions-retired counter' },
  { address: 0xc80, name: 'cycleh', access: 'RO', reset: 0, fields: word('read-only shadow of mcycleh', true), description: 'user cycle counter, high' },
  { address: 0xc82, name: 'instreth', access: 'RO', reset: 0, fields: word('read-only shadow of minstreth', true), description: 'user instructions-retired counter, high' },
  { address: 0xf11, name: 'mvendorid', access: 'RO', reset: 0, fields: word('0: non-commercial implementation', true), description: 'vendor id' },
  { address: 0xf12, name: 'marchid', access: 'RO', reset: 0, fields: word('0: not assigned', true), description: 'architecture id' },
  { address: 0xf13, name: 'mimpid', access: 'RO', reset: 0, fields: word('0: not assigned', true), description: 'implementation id' },
  { address: 0xf14, name: 'mhartid', access: 'RO', reset: 'hartid', fields: word('core index in the cluster', true), description: 'hart id' },
];

const BY_ADDRESS = new Map(CSRS.map((c) => [c.address, c]));
const BY_NAME = new Map(CSRS.map((c) => [c.name, c]));

/**
 * The custom machine-mode CSR block of the PULP cores (hardware loops, the NN-RF registers): the one
 * definition of the range; the C header generator gives every CSR in it a macro.
 */
export const PULP_CSR_RANGE = { first: 0x7c0, last: 0x7df } as const;

export function inPulpCsrRange(address: number): boolean {
  return address >= PULP_CSR_RANGE.first && address <= PULP_CSR_RANGE.last;
}

export function csrByAddress(address: number): CsrDef | undefined {
  return BY_ADDRESS.get(address);
}

export function csrByName(name: string): CsrDef | undefined {
  return BY_NAME.get(name);
}

/** The field's value in a CSR value. */
export function csrField(csr: CsrDef, field: string): CsrField {
  const fl = csr.fields.find((x) => x.name === field);
  if (!fl) throw new Error(`csr ${csr.name} has no field ${field}`);
  return fl;
}

export function getField(value: number, fl: CsrField): number {
  const width = fl.hi - fl.lo + 1;
  return width === 32 ? value >>> 0 : (value >>> fl.lo) & ((1 << width) - 1);
}

export function setField(value: number, fl: CsrField, v: number): number {
  const width = fl.hi - fl.lo + 1;
  if (width === 32) return v >>> 0;
  const m = ((1 << width) - 1) << fl.lo;
  return ((value & ~m) | ((v << fl.lo) & m)) >>> 0;
}

/** Bits that hold state (the union of the fields); other bits read as 0. */
export function csrImplementedMask(csr: CsrDef): number {
  let m = 0;
  for (const fl of csr.fields) m |= fl.hi - fl.lo === 31 ? 0xffffffff : ((1 << (fl.hi - fl.lo + 1)) - 1) << fl.lo;
  return m >>> 0;
}

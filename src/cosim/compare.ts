import { csrByAddress, decodeWord, expandCompressed, csrByName, type Config } from '../isa/index.ts';
import { PERIPH, PERIPH_BASE } from '../platform/memory-map.ts';
import type { Retirement } from '../iss/retire.ts';
import { SYSTEM } from '../isa/rv32.ts';

const hex = (v: number) => '0x' + (v >>> 0).toString(16).padStart(8, '0');

/** One field of a retirement record as text, for comparison and for the mismatch report. */
export function recordFields(r: Retirement): Array<[string, string]> {
  const f: Array<[string, string]> = [
    ['order', String(r.order)],
    ['pc', hex(r.pc)],
    ['insn', hex(r.insn)],
    ['size', String(r.size)],
    ['rd', `x${r.rd}`],
    ['rd value', hex(r.rdValue)],
    ['rs1 writeback', `x${r.rs1Wb}`],
    // The golden model leaves the value stale when nothing is written back: compare it only then.
    ['rs1 writeback value', r.rs1Wb !== 0 ? hex(r.rs1WbValue) : '-'],
    ['trap', r.trap < 0 ? 'none' : `cause ${r.trap}`],
    ['next pc', hex(r.nextPc)],
    ['memory beats', String(r.memCount)],
  ];
  for (let i = 0; i < r.memCount; i++) {
    const m = r.mem[i]!;
    f.push([`mem[${i}]`, `${m.write ? 'write' : 'read'} ${hex(m.addr)} data ${hex(m.data)} mask 0x${m.mask.toString(16)}`]);
  }
  f.push(['csr writes', String(r.csrCount)]);
  for (let i = 0; i < r.csrCount; i++) {
    const c = r.csr[i]!;
    f.push([`csr[${i}]`, `${csrByAddress(c.addr)?.name ?? '0x' + c.addr.toString(16)} = ${hex(c.value)}`]);
  }
  f.push(['nn-rf writes', String(r.nnCount)]);
  for (let i = 0; i < r.nnCount; i++) f.push([`nn[${i}]`, `${r.nn[i]!.index} = ${hex(r.nn[i]!.value)}`]);
  return f;
}

/** Do two records agree in every field? (Numeric, allocation-free: runs once per retirement.) */
export function sameRecord(a: Retirement, b: Retirement): boolean {
  if (a.pc !== b.pc || a.insn !== b.insn || a.size !== b.size || a.rd !== b.rd || a.rdValue !== b.rdValue) return false;
  if (a.rs1Wb !== b.rs1Wb || (a.rs1Wb !== 0 && a.rs1WbValue !== b.rs1WbValue) || a.trap !== b.trap || a.nextPc !== b.nextPc) return false;
  if (a.order !== b.order || a.memCount !== b.memCount || a.csrCount !== b.csrCount || a.nnCount !== b.nnCount) return false;
  for (let i = 0; i < a.memCount; i++) {
    const x = a.mem[i]!, y = b.mem[i]!;
    if (x.addr !== y.addr || x.data !== y.data || x.mask !== y.mask || x.write !== y.write) return false;
  }
  for (let i = 0; i < a.csrCount; i++) if (a.csr[i]!.addr !== b.csr[i]!.addr || a.csr[i]!.value !== b.csr[i]!.value) return false;
  for (let i = 0; i < a.nnCount; i++) if (a.nn[i]!.index !== b.nn[i]!.index || a.nn[i]!.value !== b.nn[i]!.value) return false;
  return true;
}

/** Names of the fields where the two records differ (empty: they agree). */
export function differingFields(rtl: Retirement, gold: Retirement): string[] {
  const a = new Map(recordFields(rtl));
  const b = new Map(recordFields(gold));
  const names = new Set([...a.keys(), ...b.keys()]);
  return [...names].filter((n) => a.get(n) !== b.get(n));
}

const CYCLE_CSRS = new Set(['mcycle', 'cycle'].map((n) => csrByName(n)!.address));
const CYCLE_HIGH_CSRS = new Set(['mcycleh', 'cycleh'].map((n) => csrByName(n)!.address));

/** What a cycle-count read returns: the low word (mcycle, cycle, the peripheral counter) or the high word. */
export const CycleRead = { none: 0, low: 1, high: 2 } as const;

/**
 * Is this retirement a read of a cycle count (mcycle[h], cycle[h], the peripheral cycle counter), and of
 * which word? The golden model counts one cycle per instruction, the RTL counts clock cycles: lockstep
 * takes the RTL's value and checks it for plausibility instead (src/cosim/counter-check.ts).
 */
/** A 32-bit instruction of the SYSTEM opcode (a cycle read of this opcode is a CSR read, not a load). */
export const isSystem = (insn: number): boolean => (insn & 0x7f) === SYSTEM;

export function cycleCountRead(config: Config, r: Retirement): number {
  if (r.rd === 0 || r.trap >= 0) return CycleRead.none;
  // Cheap filters first: this runs once per retirement. CSR instructions are 32-bit SYSTEM.
  const periphCycles = (PERIPH_BASE + PERIPH.cycles) >>> 0;
  const csrLike = isSystem(r.insn);
  if (!csrLike && !(r.memCount === 1 && !r.mem[0]!.write && (r.mem[0]!.addr >>> 0) === periphCycles)) return CycleRead.none;
  const d = decodeWord(config, r.insn);
  if (!d) return CycleRead.none;
  const e = d.def.size === 2 ? expandCompressed(d) : d;
  if (e.def.sem === 'csr' || e.def.sem === 'csr.imm') {
    if (CYCLE_CSRS.has(e.operands.csr!)) return CycleRead.low;
    if (CYCLE_HIGH_CSRS.has(e.operands.csr!)) return CycleRead.high;
    return CycleRead.none;
  }
  return e.def.sem === 'load' && r.memCount === 1 && (r.mem[0]!.addr >>> 0) === periphCycles ? CycleRead.low : CycleRead.none;
}

/**
 * A cycle-count read agreed on: the golden model takes the RTL's value (its register, its record and, for
 * a load of the peripheral counter, the bus beat that carries it), after the caller checked it.
 */
export function adoptCycleCount(rtl: Retirement, gold: Retirement, x: Int32Array): void {
  x[gold.rd] = rtl.rdValue;
  gold.rdValue = rtl.rdValue;
  if (gold.memCount === 1 && rtl.memCount === 1) gold.mem[0]!.data = rtl.mem[0]!.data;
}

/** Is this retirement a read of a cycle count (either word)? */
export function readsCycleCount(config: Config, r: Retirement): boolean {
  return cycleCountRead(config, r) !== CycleRead.none;
}

/** CSRs whose write makes the cycle count part ways with the harness's (a new baseline for the check). */
export const CYCLE_COUNTER_WRITES = new Set(['mcycle', 'mcycleh', 'mcountinhibit'].map((n) => csrByName(n)!.address));
export const MCOUNTINHIBIT = csrByName('mcountinhibit')!.address;

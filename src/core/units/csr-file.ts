import { Bool, cat, Enum, type Expr, lit, module, mux, orAll, type Signal, UInt } from '../../hdl/index.ts';
import { csrByName, csrField, CSRS, type CsrDef } from '../../isa/index.ts';

/** CSR instruction operations; 0 = none. */
export const CSR_OP_T = Enum('csr_op', { write: 1, set: 2, clear: 3 }, { width: 2, prefix: 'CSR_OP' });
export const CsrOp = CSR_OP_T.values;

const ADDR = (name: string): number => csrByName(name)!.address;
const MSTATUS = csrByName('mstatus')!;
const MIE_BIT = csrField(MSTATUS, 'MIE').lo;
const MPIE_BIT = csrField(MSTATUS, 'MPIE').lo;
const COUNTERS = { mcycle: 'mcycle', mcycleh: 'mcycle', cycle: 'mcycle', cycleh: 'mcycle', minstret: 'minstret', minstreth: 'minstret', instret: 'minstret', instreth: 'minstret' } as const;
const HIGH_HALF = new Set(['mcycleh', 'cycleh', 'minstreth', 'instreth']);
/** A WARL field: a write of a value >= `min` keeps the old value. */
export interface KeepRule { field: string; min: number }
/** The base CSRs' WARL fields: mtvec.MODE >= 2. Parts add theirs with the `keep` parameter. */
const KEEP_IF_AT_LEAST: Record<string, KeepRule[]> = {
  mtvec: [{ field: 'MODE', min: 2 }],
};

/** Bits a CSR write may change: its fields not marked read-only (the same rule as the golden model). */
export function writableMask(d: CsrDef): number {
  let m = 0;
  for (const f of d.fields) if (!f.readOnly) m |= f.hi - f.lo === 31 ? -1 : ((1 << (f.hi - f.lo + 1)) - 1) << f.lo;
  return m >>> 0;
}

/**
 * The machine-mode CSRs, generated from the ISA table (src/isa/csrs.ts): addresses, reset values and the
 * writable bits come from there; counters, WARL fields and the trap/mret updates are the rules on top.
 * `rdata`/`illegal`/`wvalue` answer the CSR instruction in EX combinationally; state changes on `commit`,
 * `trap`, `mret` (each qualified by EX firing) and `retire` (WB).
 */
export interface CsrFileParams {
  /** CSRs with a side port for other units: `<name>_value` out, `<name>_we`/`<name>_wdata` in. */
  side: string[];
  /**
   * CSRs whose storage is a unit of its own (the NN-RF, `mpc`): `<name>_value` in (the unit's value),
   * `<name>_we`/`<name>_wdata` out (a CSR instruction's legalized write, on commit). Same port names as
   * the side ports, the other way round.
   */
  external: string[];
  /** CSRs of the table the configuration does not have: an access is an illegal instruction. */
  absent: string[];
  /** WARL fields of other CSRs (the status-based format), on top of the base ones. */
  keep: Record<string, KeepRule[]>;
}

export const csrFile = module('csr_file', (m, p: CsrFileParams) => {
  const hartId = m.input('hart_id', UInt(32));
  const addr = m.input('addr', UInt(12));
  const op = m.input('op', CSR_OP_T);
  const operand = m.input('operand', UInt(32));
  const writes = m.input('writes', Bool());
  const commit = m.input('commit', Bool());
  const trap = m.input('trap', Bool());
  const trapCause = m.input('trap_cause', UInt(5));
  const trapPc = m.input('trap_pc', UInt(32));
  const trapTval = m.input('trap_tval', UInt(32));
  const mret = m.input('mret', Bool());
  const retire = m.input('retire', Bool());
  const rdata = m.output('rdata', UInt(32));
  const illegal = m.output('illegal', Bool());
  const wvalue = m.output('wvalue', UInt(32));
  const mtvecBase = m.output('mtvec_base', UInt(32));
  const mepcOut = m.output('mepc', UInt(32));
  const mstatusTrap = m.output('mstatus_trap', UInt(32));
  const mstatusMret = m.output('mstatus_mret', UInt(32));

  const mcycle = m.reg('mcycle', UInt(64));
  const minstret = m.reg('minstret', UInt(64));
  // The instruction writing minstret must not count itself (the next one reads the written value).
  const skipRetire = m.reg('skip_retire', Bool());
  const instretNow = m.named('instret_now', minstret.add(retire.and(skipRetire.not()).zext(64)));
  const counters = { mcycle: mcycle as Expr, minstret: instretNow as Expr };

  for (const name of [...p.absent, ...p.external]) m.require(csrByName(name) !== undefined, `csr_file: '${name}' is no CSR of the table`);
  for (const name of p.external) m.require(!p.absent.includes(name), `csr_file: '${name}' is both external and absent`);
  const defs = CSRS.filter((d) => !p.absent.includes(d.name));
  // Storage for every CSR with writable bits; read-only ones read their reset value or their source;
  // external ones the unit that holds them.
  const storage = new Map<string, Signal>();
  const value = new Map<string, Expr>();
  const external: Record<string, Signal> = {};
  for (const d of defs) {
    if (d.name in COUNTERS) {
      const c = counters[COUNTERS[d.name as keyof typeof COUNTERS]];
      value.set(d.name, HIGH_HALF.has(d.name) ? c.bits(63, 32) : c.bits(31, 0));
    } else if (p.external.includes(d.name)) {
      external[`${d.name}_value`] = m.input(`${d.name}_value`, UInt(32));
      value.set(d.name, external[`${d.name}_value`]!);
    } else if (d.reset === 'hartid') value.set(d.name, hartId);
    else if (d.access === 'RO' || writableMask(d) === 0) value.set(d.name, lit(d.reset >>> 0, 32));
    else {
      const r = m.reg(`${d.name}_reg`, UInt(32), { reset: d.reset >>> 0 }) as Signal;
      storage.set(d.name, r);
      value.set(d.name, r);
    }
  }
  const hits = defs.map((d) => addr.eq(d.address));
  const old = orAll(defs.map((d, i) => mux(hits[i]!, value.get(d.name)!, lit(0, 32))));
  rdata.set(old);
  const exists = orAll(hits);
  const readOnly = orAll(defs.filter((d) => d.access === 'RO').map((d) => addr.eq(d.address)));
  illegal.set(exists.not().or(writes.and(readOnly)));

  const written = m.named('written', mux(op.eq(CsrOp.write), operand, mux(op.eq(CsrOp.set), old.or(operand), old.and(operand.not()))));
  // Legalized value per CSR: read-only bits keep their value, WARL fields keep the old value when reserved.
  const legal = new Map<string, Expr>();
  for (const d of defs) {
    if (d.name in COUNTERS) {
      legal.set(d.name, written);
      continue;
    }
    const wm = writableMask(d);
    const cur = value.get(d.name)!;
    let nv: Expr = wm === 0 ? cur : cur.and(lit(~wm >>> 0, 32)).or(written.and(lit(wm, 32)));
    for (const k of [...(KEEP_IF_AT_LEAST[d.name] ?? []), ...(p.keep[d.name] ?? [])]) {
      const f = csrField(d, k.field);
      const keep = written.bits(f.hi, f.lo).ge(k.min);
      const fm = (((1 << (f.hi - f.lo + 1)) - 1) << f.lo) >>> 0;
      nv = mux(keep, nv.and(lit(~fm >>> 0, 32)).or(cur.and(lit(fm, 32))), nv);
    }
    legal.set(d.name, nv);
  }
  wvalue.set(orAll(defs.map((d, i) => mux(hits[i]!, legal.get(d.name)!, lit(0, 32)))));
  const doWrite = commit.and(writes);
  const sidePorts: Record<string, Signal> = {};
  for (const name of p.side) {
    const r = storage.get(name);
    m.require(r !== undefined, `csr_file: side port for '${name}', which is not a writable CSR`);
    sidePorts[`${name}_value`] = m.output(`${name}_value`, UInt(32));
    sidePorts[`${name}_we`] = m.input(`${name}_we`, Bool());
    sidePorts[`${name}_wdata`] = m.input(`${name}_wdata`, UInt(32));
    sidePorts[`${name}_value`]!.set(r!);
  }
  for (const name of p.external) {
    external[`${name}_we`] = m.output(`${name}_we`, Bool());
    external[`${name}_wdata`] = m.output(`${name}_wdata`, UInt(32));
    external[`${name}_we`]!.set(doWrite.and(addr.eq(ADDR(name))));
    external[`${name}_wdata`]!.set(legal.get(name)!);
  }
  for (const [name, r] of storage) {
    m.when(doWrite.and(addr.eq(ADDR(name))), () => r.setNext(legal.get(name)!));
    if (p.side.includes(name)) m.when(sidePorts[`${name}_we`]!, () => r.setNext(sidePorts[`${name}_wdata`]!));
  }

  // Traps and mret (a trap never coincides with a CSR write: the trapping instruction does nothing else).
  const mstatus = storage.get('mstatus')!;
  const setBit = (v: Expr, bit: number, b: Expr): Expr => v.and(lit(~(1 << bit) >>> 0, 32)).or(b.zext(32).shl(bit));
  mstatusTrap.set(setBit(setBit(mstatus, MPIE_BIT, mstatus.bit(MIE_BIT)), MIE_BIT, lit(0, 1)));
  mstatusMret.set(setBit(setBit(mstatus, MIE_BIT, mstatus.bit(MPIE_BIT)), MPIE_BIT, lit(1, 1)));
  const mepc = storage.get('mepc')!;
  m.when(trap, () => {
    mepc.setNext(trapPc.and(lit(0xfffffffe, 32)));
    storage.get('mcause')!.setNext(trapCause.zext(32));
    storage.get('mtval')!.setNext(trapTval);
    mstatus.setNext(mstatusTrap);
  });
  m.when(mret, () => mstatus.setNext(mstatusMret));
  mtvecBase.set(storage.get('mtvec')!.and(lit(0xfffffffc, 32)));
  mepcOut.set(mepc);

  // Counters: a CSR write wins over counting in the same cycle.
  const inhibit = storage.get('mcountinhibit')!;
  const write64 = (name: string, cur: Expr, hiName: string, loName: string): Expr =>
    mux(doWrite.and(addr.eq(ADDR(loName))), cat(cur.bits(63, 32), written), mux(doWrite.and(addr.eq(ADDR(hiName))), cat(written, cur.bits(31, 0)), lit(0, 64)));
  const cycleWrite = doWrite.and(addr.eq(ADDR('mcycle')).or(addr.eq(ADDR('mcycleh'))));
  mcycle.setNext(mux(cycleWrite, write64('mcycle', mcycle, 'mcycleh', 'mcycle'), mux(inhibit.bit(0), mcycle, mcycle.add(1))));
  const instretWrite = doWrite.and(addr.eq(ADDR('minstret')).or(addr.eq(ADDR('minstreth'))));
  const counted = mux(inhibit.bit(2), minstret, instretNow);
  minstret.setNext(mux(instretWrite, write64('minstret', counted, 'minstreth', 'minstret'), counted));
  m.when(doWrite.and(addr.eq(ADDR('minstret'))), () => skipRetire.setNext(true)).elseWhen(retire, () => skipRetire.setNext(false));
  return {
    hartId, addr, op, operand, writes, commit, trap, trapCause, trapPc, trapTval, mret, retire,
    rdata, illegal, wvalue, mtvecBase, mepc: mepcOut, mstatusTrap, mstatusMret, ...sidePorts, ...external,
  };
}, { defaults: { side: [], external: [], absent: [], keep: {} } });

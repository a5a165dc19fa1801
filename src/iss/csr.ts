import { VEC_FORMAT_COUNT } from '../isa/vec-formats.ts';
import { csrByAddress, csrByName, csrField, CSRS, getField, setField, type CsrDef } from '../isa/csrs.ts';
import { Counter } from './counters.ts';
import type { Config } from '../isa/index.ts';
import { csrsAbsentIn } from '../isa/features.ts';
import { DECODE_MODE_CSRS, SB_SLOT_OF, resetStatus, writeStatus } from './status.ts';

/** CSR addresses the model gives behaviour to, looked up by name in the ISA table (never re-typed). */
function addr(name: string): number {
  const d = csrByName(name);
  if (!d) throw new Error(`iss: CSR ${name} missing from the ISA table`);
  return d.address;
}
export const CSR = {
  mstatus: addr('mstatus'), misa: addr('misa'), mie: addr('mie'), mtvec: addr('mtvec'),
  mcountinhibit: addr('mcountinhibit'), mscratch: addr('mscratch'), mepc: addr('mepc'), mcause: addr('mcause'),
  mtval: addr('mtval'), mip: addr('mip'), mhartid: addr('mhartid'),
  lpstart0: addr('lpstart0'), lpend0: addr('lpend0'), lpcount0: addr('lpcount0'),
  lpstart1: addr('lpstart1'), lpend1: addr('lpend1'), lpcount1: addr('lpcount1'),
  nnrf0: addr('nnrf_a0'),
  mcycle: addr('mcycle'), minstret: addr('minstret'), mcycleh: addr('mcycleh'), minstreth: addr('minstreth'),
  cycle: addr('cycle'), instret: addr('instret'), cycleh: addr('cycleh'), instreth: addr('instreth'),
} as const;

const MSTATUS = csrByName('mstatus')!;
export const MSTATUS_MIE = 1 << csrField(MSTATUS, 'MIE').lo;
export const MSTATUS_MPIE = 1 << csrField(MSTATUS, 'MPIE').lo;
const MTVEC_MODE = csrField(csrByName('mtvec')!, 'MODE');

/** Bits a write may change: the fields not marked read-only. */
function writableMask(d: CsrDef): number {
  let m = 0;
  for (const f of d.fields) if (!f.readOnly) m |= f.hi - f.lo === 31 ? -1 : ((1 << (f.hi - f.lo + 1)) - 1) << f.lo;
  return m | 0;
}

/** Per-address facts, in arrays indexed by the 12-bit CSR address. */
const DEFS: (CsrDef | undefined)[] = Array.from({ length: 4096 }, (_, a) => csrByAddress(a));
const WMASK = Int32Array.from(DEFS, (d) => (d ? writableMask(d) : 0));

/**
 * Addresses of the table's CSRs a configuration does not have (the NN-RF without Mac&Load, the
 * status-based CSRs outside flexv, revision 1's `mpc` everywhere): accessing them is illegal, as on the
 * core. The rule is the ISA layer's (`csrsAbsentIn`, src/isa/features.ts), shared with the RTL.
 */
const ABSENT = new Map<Config, ReadonlySet<number>>();
export function absentCsrAddresses(config: Config): ReadonlySet<number> {
  let s = ABSENT.get(config);
  if (!s) {
    s = new Set(csrsAbsentIn(config).map((n) => csrByName(n)!.address));
    ABSENT.set(config, s);
  }
  return s;
}

/**
 * The state behind the CSRs that are plain registers, plus the rules of the special ones: counters derived
 * from the retired count, hardware-loop registers, the NN-RF and the status-based state (`sb`, see
 * status.ts) live in the hart (instructions read them), and this unit reads and writes them there.
 */
export class CsrUnit {
  /** Format values `ivec_fmt` can hold (fewer without the extension formats: HartOptions). */
  formatCount = VEC_FORMAT_COUNT;
  /** Plain storage, indexed by address. */
  readonly regs = new Int32Array(4096);
  readonly mcycle = new Counter();
  readonly minstret = new Counter();

  constructor(
    readonly hartId: number,
    private readonly lp: Int32Array,
    private readonly nn: Int32Array,
    private readonly sb: Int32Array,
    /** CSRs of the table this configuration does not have (absentCsrAddresses). */
    private readonly absent: ReadonlySet<number> = new Set(),
    /** Called after a write of `sb_legacy` or `ivec_fmt` (the hart switches its compiled code). */
    private readonly onDecodeModeWrite: () => void = () => {},
  ) {
    for (const d of CSRS) this.regs[d.address] = d.reset === 'hartid' ? hartId : d.reset;
    resetStatus(sb);
  }

  exists(a: number): boolean {
    return DEFS[a] !== undefined && !this.absent.has(a);
  }

  readOnly(a: number): boolean {
    return DEFS[a]?.access === 'RO';
  }

  /** Value seen by a CSR instruction that is the `n`-th to retire. */
  read(a: number, n: number): number {
    switch (a) {
      case CSR.mcycle: case CSR.cycle: return Counter.low(this.mcycle.value(n));
      case CSR.mcycleh: case CSR.cycleh: return Counter.high(this.mcycle.value(n));
      case CSR.minstret: case CSR.instret: return Counter.low(this.minstret.value(n));
      case CSR.minstreth: case CSR.instreth: return Counter.high(this.minstret.value(n));
      case CSR.lpstart0: return this.lp[0];
      case CSR.lpend0: return this.lp[1];
      case CSR.lpcount0: return this.lp[2];
      case CSR.lpstart1: return this.lp[3];
      case CSR.lpend1: return this.lp[4];
      case CSR.lpcount1: return this.lp[5];
    }
    if (a >= CSR.nnrf0 && a < CSR.nnrf0 + 6) return this.nn[a - CSR.nnrf0];
    const slot = SB_SLOT_OF.get(a);
    if (slot !== undefined) return this.sb[slot];
    return this.regs[a];
  }

  /** Writes `v` (legalized: read-only fields keep their value, WARL rules of the spec); returns the new value. */
  write(a: number, v: number, n: number): number {
    v |= 0;
    const old = this.read(a, n);
    const m = WMASK[a];
    let nv = (old & ~m) | (v & m);
    switch (a) {
      case CSR.mtvec:
        if (getField(v, MTVEC_MODE) >= 2) nv = setField(nv, MTVEC_MODE, getField(old, MTVEC_MODE)) | 0;
        break;
      case CSR.mcountinhibit:
        this.regs[a] = nv;
        this.mcycle.inhibit(n, (nv & 1) !== 0);
        this.minstret.inhibit(n, (nv & 4) !== 0);
        return nv;
      case CSR.mcycle: this.mcycle.setLow(n, v); return v;
      case CSR.mcycleh: this.mcycle.setHigh(n, v); return v;
      case CSR.minstret: this.minstret.setLow(n, v); return v;
      case CSR.minstreth: this.minstret.setHigh(n, v); return v;
      case CSR.lpstart0: this.lp[0] = v; return v;
      case CSR.lpend0: this.lp[1] = v; return v;
      case CSR.lpcount0: this.lp[2] = v; return v;
      case CSR.lpstart1: this.lp[3] = v; return v;
      case CSR.lpend1: this.lp[4] = v; return v;
      case CSR.lpcount1: this.lp[5] = v; return v;
    }
    if (a >= CSR.nnrf0 && a < CSR.nnrf0 + 6) {
      this.nn[a - CSR.nnrf0] = v;
      return v;
    }
    const slot = SB_SLOT_OF.get(a);
    if (slot !== undefined) {
      const r = writeStatus(this.sb, slot, v, this.formatCount);
      if (DECODE_MODE_CSRS.has(a)) this.onDecodeModeWrite();
      return r;
    }
    this.regs[a] = nv;
    return nv;
  }
}

import { csrByName, VEC_FORMATS, vecFormat } from '../isa/index.ts';
import type { Retirement } from '../iss/retire.ts';
import { macLoadStream } from './nn-ops.ts';

/**
 * The Flex-V status-based points of the execution report (flexv), counted from the retirement stream: the
 * mode, the format, the mixed-precision controller and the Mac&Load address streams (spec §5), tracked from
 * the records' own CSR writes (a CSR instruction's write is software's; a write of `ivec_mixed_cycle` by
 * any other instruction is the controller's step). The controller's hidden counter and the streams'
 * counters are not CSRs: they are followed here by the rules of spec §5.2/§5.3, for coverage only.
 */
export const STATUS_POINTS = [
  /** sb_legacy written 1 -> 0 / 0 -> 1 by software. */
  'mode-to-status-based',
  'mode-to-legacy',
  /** ivec_fmt written 0 (scalar), or a reserved value (14, 15: csrwi, the format stays). */
  'fmt-write-scalar',
  'fmt-write-reserved',
  /** A packed-SIMD / Mac&Load instruction in status-based mode with format 0: illegal-instruction trap. */
  'status-scalar-simd-trap',
  'status-scalar-macload-trap',
  /** A `.sc` / `.sci` dot product under a mixed format: illegal-instruction trap. */
  'mixed-scalar-form-dot-trap',
  /** The controller advanced ivec_mixed_cycle; ... back to 0; with skip size 0, 1, more than 1. */
  'controller-step',
  'controller-wrap',
  'controller-skip-0',
  'controller-skip-1',
  'controller-skip-n',
  /** Software wrote ivec_mixed_cycle >= R; a mixed dot product ran with ivec_mixed_cycle >= R (taken mod R). */
  'mixed-cycle-write-beyond-groups',
  'mixed-dot-cycle-beyond-groups',
  /** A write of ivec_fmt / _mixed_cycle / _skip_size while the hidden counter was not 0 (it resets). */
  'controller-count-reset-by-csr',
  /** A status-based Mac&Load load from the activation / weight stream; one that used the rollback. */
  'macl-a-load',
  'macl-w-load',
  'macl-a-rollback',
  'macl-w-rollback',
  /** The stream address written while the stream's counter was not 0 (it resets). */
  'macl-a-counter-reset',
  'macl-w-counter-reset',
  /** A stream load with a zero / negative stride or rollback applied (addresses standing still or going down). */
  'macl-step-zero',
  'macl-step-negative',
  /** A write of ivec_fmt, then a mixed dot product (the new format reaches decode at once). */
  'fmt-write-then-mixed',
  /** A write of sb_legacy, then a packed-SIMD or Mac&Load instruction (decoded in the new mode). */
  'mode-write-then-simd',
  /** Two mixed dot products back to back (the controller stepped by the first). */
  'mixed-back-to-back',
] as const;
export type StatusPoint = (typeof STATUS_POINTS)[number];

const A = (n: string) => csrByName(n)!.address;
const reset = (n: string) => csrByName(n)!.reset as number;
const C = {
  legacy: A('sb_legacy'), fmt: A('ivec_fmt'), cycle: A('ivec_mixed_cycle'), skip: A('ivec_skip_size'),
  aAddr: A('macl_a_address'), wAddr: A('macl_w_address'), aStride: A('macl_a_stride'), wStride: A('macl_w_stride'),
  aRollback: A('macl_a_rollback'), wRollback: A('macl_w_rollback'), aSkip: A('macl_a_skip'), wSkip: A('macl_w_skip'),
};

/** What the tracker needs of a retired word (decoded once per word by the caller). */
export interface StatusWordInfo {
  /** Packed-SIMD (opcode 0x57) row; a dot / sdot row and its form. */
  simd: boolean;
  dot: boolean;
  scalarForm: boolean;
  macLoad: boolean;
  /** Mac&Load imm5 and rd field (the controller counts a Mac&Load only with rd != x0). */
  uimm: number;
  rdField: number;
  /** CSR instruction: its address, whether it writes, and a csrrwi's immediate (reserved-format writes). */
  csrAddr?: number;
  csrWrites: boolean;
  csrImm?: number;
}

/** Formats seen executing in status-based mode: packed-SIMD instructions, dot products among them, Mac&Loads. */
export interface FormatCounts {
  simd: number;
  dot: number;
  macload: number;
}

interface Stream {
  stride: number;
  rollback: number;
  skip: number;
  count: number;
}

export class StatusTracker {
  private legacy = reset('sb_legacy');
  private fmt = reset('ivec_fmt');
  private cycle = reset('ivec_mixed_cycle');
  private skip = reset('ivec_skip_size');
  private hidden = 0;
  private streams: Record<'a' | 'w', Stream> = { a: { stride: 0, rollback: 0, skip: 0, count: 0 }, w: { stride: 0, rollback: 0, skip: 0, count: 0 } };
  /** Previous retirement: mixed dot product, software write of ivec_fmt / sb_legacy. */
  private prevMixed = false;
  private prevFmtWrite = false;
  private prevModeWrite = false;

  constructor(
    private readonly hit: (p: StatusPoint) => void,
    readonly formats: Map<number, FormatCounts>,
  ) {}

  /** Back to reset values (a new program). */
  restart(): void {
    Object.assign(this, new StatusTracker(this.hit, this.formats));
  }

  private groups(): number {
    return vecFormat(this.fmt)?.groups ?? 1;
  }

  observe(r: Retirement, i: StatusWordInfo | undefined): void {
    const sb = this.legacy === 0;
    const trapped = r.trap >= 0;
    const groups = this.groups();
    let mixed = false;
    if (i && (i.simd || i.macLoad) && this.prevModeWrite) this.hit('mode-write-then-simd');
    if (trapped) {
      if (r.trap === 2 && i && sb && (i.simd || i.macLoad)) {
        if (this.fmt === 0) this.hit(i.macLoad ? 'status-scalar-macload-trap' : 'status-scalar-simd-trap');
        else if (i.dot && i.scalarForm && groups > 1) this.hit('mixed-scalar-form-dot-trap');
      }
    } else if (i) {
      mixed = sb && (i.dot || i.macLoad) && groups > 1;
      if (mixed) {
        if (this.prevFmtWrite) this.hit('fmt-write-then-mixed');
        if (this.prevMixed) this.hit('mixed-back-to-back');
        if (this.cycle >= groups) this.hit('mixed-dot-cycle-beyond-groups');
      }
      if (sb && (i.simd || i.macLoad)) {
        let f = this.formats.get(this.fmt);
        if (!f) this.formats.set(this.fmt, (f = { simd: 0, dot: 0, macload: 0 }));
        if (i.simd) f.simd++;
        if (i.dot) f.dot++;
        if (i.macLoad) f.macload++;
      }
      if (sb && i.macLoad) this.streamLoad(macLoadStream(i.uimm));
      if (i.csrAddr === C.fmt && i.csrWrites && i.csrImm !== undefined && !vecFormat(i.csrImm & 0xf)) this.hit('fmt-write-reserved');
      for (let k = 0; k < r.csrCount; k++) this.csrWrite(r.csr[k]!.addr, r.csr[k]!.value, i);
      // The hidden counter (spec §5.3): after the instruction's own step (seen above as its 0x00E write).
      if (sb && (i.dot || (i.macLoad && i.rdField !== 0))) {
        this.hidden++;
        if (this.hidden >= Math.max(this.skip, 1)) this.hidden = 0;
      }
    }
    this.prevMixed = mixed;
    this.prevFmtWrite = !trapped && i?.csrAddr === C.fmt && i.csrWrites;
    this.prevModeWrite = !trapped && i?.csrAddr === C.legacy && i.csrWrites;
  }

  private streamLoad(s: 'a' | 'w' | undefined): void {
    if (!s) return;
    const st = this.streams[s];
    this.hit(s === 'a' ? 'macl-a-load' : 'macl-w-load');
    let step: number;
    if (st.count >>> 0 === st.skip >>> 0) {
      this.hit(s === 'a' ? 'macl-a-rollback' : 'macl-w-rollback');
      step = st.rollback;
      st.count = 0;
    } else {
      step = st.stride;
      st.count++;
    }
    if (step === 0) this.hit('macl-step-zero');
    if (step < 0) this.hit('macl-step-negative');
  }

  /** One CSR write of the record: software's (a CSR instruction's) or the hardware's (controller, streams). */
  private csrWrite(addr: number, value: number, i: StatusWordInfo): void {
    const software = i.csrAddr === addr;
    if (!software) {
      if (addr === C.cycle) {
        this.hit('controller-step');
        this.hit(this.skip === 0 ? 'controller-skip-0' : this.skip === 1 ? 'controller-skip-1' : 'controller-skip-n');
        if (value === 0 && this.groups() > 1) this.hit('controller-wrap');
        this.cycle = value;
      }
      return;
    }
    if (addr === C.fmt || addr === C.cycle || addr === C.skip) {
      if (this.hidden > 0) this.hit('controller-count-reset-by-csr');
      this.hidden = 0;
    }
    switch (addr) {
      case C.legacy:
        if (this.legacy === 1 && (value & 1) === 0) this.hit('mode-to-status-based');
        if (this.legacy === 0 && (value & 1) === 1) this.hit('mode-to-legacy');
        this.legacy = value & 1;
        break;
      case C.fmt:
        if (value === 0) this.hit('fmt-write-scalar');
        this.fmt = value;
        break;
      case C.cycle:
        if (value >= this.groups()) this.hit('mixed-cycle-write-beyond-groups');
        this.cycle = value;
        break;
      case C.skip: this.skip = value; break;
      case C.aAddr: case C.wAddr: {
        const s = addr === C.aAddr ? 'a' : 'w';
        if (this.streams[s].count !== 0) this.hit(s === 'a' ? 'macl-a-counter-reset' : 'macl-w-counter-reset');
        this.streams[s].count = 0;
        break;
      }
      case C.aStride: this.streams.a.stride = value | 0; break;
      case C.wStride: this.streams.w.stride = value | 0; break;
      case C.aRollback: this.streams.a.rollback = value | 0; break;
      case C.wRollback: this.streams.w.rollback = value | 0; break;
      case C.aSkip: this.streams.a.skip = value; break;
      case C.wSkip: this.streams.w.skip = value; break;
    }
  }
}

/** The format values of the table (1..13) a status-based run should go through. */
export const STATUS_FORMATS: readonly number[] = VEC_FORMATS.filter((f) => f.act !== undefined).map((f) => f.value);

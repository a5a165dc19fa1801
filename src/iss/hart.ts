import type { Config } from '../isa/index.ts';
import { compileBlock, type Block } from './block.ts';
import { CSR, CsrUnit, MPC_FIELDS, MSTATUS_MIE, MSTATUS_MPIE } from './csr.ts';
import { getField, setField } from '../isa/csrs.ts';
import { dotMixed } from './lanes.ts';
import { decodeForIss, type FetchedInsn } from './decode.ts';
import { PAGE_SHIFT, type Memory, type Region } from './memory.ts';
import { newRetirement, type Retirement, type RetireCallback } from './retire.ts';
import { LinuxSyscalls } from './syscalls.ts';

export const CAUSE_ILLEGAL = 2;
export const CAUSE_BREAKPOINT = 3;
export const CAUSE_ECALL_M = 11;

export interface HartOptions {
  config: Config;
  mem: Memory;
  hartId?: number;
  /** Serve Linux `write`/`exit` system calls on ecall instead of trapping (random-program oracle). */
  linuxSyscalls?: boolean;
}

/** Operand width in bits of each `mpc` format code (3 is reserved and never stored). */
const FORMAT_WIDTH = [8, 4, 2, 8];

/** Identical register snapshots at this many consecutive traps of one pc mean the hart is stuck. */
const TRAP_LOOP_REPEATS = 3;

/**
 * One RV32IMC + Xpulp (+ XpulpNN, Flex-V) hart in machine mode. State is in typed arrays; instructions are
 * decoded once into compiled blocks (src/iss/block.ts) kept per start pc and chained to their successors.
 */
export class Hart {
  readonly config: Config;
  readonly mem: Memory;
  readonly hartId: number;
  readonly x = new Int32Array(32);
  pc = 0;
  /** Instructions retired (and trapping instructions), the retirement `order` of the next one. */
  n = 0;
  /** Traps taken (not retired: minstret excludes them). */
  traps = 0;
  /** `n` at which `run` stops. */
  limit = 0;
  /** Hardware loops: start0, end0, count0, start1, end1, count1. */
  readonly lp = new Int32Array(6);
  /** NN register file: A0, A1, W0..W3. */
  readonly nn = new Int32Array(6);
  /** The `mpc` CSR (mixed-precision formats, skip, idx, cnt). */
  readonly mpc = { value: 0 };
  readonly csr: CsrUnit;
  readonly syscalls: LinuxSyscalls | undefined;

  private blocks = new Map<number, Block>();
  private singles = new Map<number, Block>();
  /** Retirement record being filled, when tracing. */
  rec: Retirement;
  private tracing = false;
  private trapSnap = new Int32Array(33);
  private trapRepeats = 0;

  constructor(opts: HartOptions) {
    this.config = opts.config;
    this.mem = opts.mem;
    this.hartId = opts.hartId ?? 0;
    this.csr = new CsrUnit(this.hartId, this.lp, this.nn, this.mpc);
    this.rec = newRetirement(this.hartId);
    this.syscalls = opts.linuxSyscalls ? new LinuxSyscalls() : undefined;
    this.mem.onCodeWrite((region, page) => this.invalidatePage(region, page));
  }

  /**
   * Runs until the simulation halts or `maxInstr` more instructions have retired. With `onRetire`, every
   * instruction is executed alone and reported (the callback gets one reused record object).
   */
  run(maxInstr: number, onRetire?: RetireCallback): void {
    this.limit = this.n + maxInstr;
    this.tracing = onRetire !== undefined;
    const m = this.mem;
    let pc = this.pc;
    if (onRetire) {
      while (!m.halted && this.n < this.limit) pc = this.stepTraced(pc, onRetire);
      this.pc = pc;
      return;
    }
    let b = this.lookup(pc);
    while (!m.halted && this.n < this.limit) {
      if (this.n + b.len > this.limit) {
        pc = this.stepTraced(pc, undefined);
        b = this.lookup(pc);
        continue;
      }
      const npc = b.fn();
      let nb: Block | undefined;
      if (npc === b.pc1 && b.b1 !== undefined && b.b1.valid) nb = b.b1;
      else if (npc === b.pc2 && b.b2 !== undefined && b.b2.valid) nb = b.b2;
      else {
        nb = this.lookup(npc);
        b.pc2 = b.pc1;
        b.b2 = b.b1;
        b.pc1 = npc;
        b.b1 = nb;
      }
      pc = npc;
      b = nb;
    }
    this.pc = pc;
  }

  private stepTraced(pc: number, onRetire: RetireCallback | undefined): number {
    let b = this.singles.get(pc);
    if (b === undefined || !b.valid) {
      b = compileBlock(this, pc, true);
      this.singles.set(pc, b);
    }
    const r = this.rec;
    const order = this.n;
    r.order = order;
    r.pc = pc;
    r.insn = b.insn?.insn ?? 0;
    r.size = b.insn?.size ?? 4;
    r.rd = 0;
    r.rdValue = 0;
    r.rs1Wb = 0;
    r.rs1WbValue = 0;
    r.memCount = 0;
    r.csrCount = 0;
    r.nnCount = 0;
    r.trap = -1;
    const npc = b.fn();
    if (onRetire && this.n !== order) {
      const f = b.insn;
      if (r.trap < 0 && f?.def?.writesRd) {
        const rd = f.ops.rd ?? 0;
        if (rd !== 0) {
          r.rd = rd;
          r.rdValue = this.x[rd];
        }
      }
      r.nextPc = npc;
      onRetire(r);
    }
    return npc;
  }

  private lookup(pc: number): Block {
    let b = this.blocks.get(pc);
    if (b === undefined || !b.valid) {
      b = compileBlock(this, pc, false);
      this.blocks.set(pc, b);
    }
    return b;
  }

  /** Fetches and decodes the instruction at `pc`; undefined when pc is outside memory. */
  fetch(pc: number): FetchedInsn | undefined {
    const r = this.mem.regionOf(pc);
    if (!r) return undefined;
    const o = r.offset(pc);
    if (o + 2 > r.size) return undefined;
    let word = r.u8[o] | (r.u8[o + 1] << 8);
    this.mem.markCode(r, o);
    if ((word & 3) === 3) {
      if (o + 4 > r.size) return undefined;
      word |= (r.u8[o + 2] << 16) | (r.u8[o + 3] << 24);
      this.mem.markCode(r, o + 2);
    }
    return decodeForIss(this.config, pc, word);
  }

  fetchFault(pc: number): void {
    this.mem.halt('bus-error', pc);
  }

  /** Drops every compiled block (fence.i, or a change that affects all of them). */
  flushCode(): void {
    for (const b of this.blocks.values()) b.valid = false;
    for (const b of this.singles.values()) b.valid = false;
    this.blocks.clear();
    this.singles.clear();
  }

  private invalidateRange(lo: number, hi: number): void {
    for (const map of [this.blocks, this.singles]) {
      for (const [pc, b] of map) {
        const end = (b.start + Math.max(b.bytes, 2)) | 0;
        if (b.start < hi && end > lo) {
          b.valid = false;
          map.delete(pc);
        }
      }
    }
  }

  private invalidatePage(region: Region, page: number): void {
    const lo = (region.base + (page << PAGE_SHIFT)) | 0;
    // A 32-bit instruction may start 2 bytes before the page.
    this.invalidateRange(lo - 2, lo + (1 << PAGE_SHIFT));
  }

  // ---- traps and system instructions (called from generated code) ----

  /** Takes exception `cause` at `pc`; returns the handler address. */
  raise(cause: number, tval: number, pc: number, _size: number): number {
    this.traps++;
    this.checkTrapLoop(pc);
    const c = this.csr;
    let ms = c.read(CSR.mstatus, this.n);
    ms = (ms & ~MSTATUS_MPIE) | ((ms & MSTATUS_MIE) !== 0 ? MSTATUS_MPIE : 0);
    ms &= ~MSTATUS_MIE;
    this.csrWrite(CSR.mepc, pc);
    this.csrWrite(CSR.mcause, cause);
    this.csrWrite(CSR.mtval, tval);
    this.csrWrite(CSR.mstatus, ms);
    if (this.tracing) this.rec.trap = cause;
    // Exceptions go to BASE in both modes; vectored mode only offsets interrupts (none in this model).
    return c.read(CSR.mtvec, this.n) & ~3;
  }

  illegal(pc: number, insn: number, size: number): number {
    return this.raise(CAUSE_ILLEGAL, insn, pc, size);
  }

  ecall(pc: number, size: number): number {
    if (this.syscalls) {
      this.syscalls.call(this.x, this.mem);
      return (pc + size) | 0;
    }
    return this.raise(CAUSE_ECALL_M, 0, pc, size);
  }

  mret(): number {
    let ms = this.csr.read(CSR.mstatus, this.n);
    ms = (ms & ~MSTATUS_MIE) | ((ms & MSTATUS_MPIE) !== 0 ? MSTATUS_MIE : 0);
    ms |= MSTATUS_MPIE;
    this.csrWrite(CSR.mstatus, ms);
    this.trapRepeats = 0;
    return this.csr.read(CSR.mepc, this.n);
  }

  private checkTrapLoop(pc: number): void {
    const s = this.trapSnap;
    let same = s[32] === pc;
    for (let i = 1; i < 32 && same; i++) same = s[i] === this.x[i];
    if (same) {
      if (++this.trapRepeats >= TRAP_LOOP_REPEATS) this.mem.halt('trap-loop', pc);
    } else {
      this.trapRepeats = 0;
      s.set(this.x);
      s[32] = pc;
    }
  }

  /** csrrw/csrrs/csrrc and immediate forms. Returns the next pc (or the trap handler). */
  csrOp(kind: 'w' | 's' | 'c', addr: number, src: number, writes: boolean, rd: number, pc: number, size: number): number {
    const c = this.csr;
    if (!c.exists(addr) || (writes && c.readOnly(addr))) return this.raise(CAUSE_ILLEGAL, this.insnAt(pc, size), pc, size);
    const old = c.read(addr, this.counterN(addr));
    if (writes) {
      const v = kind === 'w' ? src : kind === 's' ? old | src : old & ~src;
      const e0 = this.lp[1], e1 = this.lp[4];
      this.csrWrite(addr, v);
      if (this.lp[1] !== e0 || this.lp[4] !== e1) this.loopEndsChanged(e0, e1);
    }
    if (rd !== 0) this.x[rd] = old;
    return (pc + size) | 0;
  }

  /** minstret excludes trapping instructions; everything else counts every instruction. */
  private counterN(addr: number): number {
    return addr === CSR.minstret || addr === CSR.minstreth || addr === CSR.instret || addr === CSR.instreth
      ? this.n - this.traps
      : this.n;
  }

  /** A CSR write with its retirement-record entry. */
  csrWrite(addr: number, v: number): void {
    const nv = this.csr.write(addr, v, this.counterN(addr));
    if (this.tracing) this.recCsr(addr, nv);
  }

  private recCsr(addr: number, value: number): void {
    const r = this.rec;
    if (r.csrCount < r.csr.length) {
      const e = r.csr[r.csrCount++];
      e.addr = addr;
      e.value = value;
    }
  }

  private insnAt(pc: number, size: number): number {
    const v = this.mem.read(pc, size);
    return size === 2 ? v & 0xffff : v;
  }

  // ---- hardware loops ----

  /** lp.* instructions: sets loop `i`'s registers given as numbers (undefined leaves one unchanged). */
  loopSet(i: number, start: number | undefined, end: number | undefined, count: number | undefined): void {
    const e0 = this.lp[1], e1 = this.lp[4];
    if (start !== undefined) this.csrWrite(i ? CSR.lpstart1 : CSR.lpstart0, start);
    if (end !== undefined) this.csrWrite(i ? CSR.lpend1 : CSR.lpend0, end);
    if (count !== undefined) this.csrWrite(i ? CSR.lpcount1 : CSR.lpcount0, count);
    if (this.lp[1] !== e0 || this.lp[4] !== e1) this.loopEndsChanged(e0, e1);
  }

  /** Blocks are cut at loop ends: those that contain an old or new end are rebuilt. */
  private loopEndsChanged(old0: number, old1: number): void {
    for (const e of new Set([old0, old1, this.lp[1], this.lp[4]])) this.invalidateRange(e, (e + 2) | 0);
  }

  /** End-of-body check of the traced path (the fast path inlines the same logic). */
  hwloopEnd(pc: number, npc: number): number {
    const lp = this.lp;
    if (lp[2] !== 0 && lp[1] === pc) {
      this.csrWrite(CSR.lpcount0, lp[2] - 1);
      if (lp[2] !== 0) return lp[0];
    }
    if (lp[5] !== 0 && lp[4] === pc) {
      this.csrWrite(CSR.lpcount1, lp[5] - 1);
      if (lp[5] !== 0) return lp[3];
    }
    return npc;
  }

  // ---- Flex-V mixed precision (spec §5) ----

  /**
   * Mixed-precision dot product with the formats, sub-group index and counter of `mpc`, then the counter
   * step: cnt += 1; when cnt reaches max(skip, 1), cnt = 0 and idx = (idx + 1) mod R. An idx written by
   * software beyond R - 1 is used modulo R.
   */
  mixedDot(acc: number, a: number, b: number, sa: boolean, sb: boolean): number {
    const v = this.mpc.value;
    const wa = FORMAT_WIDTH[getField(v, MPC_FIELDS.afmt)], wb = FORMAT_WIDTH[getField(v, MPC_FIELDS.wfmt)];
    const ratio = wa > wb ? wa / wb : wb / wa;
    const idx = getField(v, MPC_FIELDS.idx) % ratio;
    const sum = dotMixed(acc, a, b, wa, wb, sa, sb, idx);
    let cnt = getField(v, MPC_FIELDS.cnt) + 1;
    let nextIdx = getField(v, MPC_FIELDS.idx);
    if (cnt >= Math.max(getField(v, MPC_FIELDS.skip), 1)) {
      cnt = 0;
      nextIdx = (idx + 1) % ratio;
    }
    const nv = setField(setField(v, MPC_FIELDS.cnt, cnt), MPC_FIELDS.idx, nextIdx) | 0;
    if (nv !== v) {
      if (this.tracing) this.csrWrite(CSR.mpc, nv);
      else this.mpc.value = nv;
    }
    return sum;
  }

  // ---- traced memory accesses ----

  tload(a: number, size: number, signed: boolean): number {
    let v = this.mem.read(a, size);
    this.recAccess(a, size, v, false);
    if (signed && size < 4) v = (v << (32 - 8 * size)) >> (32 - 8 * size);
    return v;
  }

  tstore(a: number, size: number, v: number): boolean {
    this.recAccess(a, size, v, true);
    return this.mem.write(a, size, v);
  }

  /** Records the bus beats of an access: one per word touched (misaligned accesses split in two). */
  private recAccess(a: number, size: number, v: number, write: boolean): void {
    if (!this.tracing) return;
    const r = this.rec;
    let beatAddr = a & ~3;
    let data = 0;
    let mask = 0;
    for (let j = 0; j < size; j++) {
      const addr = (a + j) | 0;
      if ((addr & ~3) !== beatAddr) {
        this.pushBeat(beatAddr, data, mask, write);
        beatAddr = addr & ~3;
        data = 0;
        mask = 0;
      }
      const lane = addr & 3;
      data |= ((v >>> (8 * j)) & 0xff) << (8 * lane);
      mask |= 1 << lane;
    }
    this.pushBeat(beatAddr, data, mask, write);
    void r;
  }

  private pushBeat(addr: number, data: number, mask: number, write: boolean): void {
    const r = this.rec;
    if (r.memCount >= r.mem.length) return;
    const e = r.mem[r.memCount++];
    e.addr = addr;
    e.data = data | 0;
    e.mask = mask;
    e.write = write;
  }

  recBase(reg: number): void {
    if (!this.tracing) return;
    this.rec.rs1Wb = reg;
    this.rec.rs1WbValue = this.x[reg];
  }

  recNn(index: number): void {
    if (!this.tracing) return;
    const r = this.rec;
    if (r.nnCount < r.nn.length) {
      const e = r.nn[r.nnCount++];
      e.index = index;
      e.value = this.nn[index];
    }
  }
}

import { FIRST_EXTENSION_FORMAT } from '../isa/vec-formats.ts';
import type { Config } from '../isa/index.ts';
import { compileBlock, fitsLoopEnds, type Block, type BlockMode } from './block.ts';
import { absentCsrAddresses, CSR, CsrUnit, MSTATUS_MIE, MSTATUS_MPIE } from './csr.ts';
import { decodeMode, SB_SIZE } from './status.ts';
import { recordAccess } from './access-record.ts';
import { decodeForIss, type FetchedInsn } from './decode.ts';
import type { Memory, Region } from './memory.ts';
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
  /**
   * flexv's extension formats 11..13 (default true); false models the published core (the core generator's
   * `extensionFormats: false`): a write of 11..13 to `ivec_fmt` leaves it unchanged, like 14 and 15.
   */
  extensionFormats?: boolean;
}

const NO_CALLBACK: RetireCallback = () => {};
const BLOCK_MODES: readonly BlockMode[] = ['fast', 'step', 'report', 'report1'];

/** Dropped blocks kept per start pc and compilation mode, most recent first (src/iss/block.ts `code`). */
const SHELF_DEPTH = 4;

/** The compiled blocks of one decoding mode: live ones by start pc, and dropped ones that may come back. */
interface ModeCaches {
  live: Record<BlockMode, Map<number, Block>>;
  shelf: Record<BlockMode, Map<number, Block[]>>;
}

const blockMaps = <T>(): Record<BlockMode, Map<number, T>> => ({ fast: new Map(), step: new Map(), report: new Map(), report1: new Map() });

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
  /** Flex-V status-based state: CSRs 0x00D-0x010, 0x100-0x107 and the hidden counters (status.ts `SB`). */
  readonly sb = new Int32Array(SB_SIZE);
  /**
   * The decoding mode blocks are compiled for: -1 legacy, else `ivec_fmt` (status.ts `decodeMode`). It only
   * changes by a write of `sb_legacy` or `ivec_fmt`, which is a serial instruction: a block never spans a
   * change, and each mode has its own block caches.
   */
  decodeMode = -1;
  readonly csr: CsrUnit;
  readonly syscalls: LinuxSyscalls | undefined;

  /** Compiled blocks per compilation mode, by start pc, for the current decoding mode. */
  private caches: Record<BlockMode, Map<number, Block>>;
  /** Dropped blocks of the current decoding mode (taken back when their code is unchanged). */
  private shelf: Record<BlockMode, Map<number, Block[]>>;
  /** The block caches of every decoding mode seen (the legacy one always). */
  private readonly modeCaches = new Map<number, ModeCaches>();
  /** Retirement record being filled, when tracing. */
  rec: Retirement;
  /** Blocks compiled so far (diagnostics: recompilation storms show here). */
  blocksCompiled = 0;
  /**
   * Dropped blocks taken back unchanged (diagnostics): code writes, `fence.i` and moved hardware-loop
   * ends drop blocks, and code that runs again after them (the next run of a loop body) finds its blocks
   * on the shelf instead of compiling them again.
   */
  blocksRevived = 0;
  /** Receives each record (called by generated code in reporting blocks). */
  onRetire: RetireCallback = NO_CALLBACK;
  private tracing = false;
  private trapSnap = new Int32Array(33);
  private trapRepeats = 0;

  constructor(opts: HartOptions) {
    this.config = opts.config;
    this.mem = opts.mem;
    this.hartId = opts.hartId ?? 0;
    this.csr = new CsrUnit(this.hartId, this.lp, this.nn, this.sb, absentCsrAddresses(this.config), () => this.decodeModeWritten());
    if (opts.extensionFormats === false) this.csr.formatCount = FIRST_EXTENSION_FORMAT;
    const mc = this.cachesFor(decodeMode(this.sb));
    this.caches = mc.live;
    this.shelf = mc.shelf;
    this.decodeMode = decodeMode(this.sb);
    this.rec = newRetirement(this.hartId);
    this.syscalls = opts.linuxSyscalls ? new LinuxSyscalls() : undefined;
    // A 32-bit instruction may start 2 bytes before the written bytes.
    this.mem.onCodeWrite((addr, size) => this.invalidateRange(Math.max((addr >>> 0) - 2, 0), (addr >>> 0) + size));
  }

  /**
   * Runs until the simulation halts or `maxInstr` more instructions have retired. With `onRetire`, every
   * instruction is reported (the callback gets one reused record object).
   */
  run(maxInstr: number, onRetire?: RetireCallback): void {
    this.limit = this.n + maxInstr;
    this.tracing = onRetire !== undefined;
    this.onRetire = onRetire ?? NO_CALLBACK;
    const mode: BlockMode = onRetire ? 'report' : 'fast';
    const tailMode: BlockMode = onRetire ? 'report1' : 'step';
    const m = this.mem;
    let pc = this.pc;
    if (m.halted || this.n >= this.limit) return;
    // Single steps (lockstep) never need the large block at pc.
    let b = maxInstr <= 1 ? this.lookup(pc, tailMode) : this.lookup(pc, mode);
    // The end test comes right after each block, before the successor is looked up: a finished run never
    // compiles the block after it (lockstep steps one instruction per call, at ever new pcs).
    for (;;) {
      if (this.n + b.len > this.limit) {
        // The budget ends inside this block: finish one instruction at a time.
        pc = this.lookup(pc, tailMode).fn();
        if (m.halted || this.n >= this.limit) break;
        b = this.lookup(pc, mode);
        continue;
      }
      const npc = b.fn();
      pc = npc;
      if (m.halted || this.n >= this.limit) break;
      let nb: Block | undefined;
      if (npc === b.pc1 && b.b1 !== undefined && b.b1.valid) nb = b.b1;
      else if (npc === b.pc2 && b.b2 !== undefined && b.b2.valid) nb = b.b2;
      else {
        nb = this.lookup(npc, mode);
        // A block that may change the decoding mode has pc1 = pc2 = NO_PC and never chains: its successor
        // is looked up in the caches of the mode in force after it.
        if (b.modeSwitch) {
          b = nb;
          continue;
        }
        b.pc2 = b.pc1;
        b.b2 = b.b1;
        b.pc1 = npc;
        b.b1 = nb;
      }
      b = nb;
    }
    this.pc = pc;
  }

  private cachesFor(mode: number): ModeCaches {
    let c = this.modeCaches.get(mode);
    if (!c) {
      c = { live: blockMaps<Block>(), shelf: blockMaps<Block[]>() };
      this.modeCaches.set(mode, c);
    }
    return c;
  }

  /** `sb_legacy` or `ivec_fmt` was written: later lookups use the blocks of the new decoding mode. */
  private decodeModeWritten(): void {
    const mode = decodeMode(this.sb);
    if (mode === this.decodeMode) return;
    this.decodeMode = mode;
    const mc = this.cachesFor(mode);
    this.caches = mc.live;
    this.shelf = mc.shelf;
  }

  private lookup(pc: number, mode: BlockMode): Block {
    const cache = this.caches[mode];
    let b = cache.get(pc);
    if (b === undefined || !b.valid) {
      b = this.revive(pc, mode);
      if (b === undefined) {
        b = compileBlock(this, pc, mode);
        this.blocksCompiled++;
      }
      cache.set(pc, b);
    }
    return b;
  }

  /**
   * A dropped block of `pc` that is still what the compiler would build (the same half-words, the hardware
   * loop ends fit it), made live again; undefined when there is none.
   */
  private revive(pc: number, mode: BlockMode): Block | undefined {
    const kept = this.shelf[mode].get(pc);
    if (kept === undefined) return undefined;
    const r = this.mem.regionOf(pc);
    for (let k = 0; k < kept.length; k++) {
      const b = kept[k];
      if (!fitsLoopEnds(b, this.lp[1], this.lp[4]) || !this.sameCode(r, pc, b.code)) continue;
      kept.splice(k, 1);
      // Its half-words are decoded code again: stores over them drop it (Memory.markCode).
      if (r) for (let i = 0, o = r.offset(pc); i < b.code.length; i++) this.mem.markCode(r, o + 2 * i);
      b.valid = true;
      this.blocksRevived++;
      return b;
    }
    return undefined;
  }

  /** Do the half-words at `pc` equal `code`? */
  private sameCode(r: Region | undefined, pc: number, code: Uint16Array): boolean {
    if (code.length === 0) return true;
    if (!r) return false;
    const o = r.offset(pc);
    if (o < 0 || o + 2 * code.length > r.size) return false;
    for (let i = 0; i < code.length; i++) if ((r.u8[o + 2 * i] | (r.u8[o + 2 * i + 1] << 8)) !== code[i]) return false;
    return true;
  }

  /** The `count` half-words of code at `pc` (the compiler's record of what it read, see `revive`). */
  codeAt(pc: number, count: number): Uint16Array {
    const out = new Uint16Array(count);
    const r = this.mem.regionOf(pc);
    if (!r) return out;
    const o = r.offset(pc);
    for (let i = 0; i < count && o + 2 * i + 1 < r.size; i++) out[i] = r.u8[o + 2 * i] | (r.u8[o + 2 * i + 1] << 8);
    return out;
  }

  /** Drops a live block: it goes on the shelf of its map's mode, where `revive` may find it again. */
  private drop(map: Map<number, Block>, shelf: Map<number, Block[]>, pc: number, b: Block): void {
    b.valid = false;
    map.delete(pc);
    const kept = shelf.get(pc);
    if (kept === undefined) shelf.set(pc, [b]);
    else {
      kept.unshift(b);
      if (kept.length > SHELF_DEPTH) kept.length = SHELF_DEPTH;
    }
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
    for (const { live, shelf } of this.modeCaches.values()) {
      for (const mode of BLOCK_MODES) for (const [pc, b] of live[mode]) this.drop(live[mode], shelf[mode], pc, b);
    }
  }

  /**
   * Drops the blocks overlapping the byte range [lo, hi) (addresses compared as unsigned), all of them or
   * those `keep` does not accept.
   */
  private invalidateRange(lo: number, hi: number, keep?: (b: Block) => boolean): void {
    const ulo = lo >>> 0, uhi = hi >>> 0;
    for (const { live, shelf } of this.modeCaches.values()) {
      for (const mode of BLOCK_MODES) {
        for (const [pc, b] of live[mode]) {
          const start = b.start >>> 0;
          if (start < uhi && start + Math.max(b.bytes, 2) > ulo && !keep?.(b)) this.drop(live[mode], shelf[mode], pc, b);
        }
      }
    }
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
    this.recordCsr(addr, nv);
  }

  /** Adds a CSR write to the retirement record being filled (implicit writes by generated code too). */
  recordCsr(addr: number, value: number): void {
    if (!this.tracing) return;
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

  /**
   * Blocks are cut at loop ends: those that a new end no longer fits (`fitsLoopEnds`) are rebuilt. A block
   * cut at an old end stays: its end-of-body check reads the loop registers when it runs.
   */
  private loopEndsChanged(old0: number, old1: number): void {
    const e0 = this.lp[1], e1 = this.lp[4];
    const fits = (b: Block) => fitsLoopEnds(b, e0, e1);
    for (const e of new Set([e0, e1])) if (e !== old0 && e !== old1) this.invalidateRange(e >>> 0, (e >>> 0) + 2, fits);
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

  // ---- retirement records (called from reporting blocks) ----

  /** Opens the record of the block's instruction `k` (the one at `pc`): every field reset. */
  openRecord(k: number, pc: number, insn: number, size: number): void {
    const r = this.rec;
    r.order = this.n + k;
    r.pc = pc;
    r.insn = insn;
    r.size = size;
    r.rd = 0;
    r.rdValue = 0;
    r.rs1Wb = 0;
    r.rs1WbValue = 0;
    r.memCount = 0;
    r.csrCount = 0;
    r.nnCount = 0;
    r.trap = -1;
  }

  /** Completes the record (`rd`: the instruction's destination, 0 for none; unset when it trapped) and reports it. */
  closeRecord(rd: number, nextPc: number): void {
    const r = this.rec;
    if (rd !== 0 && r.trap < 0) {
      r.rd = rd;
      r.rdValue = this.x[rd];
    }
    r.nextPc = nextPc;
    this.onRetire(r);
  }

  // ---- traced memory accesses ----

  tload(a: number, size: number, signed: boolean): number {
    let v = this.mem.read(a, size);
    if (this.tracing) recordAccess(this.rec, a, size, v, false);
    if (signed && size < 4) v = (v << (32 - 8 * size)) >> (32 - 8 * size);
    return v;
  }

  tstore(a: number, size: number, v: number): boolean {
    if (this.tracing) recordAccess(this.rec, a, size, v, true);
    return this.mem.write(a, size, v);
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

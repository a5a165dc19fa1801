import { DEFAULT_SIZES, L2_BASE, PERIPH, PERIPH_BASE, PERIPH_SIZE, TCDM_BASE, type MemorySizes } from '../platform/memory-map.ts';

/** Why a simulation stopped because of a memory access. */
export type HaltReason = 'tohost' | 'eoc' | 'bus-error' | 'exit' | 'trap-loop' | 'deadlock';

/** Answer of a peripheral read that cannot complete yet: the accessing hart sleeps (src/iss/cluster). */
export const SLEEP: unique symbol = Symbol('sleep');

/**
 * Peripherals beyond the base registers (the cluster's event unit and DMA), given word accesses at an
 * offset of the peripheral window with the accessing core's index. `undefined` / false: unmapped.
 */
export interface PeriphDevice {
  read(core: number, off: number): number | typeof SLEEP | undefined;
  /** True when the offset is mapped. */
  write(core: number, off: number, value: number): boolean;
}

/** Code is tracked in pages of this many bytes: a store to a page holding decoded code invalidates it. */
export const PAGE_SHIFT = 8;

/**
 * One RAM region. Typed-array views share the buffer so generated code can read an aligned word, half or
 * byte with one indexed access (little-endian host, as every platform Node runs on).
 */
export class Region {
  readonly u8: Uint8Array;
  readonly i8: Int8Array;
  readonly u16: Uint16Array;
  readonly i16: Int16Array;
  readonly i32: Int32Array;
  /** Non-zero for pages that hold decoded instructions or a watched address (tohost). */
  readonly watch: Uint8Array;
  /** One byte per half-word: 1 where a decoded instruction lies (checked by slow-path stores). */
  readonly code: Uint8Array;

  constructor(
    readonly name: string,
    readonly base: number,
    readonly size: number,
  ) {
    if (size % 4 !== 0 || size <= 0) throw new RangeError(`${name} size ${size} must be a positive multiple of 4`);
    const buf = new ArrayBuffer(size);
    this.u8 = new Uint8Array(buf);
    this.i8 = new Int8Array(buf);
    this.u16 = new Uint16Array(buf);
    this.i16 = new Int16Array(buf);
    this.i32 = new Int32Array(buf);
    this.watch = new Uint8Array((size >>> PAGE_SHIFT) + 1);
    this.code = new Uint8Array(size >>> 1);
  }

  /** Offset of `addr` in the region, or -1. */
  offset(addr: number): number {
    const o = (addr - this.base) >>> 0;
    return o < this.size ? o : -1;
  }
}

export const WATCH_CODE = 1;
export const WATCH_TOHOST = 2;

/**
 * The memory map of spec §6, shared by all harts of a cluster: TCDM, cluster peripherals and L2. Accesses
 * that hit no region stop the simulation with a bus error (the spec defines no access-fault trap).
 * `read`/`write` take any size 1, 2, 4 at any address; splitting misaligned accesses into bus beats for the
 * retirement record is the hart's business (src/iss/access.ts).
 */
export class Memory {
  readonly tcdm: Region;
  readonly l2: Region;
  /** Address of the `tohost` word, or -1. */
  tohost = -1;
  halted = false;
  haltReason: HaltReason | undefined;
  /** tohost/EOC value, or the faulting address of a bus error. */
  haltValue = 0;
  /** Core count reported by the peripheral register. */
  coreCount = 1;
  /** Source of the peripheral cycle counter. */
  cycles: () => number = () => 0;
  /** Index of the hart accessing memory now (the cluster scheduler sets it): the core-id register, private views. */
  core = 0;
  /** The event unit and DMA, when a cluster attached them. */
  device: PeriphDevice | undefined;
  /**
   * A peripheral read could not be answered (a wait register): the accessing hart must sleep. It is raised
   * with `halted`, the flag compiled code polls, so the hart leaves its block *before* the load retires and
   * keeps its pc; the scheduler then calls `resume()`.
   */
  sleeping = false;
  /** Last value written to the end-of-computation register (read back by software). */
  eocStatus = 0;
  private readonly codeListeners: Array<(addr: number, size: number) => void> = [];

  constructor(sizes: Partial<MemorySizes> = {}) {
    const s = { ...DEFAULT_SIZES, ...sizes };
    this.tcdm = new Region('TCDM', TCDM_BASE, s.tcdm);
    this.l2 = new Region('L2', L2_BASE, s.l2);
    if (s.tcdm > PERIPH_BASE - TCDM_BASE) throw new RangeError(`TCDM size ${s.tcdm} overlaps the peripherals`);
  }

  regionOf(addr: number): Region | undefined {
    if (this.l2.offset(addr) >= 0) return this.l2;
    if (this.tcdm.offset(addr) >= 0) return this.tcdm;
    return undefined;
  }

  /** Marks `addr` as the tohost word: stores to it stop the simulation. */
  setTohost(addr: number): void {
    this.tohost = addr | 0;
    const r = this.regionOf(addr);
    if (r) r.watch[r.offset(addr) >>> PAGE_SHIFT] |= WATCH_TOHOST;
  }

  /** Harts register here to drop decoded code when bytes they decoded are overwritten. */
  onCodeWrite(listener: (addr: number, size: number) => void): void {
    this.codeListeners.push(listener);
  }

  /** Marks the half-word at `offset` as decoded code: its page's stores take the checking slow path. */
  markCode(region: Region, offset: number): void {
    region.watch[offset >>> PAGE_SHIFT] |= WATCH_CODE;
    region.code[offset >>> 1] = 1;
  }

  clearHalt(): void {
    this.halted = false;
    this.sleeping = false;
    this.haltReason = undefined;
    this.haltValue = 0;
  }

  /** Stops the simulation (the first reason wins). */
  halt(reason: HaltReason, value: number): void {
    if (this.haltReason !== undefined) return;
    this.halted = true;
    this.haltReason = reason;
    this.haltValue = value;
  }

  /** Reads `size` bytes little-endian, zero-extended (size 4: as a signed 32-bit number). */
  read(addr: number, size: number): number {
    addr |= 0;
    const r = this.regionOf(addr);
    if (r) {
      const o = r.offset(addr);
      if (o + size <= r.size) {
        if (size === 4 && (o & 3) === 0) return r.i32[o >>> 2];
        if (size === 2 && (o & 1) === 0) return r.u16[o >>> 1];
        if (size === 1) return r.u8[o];
        let v = 0;
        for (let i = size - 1; i >= 0; i--) v = (v << 8) | r.u8[o + i];
        return size === 4 ? v | 0 : v >>> 0;
      }
    } else if (this.isPeriph(addr)) {
      return this.readPeriph(addr, size);
    }
    // Outside every region, or running past the end of one (regions do not touch in this map).
    this.halt('bus-error', addr);
    return 0;
  }

  /**
   * Writes the low `size` bytes of `value`. Returns true when the hart must look up: the simulation
   * halted (tohost, EOC, bus error) or decoded code was overwritten.
   */
  write(addr: number, size: number, value: number): boolean {
    addr |= 0;
    const r = this.regionOf(addr);
    if (!r) {
      if (this.isPeriph(addr)) return this.writePeriph(addr, size, value);
      this.halt('bus-error', addr);
      return true;
    }
    const o = r.offset(addr);
    if (o + size > r.size) {
      this.halt('bus-error', addr);
      return true;
    }
    if (size === 4 && (o & 3) === 0) r.i32[o >>> 2] = value;
    else if (size === 2 && (o & 1) === 0) r.u16[o >>> 1] = value;
    else for (let i = 0; i < size; i++) r.u8[o + i] = value >>> (8 * i);
    // Pages holding code stay watched; only a store over decoded half-words drops the code there, so
    // data next to code costs a slow-path store, never a recompilation.
    let attention = false;
    if ((r.watch[o >>> PAGE_SHIFT] | r.watch[(o + size - 1) >>> PAGE_SHIFT]) & WATCH_CODE) {
      for (let hw = o >>> 1; hw <= (o + size - 1) >>> 1; hw++) {
        if (r.code[hw] === 0) continue;
        for (let k = o >>> 1; k <= (o + size - 1) >>> 1; k++) r.code[k] = 0;
        for (const l of this.codeListeners) l(addr, size);
        attention = true;
        break;
      }
    }
    if (this.tohost !== -1 && addr <= this.tohost && this.tohost < addr + size) {
      // riscv-tests write tohost with a word store; the value is the whole word.
      this.halt('tohost', this.read(this.tohost, 4));
      attention = true;
    }
    return attention;
  }

  /** Copies bytes into memory (ELF loading); not a simulated access. */
  load(addr: number, bytes: Uint8Array, zeroFill = 0): void {
    const total = Math.max(bytes.length, zeroFill);
    if (total === 0) return;
    const r = this.regionOf(addr);
    const o = r ? r.offset(addr) : -1;
    if (!r || o + total > r.size) {
      throw new RangeError(
        `segment at 0x${(addr >>> 0).toString(16)} (${total} bytes) does not fit in the memory map ` +
          `(TCDM 0x${TCDM_BASE.toString(16)}+0x${this.tcdm.size.toString(16)}, ` +
          `L2 0x${(L2_BASE >>> 0).toString(16)}+0x${this.l2.size.toString(16)})`,
      );
    }
    r.u8.set(bytes, o);
    r.u8.fill(0, o + bytes.length, o + total);
  }

  /** The accessing hart goes to sleep: it leaves its block before the current access retires. */
  sleep(): void {
    this.sleeping = true;
    this.halted = true;
  }

  /** After a sleep: lets harts run again unless the simulation really halted meanwhile. */
  resume(): void {
    this.sleeping = false;
    this.halted = this.haltReason !== undefined;
  }

  isPeriph(addr: number): boolean {
    return ((addr - PERIPH_BASE) >>> 0) < PERIPH_SIZE;
  }

  private readPeriph(addr: number, size: number): number {
    const off = (addr - PERIPH_BASE) >>> 0;
    if (size === 4 && (off & 3) === 0) {
      if (off === PERIPH.coreCount) return this.coreCount;
      if (off === PERIPH.cycles) return this.cycles() | 0;
      if (off === PERIPH.eoc) return this.eocStatus;
      if (off === PERIPH.coreId) return this.core;
      const v = this.device?.read(this.core, off);
      if (v === SLEEP) {
        this.sleep();
        return 0;
      }
      if (v !== undefined) return v;
    }
    this.halt('bus-error', addr);
    return 0;
  }

  private writePeriph(addr: number, size: number, value: number): boolean {
    const off = (addr - PERIPH_BASE) >>> 0;
    if (size === 4 && off === PERIPH.eoc) {
      this.eocStatus = value | 0;
      this.halt('eoc', value | 0);
      return true;
    }
    // A device write may wake harts or overwrite code (DMA): leave the block.
    if (size === 4 && (off & 3) === 0 && this.device?.write(this.core, off, value)) return true;
    this.halt('bus-error', addr);
    return true;
  }
}

import { disassemble, instructionText } from '../../asm/index.ts';
import type { Config } from '../../isa/index.ts';
import type { ElfImage } from '../../elf/read.ts';
import { Cluster } from '../../iss/cluster.ts';
import type { HaltReason } from '../../iss/memory.ts';
import type { MemorySizes } from '../../platform/memory-map.ts';
import { copyRetirement, type Retirement } from '../../iss/retire.ts';
import { adoptCycleCount, differingFields, readsCycleCount, recordFields, sameRecord } from '../compare.ts';
import { DMA_EVENT, dmaCompletionSeen, readsEventBuffer } from './order.ts';
import type { CoreRetirement } from '../protocol.ts';
import { newCoreRetirement } from '../protocol.ts';
import { ClusterCounterCheck } from './counters.ts';
import { RetirementHistory, type HistoryEntry } from '../history.ts';
import type { DmaCompletionRecord } from './protocol.ts';
import { DMA_COUNT_WIDTH, DMA_REG, PERIPH, PERIPH_BASE } from '../../platform/memory-map.ts';

const DMA_START = (PERIPH_BASE + PERIPH.dma + DMA_REG.start) >>> 0;
const COUNT_MASK = (1 << DMA_COUNT_WIDTH) - 1;

/** A transfer the golden DMA accepted: its registers at START (the engine's copy). */
interface StartedTransfer {
  dst: number;
  len: number;
  dstStride: number;
  rows: number;
  core: number;
  cycle: number;
}

/** What a DMA-completion mismatch shows. */
export interface DmaMismatch {
  /** 1-based index of the transfer among those completed. */
  transfer: number;
  rtl: Omit<DmaCompletionRecord, 'data'>;
  /** The golden transfer's shape, when the golden model started one. */
  gold?: { dst: number; stride: number; words: number; rows: number };
  /** The first differing byte, when the shapes agree. */
  byte?: { addr: number; rtl: number; gold: number };
}

export interface ClusterLockstepOptions {
  config: Config;
  cores: number;
  image: ElfImage;
  fileName: string;
  sizes?: Partial<MemorySizes>;
  /** Retirements kept for the mismatch report (all cores together); default 20. */
  history?: number;
}

/** An agreed retirement of the mismatch report (all cores, tagged with core and cycle). */
export type ClusterHistoryEntry = HistoryEntry;

export interface ClusterMismatch {
  /** RTL cycle of the record (or the cycle that ended with it unresolved). */
  cycle: number;
  core: number;
  rtl: CoreRetirement;
  /** The golden hart's record; undefined when it did not retire (asleep, or the golden model halted). */
  gold?: Retirement;
  fields: string[];
  note?: string;
  /** The last agreed retirements of all cores, oldest first. */
  history: ClusterHistoryEntry[];
  /** Set when the DMA completion check failed (then `core` is -1 and `rtl` carries only the cycle). */
  dma?: DmaMismatch;
}

export interface ClusterLockstepSummary {
  /** Retirements compared per core. */
  compared: number[];
  total: number;
  /** Wait-register retirements answered at the end of their cycle (every wait is, see docs/iss.md). */
  sleepsResolved: number;
  barriers: number;
  dmaTransfers: number;
  /** DMA completions whose destination was compared with the golden model's memory, and the bytes compared. */
  dmaChecked: number;
  dmaBytesChecked: number;
  /** Cycle-counter reads checked for plausibility (ClusterCounterCheck). */
  counterReads: number;
  /** The golden model's successful end (EOC or tohost), the first one, and the core that caused it. */
  goldEnd?: { reason: HaltReason; value: number; core: number };
  /** The first mismatch, if any (also returned by the push/endCycle that found it). */
  mismatch?: ClusterMismatch;
}

/** Stepping with a callback makes the hart fill its retirement record (read after the step). */
const RECORD = () => {};

/** A successful end lets the other harts keep stepping (the RTL's cores run until the harness stops). */
const ENDS: ReadonlySet<HaltReason> = new Set(['eoc', 'tohost']);

/**
 * Multi-core lockstep: the RTL cluster's retirements (all cores, in order of retirement cycle, by core index
 * within a cycle) are compared with a golden `Cluster`, stepping the hart of each record as it arrives, so
 * memory effects between cores happen in the order the RTL gave them. See docs/iss.md, "Multi-core
 * lockstep", for the ordering rules (same-cycle events, sleeping waits, DMA completion).
 */
export class ClusterLockstep {
  readonly cluster: Cluster;
  private readonly config: Config;
  private readonly compared: number[];
  /** Per core: the RTL record whose golden hart sleeps (to retry at the end of the cycle). */
  private readonly deferred: Array<CoreRetirement | undefined>;
  private readonly history: RetirementHistory;
  /** The cycle whose records are being pushed; undefined between cycles. */
  private openCycle: number | undefined;
  private lastCycle = -1;
  private sleepsResolved = 0;
  private goldEnd: ClusterLockstepSummary['goldEnd'];
  private mismatch: ClusterMismatch | undefined;
  private readonly counters: ClusterCounterCheck;
  /** Transfers the golden DMA accepted, oldest first, until the RTL reports their completion. */
  private readonly started: StartedTransfer[] = [];
  private dmaChecked = 0;
  private dmaBytesChecked = 0;

  constructor(opts: ClusterLockstepOptions) {
    this.config = opts.config;
    this.cluster = new Cluster(opts.config, opts.cores, opts.sizes, { dmaCompletion: 'deferred' });
    this.cluster.periph.groupedCycles = true;
    this.cluster.load(opts.image, opts.fileName);
    this.compared = new Array(opts.cores).fill(0);
    this.deferred = new Array(opts.cores).fill(undefined);
    this.history = new RetirementHistory(opts.history ?? 20);
    this.counters = new ClusterCounterCheck(opts.cores);
  }

  /**
   * A DMA completion as the RTL shows it (sim/cluster/harness.cpp `--dma-check`, after the records of its
   * cycle): its shape must be that of the oldest transfer the golden DMA accepted, and its destination in
   * the RTL's memory equal, byte for byte, the golden model's (which copied at START: see src/iss/cluster/dma.ts).
   */
  dmaDone(ev: DmaCompletionRecord): ClusterMismatch | undefined {
    if (this.mismatch) return this.mismatch;
    if (this.openCycle !== undefined && ev.cycle !== this.openCycle) {
      const m = this.endCycle(this.openCycle);
      if (m) return m;
    }
    const transfer = this.dmaChecked + 1;
    const { data, ...shape } = ev;
    const g = this.started.shift();
    const fail = (d: DmaMismatch, note: string) => {
      this.mismatch = { cycle: ev.cycle, core: -1, rtl: { ...newCoreRetirement(), cycle: ev.cycle }, fields: ['dma destination'], note, history: this.history.entries(), dma: d };
      return this.mismatch;
    };
    const hex = (v: number) => '0x' + (v >>> 0).toString(16);
    if (!g) return fail({ transfer, rtl: shape }, `the RTL completed DMA transfer ${transfer} (destination ${hex(ev.dst)}) but the golden DMA started no transfer`);
    const gold = { dst: g.dst & ~3, stride: g.dstStride & ~3, words: (g.len >>> 2) & COUNT_MASK, rows: g.rows & COUNT_MASK };
    const empty = gold.words === 0 || gold.rows === 0;
    const sameShape = empty
      ? ev.words * ev.rows === 0
      : ev.dst >>> 0 === gold.dst >>> 0 && ev.words === gold.words && ev.rows === gold.rows && (gold.rows === 1 || ev.stride >>> 0 === gold.stride >>> 0);
    if (!sameShape) {
      return fail({ transfer, rtl: shape, gold }, `DMA transfer ${transfer} (started by core ${g.core} in cycle ${g.cycle}) completed in the RTL with destination ${hex(ev.dst)}, ` +
        `${ev.words} words x ${ev.rows} rows, stride ${ev.stride}; the golden transfer has ${hex(gold.dst)}, ${gold.words} x ${gold.rows}, stride ${gold.stride}`);
    }
    const mem = this.cluster.mem;
    for (let r = 0, k = 0; r < ev.rows; r++) {
      for (let w = 0; w < ev.words; w++, k += 4) {
        const addr = (ev.dst + r * ev.stride + 4 * w) | 0;
        const want = mem.regionOf(addr) ? mem.read(addr, 4) >>> 0 : 0;
        const got = data.readUInt32LE(k);
        if (got === want) continue;
        let b = 0;
        while (((got >>> (8 * b)) & 0xff) === ((want >>> (8 * b)) & 0xff)) b++;
        const byte = { addr: (addr + b) >>> 0, rtl: (got >>> (8 * b)) & 0xff, gold: (want >>> (8 * b)) & 0xff };
        return fail({ transfer, rtl: shape, gold, byte }, `DMA transfer ${transfer} (started by core ${g.core} in cycle ${g.cycle}, ${ev.toL2 ? 'TCDM -> L2' : 'L2 -> TCDM'}) ` +
          `completed in cycle ${ev.cycle} with byte ${hex(byte.addr)} = ${hex(byte.rtl)} in the RTL's memory, ${hex(byte.gold)} in the golden model's`);
      }
    }
    this.dmaChecked++;
    this.dmaBytesChecked += 4 * ev.words * ev.rows;
    return undefined;
  }

  /** One RTL retirement of core `core`, in stream order. Returns the (first) mismatch or undefined. */
  push(core: number, rtl: CoreRetirement): ClusterMismatch | undefined {
    if (!Number.isInteger(core) || core < 0 || core >= this.compared.length) {
      throw new RangeError(`cluster lockstep: core ${core} outside 0..${this.compared.length - 1}`);
    }
    if (rtl.cycle < this.lastCycle) {
      throw new RangeError(`cluster lockstep: record of cycle ${rtl.cycle} after one of cycle ${this.lastCycle} (the stream must be in cycle order)`);
    }
    if (this.mismatch) return this.mismatch;
    if (this.openCycle !== undefined && rtl.cycle !== this.openCycle) {
      const m = this.endCycle(this.openCycle);
      if (m) return m;
    }
    this.openCycle = this.lastCycle = rtl.cycle;
    if (this.deferred[core]) {
      return this.fail(core, rtl, undefined, ['(core retired twice in one cycle)'],
        `core ${core} retired again in cycle ${rtl.cycle} while its previous retirement still waits for the golden hart to wake`);
    }
    // The DMA's done time is the RTL's: a record that shows completion completes the golden transfer first.
    const dma = this.cluster.periph.dma;
    const eu = this.cluster.periph.eu;
    if (dma.busy && dmaCompletionSeen(rtl, dma.doneCount, eu.buffer[core]!)) {
      dma.complete();
      // A buffer read showing the event proves it was raised in an earlier cycle.
      if (readsEventBuffer(rtl)) eu.makeVisible(DMA_EVENT);
    }
    return this.attempt(core, rtl, false);
  }

  /**
   * Called after the last record of RTL cycle `cycle` (a record of a later cycle also ends it): the records
   * whose golden hart slept are retried now that every access of the cycle is in; still asleep -> mismatch.
   */
  endCycle(cycle: number): ClusterMismatch | undefined {
    if (this.mismatch) return this.mismatch;
    if (this.openCycle === undefined) return undefined; // a cycle without retirements
    if (cycle !== this.openCycle) throw new RangeError(`cluster lockstep: endCycle(${cycle}) while cycle ${this.openCycle} is open`);
    this.cluster.periph.endAccesses();
    for (let core = 0; core < this.deferred.length; core++) {
      const rtl = this.deferred[core];
      if (!rtl) continue;
      this.deferred[core] = undefined;
      this.sleepsResolved++;
      const m = this.attempt(core, rtl, true);
      if (m) return m;
    }
    this.cluster.periph.endCycle();
    this.openCycle = undefined;
    return undefined;
  }

  /** Ends the last cycle and returns the figures (and the first mismatch, if any). */
  finish(): ClusterLockstepSummary {
    if (this.openCycle !== undefined) this.endCycle(this.openCycle);
    const eu = this.cluster.periph.eu;
    return {
      compared: [...this.compared],
      total: this.compared.reduce((a, b) => a + b, 0),
      sleepsResolved: this.sleepsResolved,
      barriers: eu.barriersCompleted,
      dmaTransfers: this.cluster.periph.dma.doneCount,
      dmaChecked: this.dmaChecked,
      dmaBytesChecked: this.dmaBytesChecked,
      counterReads: this.counters.reads,
      goldEnd: this.goldEnd,
      mismatch: this.mismatch,
    };
  }

  /** Steps core's golden hart for `rtl`; `retry`: the cycle is over, sleeping again is a mismatch. */
  private attempt(core: number, rtl: CoreRetirement, retry: boolean): ClusterMismatch | undefined {
    const c = this.cluster;
    const dma = c.periph.dma;
    const wasBusy = dma.busy;
    const outcome = c.step(core, RECORD);
    const gold = c.harts[core]!.rec;
    if (outcome === 'asleep') {
      if (!retry) {
        this.deferred[core] = { ...copyRetirement(rtl), cycle: rtl.cycle };
        return undefined;
      }
      const why = c.describeSleepers().find((l) => l.startsWith(`hart ${core} `)) ?? `hart ${core} sleeps`;
      return this.fail(core, rtl, undefined, ['(golden hart asleep)'], `the RTL woke core ${core} in cycle ${rtl.cycle} but the golden ${why}`);
    }
    if (outcome === 'halted') {
      const m = c.mem;
      const what = m.haltReason === 'bus-error' ? `bus error at 0x${(m.haltValue >>> 0).toString(16)}` : `${m.haltReason} (${m.haltValue})`;
      return this.fail(core, rtl, undefined, ['(the golden model had halted)'], `the golden model stopped: ${what}`);
    }
    this.noteEnd(core);
    if (!wasBusy && dma.busy && rtl.memCount === 1 && rtl.mem[0]!.write && (rtl.mem[0]!.addr >>> 0) === DMA_START) {
      this.started.push({ dst: dma.dst, len: dma.len, dstStride: dma.dstStride, rows: dma.rows, core, cycle: rtl.cycle });
    }
    if (rtl.csrCount > 0) this.counters.observeWrites(core, rtl);
    // The golden model has no clock: cycle counter reads take the RTL's value (as single-core lockstep),
    // checked for plausibility against the harness's cycle count first.
    if (readsCycleCount(this.config, gold) && gold.rd === rtl.rd) {
      const wrong = this.counters.check(core, rtl);
      if (wrong) return this.fail(core, rtl, gold, ['cycle counter'], wrong);
      adoptCycleCount(rtl, gold, c.harts[core]!.x);
    }
    if (!sameRecord(rtl, gold)) return this.fail(core, rtl, gold, differingFields(rtl, gold));
    this.compared[core]!++;
    this.history.push(core, rtl.cycle, gold);
    return undefined;
  }

  /** EOC / tohost: remembered, then cleared so the other harts' records can still be compared. */
  private noteEnd(core: number): void {
    const m = this.cluster.mem;
    if (!m.halted || !ENDS.has(m.haltReason!)) return;
    this.goldEnd ??= { reason: m.haltReason!, value: m.haltValue, core };
    m.clearHalt();
  }

  private fail(core: number, rtl: CoreRetirement, gold: Retirement | undefined, fields: string[], note?: string): ClusterMismatch {
    this.mismatch = {
      cycle: rtl.cycle,
      core,
      rtl: { ...copyRetirement(rtl), cycle: rtl.cycle },
      gold: gold ? copyRetirement(gold) : undefined,
      fields,
      note,
      history: this.history.entries(),
    };
    return this.mismatch;
  }
}

/**
 * The mismatch report: cycle and core, the disassembled instruction, both records field by field, the
 * last retirements of all cores (tagged with core and cycle).
 */
export function formatClusterMismatch(config: Config, m: ClusterMismatch): string {
  const dis = (r: { insn: number; pc: number }) => instructionText(disassemble(r.insn, r.pc, { config }));
  const lines: string[] = [];
  if (m.dma) {
    lines.push(`cluster lockstep mismatch at cycle ${m.cycle}: DMA transfer ${m.dma.transfer} completed with another destination than the golden model's`);
    lines.push(`note: ${m.note}`);
  } else {
    lines.push(`cluster lockstep mismatch at cycle ${m.cycle}, core ${m.core}, retirement ${m.rtl.order}: 0x${(m.rtl.pc >>> 0).toString(16)}  ${dis(m.rtl)}`);
    if (m.note) lines.push(`note: ${m.note}`);
  }
  if (m.dma) {
    lines.push(`last ${m.history.length} retirements (agreed, all cores):`);
    for (const r of m.history) lines.push(`  core ${String(r.core).padStart(2)}  cycle ${String(r.cycle).padStart(8)}  ${String(r.order).padStart(8)}  0x${(r.pc >>> 0).toString(16).padStart(8, '0')}  ${dis(r)}`);
    return lines.join('\n');
  }
  lines.push(`differing: ${m.fields.join(', ')}`);
  const a = new Map(recordFields(m.rtl));
  const b = new Map(m.gold ? recordFields(m.gold) : []);
  const names = [...new Set([...a.keys(), ...b.keys()])];
  const width = Math.max(...names.map((n) => n.length));
  lines.push(`  ${'field'.padEnd(width)}  ${'RTL'.padEnd(44)}  golden model`);
  for (const n of names) {
    const mark = m.fields.includes(n) || (m.gold && a.get(n) !== b.get(n)) ? '!' : ' ';
    lines.push(`${mark} ${n.padEnd(width)}  ${(a.get(n) ?? '-').padEnd(44)}  ${b.get(n) ?? '-'}`);
  }
  lines.push(`last ${m.history.length} retirements (agreed, all cores):`);
  for (const r of m.history) {
    lines.push(`  core ${String(r.core).padStart(2)}  cycle ${String(r.cycle).padStart(8)}  ${String(r.order).padStart(8)}  0x${(r.pc >>> 0).toString(16).padStart(8, '0')}  ${dis(r)}`);
  }
  return lines.join('\n');
}

import { disassemble, instructionText } from '../asm/index.ts';
import { buildCoreSim } from './build.ts';
import type { CoreOptions } from '../core/configs.ts';
import { adoptCycleCount, CYCLE_COUNTER_WRITES, cycleCountRead, CycleRead, differingFields, isSystem, MCOUNTINHIBIT, recordFields, sameRecord } from './compare.ts';
import { COUNTER_READ_LAG, CycleCounterCheck } from './counter-check.ts';
import { RetirementHistory, type HistoryEntry } from './history.ts';
import { memoryDifference, type RtlMemory } from './rtl-memory.ts';
import type { EmitResult } from '../hdl/index.ts';
import { runCore, type CoreRunEnd } from './run.ts';
import { decodeRecord, newCoreRetirement } from './protocol.ts';
import { coreConfig } from '../core/configs.ts';
import { readElfFile } from '../elf/read.ts';
import { Hart } from '../iss/hart.ts';
import { loadElf } from '../iss/loader.ts';
import { Memory } from '../iss/memory.ts';
import { copyRetirement, type Retirement } from '../iss/retire.ts';
import { UserError } from '../util/errors.ts';

export interface LockstepOptions {
  maxCycles?: number;
  /** Retirements kept for the mismatch report. */
  history?: number;
  /** Write an FST of the cycles around a mismatch to this path (rebuilds the model with tracing). */
  fst?: string;
  /** Cycles before and after the mismatch in the FST window. */
  fstWindow?: number;
  /** Random bus grants and latencies on the core's ports (seeded; 0: none). */
  stallSeed?: number;
  /** Called with every agreed retirement (the golden model's record, reused: copy what you keep). */
  observe?: (r: Retirement) => void;
  /** Changes the golden model's state before the run (tests use it to prove mismatches are caught). */
  prepareGolden?: (hart: Hart, mem: Memory) => void;
  /** Generator options of the core (the golden model is told the same: extension formats). */
  core?: Partial<CoreOptions>;
  /**
   * Read the core's RAM back at the end (`rtlMemory` of the result) and compare it with the golden model's,
   * byte for byte, when both ended (`memoryDifference`; `endDifference` reports it).
   */
  memory?: boolean;
  /** Run this design instead of the configuration's (tests plant a bug in the RTL with it); not with `fst`. */
  design?: EmitResult;
  /** Run this core harness executable instead of the configuration's own build (mutant schemata, src/mutate). */
  exe?: string;
}

export type { HistoryEntry };

export interface Mismatch {
  cycle: number;
  rtl: Retirement;
  gold: Retirement;
  fields: string[];
  /** The retirements before it (all agreed), oldest first. */
  history: HistoryEntry[];
  /** Why it happened when we know more than the fields (e.g. an instruction no part implements yet). */
  note?: string;
  fst?: string;
}

export interface LockstepResult {
  compared: number;
  mismatch?: Mismatch;
  /** The core's end of run; undefined when lockstep stopped it at a mismatch. */
  end?: CoreRunEnd;
  /** The golden model's end (halted reason and value) when it halted. */
  goldEnd?: { reason: string; value: number };
  /** The core's RAM at the end (with `memory`, when lockstep did not stop the core). */
  rtlMemory?: RtlMemory;
  /** The golden model's memory at the end. */
  goldenMemory: Memory;
  /** With `memory`: how the RTL's RAM differs from the golden model's at the end (both ended), else undefined. */
  memoryDifference?: string;
  seconds: number;
}

/**
 * Runs a program on the core with the golden model in lockstep: per RTL retirement, the model steps one
 * instruction and every field of the two records is compared. Stops at the first difference.
 */
export async function lockstep(config: string, elfPath: string, opts: LockstepOptions = {}): Promise<LockstepResult> {
  const cfg = coreConfig(config);
  if (opts.design && opts.fst) throw new UserError('lockstep: a waveform (fst) is for the configuration\'s own design, not a given one');
  if (opts.design && opts.exe) throw new UserError('lockstep: give a design or a harness executable, not both');
  const sim = opts.exe ? { exe: opts.exe } : await buildCoreSim(config, { core: opts.core ?? {}, ...(opts.design ? { design: opts.design } : {}) });
  const elf = await readElfFile(elfPath);
  const mem = new Memory();
  const hart = new Hart({ config: cfg.isa, mem, ...(opts.core?.extensionFormats === false ? { extensionFormats: false } : {}) });
  hart.pc = loadElf(mem, elf, elfPath);
  opts.prepareGolden?.(hart, mem);
  const history = new RetirementHistory(opts.history ?? 20);
  const observe = opts.observe;
  let compared = 0;
  let mismatch: Mismatch | undefined;
  const rtl = newCoreRetirement();
  // Cycle-count reads: plausible against the retirements and the harness's own cycles (the core's mcycle
  // is 0 in the harness's cycle 0 and counts every cycle; a read happens in EX, after the previous
  // instruction retired and before the reading one does).
  const counters = { csr: new CycleCounterCheck('mcycle'), periph: new CycleCounterCheck('the peripheral cycle counter') };
  let lastRetireCycle = 0;
  const t0 = performance.now();
  // The golden model steps through a whole batch of RTL records in one run() call, comparing in its
  // retirement callback; a mismatch ends the run at once (limit = current count).
  const end = await runCore(sim.exe, elf, elfPath, {
    maxCycles: opts.maxCycles,
    stallSeed: opts.stallSeed,
    dumpMemory: opts.memory,
    onChunk: (buf, count) => {
      let i = 0;
      let off = 0;
      const fail = (g: Retirement, fields: string[], note?: string) => {
        mismatch = { cycle: rtl.cycle, rtl: copyRetirement(rtl), gold: copyRetirement(g), fields, history: history.entries(), ...(note ? { note } : {}) };
        hart.limit = hart.n;
      };
      if (!mem.halted) {
        hart.run(count, (g) => {
          if (mismatch) return;
          off = decodeRecord(buf, off, rtl);
          i++;
          let implausible: string | undefined;
          const cycleRead = cycleCountRead(cfg.isa, g);
          if (cycleRead !== CycleRead.none && g.rd === rtl.rd) {
            const periph = !isSystem(g.insn);
            const check = periph ? counters.periph : counters.csr;
            implausible = check.read({ value: rtl.rdValue, high: cycleRead === CycleRead.high, order: rtl.order, window: { from: lastRetireCycle, to: rtl.cycle - COUNTER_READ_LAG } });
            adoptCycleCount(rtl, g, hart.x);
          }
          if (!sameRecord(rtl, g)) {
            fail(g, differingFields(rtl, g));
            return;
          }
          if (implausible) {
            fail(g, ['rd value'], `implausible cycle count: ${implausible}`);
            return;
          }
          for (let k = 0; k < rtl.csrCount; k++) {
            const c = rtl.csr[k]!;
            if (CYCLE_COUNTER_WRITES.has(c.addr)) counters.csr.written(c.addr === MCOUNTINHIBIT ? (c.value & 1) === 1 : undefined);
          }
          lastRetireCycle = rtl.cycle;
          compared++;
          history.push(0, rtl.cycle, g);
          observe?.(g);
        });
      }
      if (!mismatch && i < count) {
        decodeRecord(buf, off, rtl);
        fail(hart.rec, ['(the golden model had halted)'], `the golden model ended (${mem.haltReason} = ${mem.haltValue >>> 0}) and the core did not: it retired this instruction after`);
      }
      return mismatch === undefined;
    },
  });
  // A bus error stops the core before the faulting access retires: the golden model must fault on that
  // very instruction too (same reason, same address), so it steps once more.
  if (!mismatch && end.reason === 'bus-error' && !mem.halted) hart.run(1);
  const result: LockstepResult = { compared, end: mismatch ? undefined : end, goldenMemory: mem, seconds: (performance.now() - t0) / 1000 };
  if (mem.halted) result.goldEnd = { reason: mem.haltReason!, value: mem.haltValue };
  if (!mismatch && end.memory) {
    result.rtlMemory = end.memory;
    delete end.memory;
    // Only a clean end on both sides leaves the two memories comparable (at the cycle limit the core may
    // have stores on the bus whose instruction has not retired yet).
    const ended = (reason: string) => reason === 'tohost' || reason === 'eoc';
    if (result.goldEnd && ended(end.reason) && ended(result.goldEnd.reason)) result.memoryDifference = memoryDifference(result.rtlMemory, mem);
  }
  if (mismatch) {
    result.mismatch = mismatch;
    if (mismatch.rtl.trap === 2 && mismatch.gold.trap < 0 && mismatch.rtl.insn === mismatch.gold.insn) {
      const missing = disassemble(mismatch.rtl.insn, mismatch.rtl.pc, { config: cfg.isa });
      mismatch.note = `the core traps on '${instructionText(missing)}' as illegal: it is in the ${cfg.isa} instruction set, but no part of core configuration '${config}' implements it yet`;
    }
    if (opts.fst) {
      const w = opts.fstWindow ?? 200;
      const traced = await buildCoreSim(config, { trace: true, core: opts.core ?? {} });
      await runCore(traced.exe, elf, elfPath, {
        maxCycles: mismatch.cycle + w + 1,
        stallSeed: opts.stallSeed,
        fst: { path: opts.fst, from: Math.max(0, mismatch.cycle - w), to: mismatch.cycle + w },
      });
      mismatch.fst = opts.fst;
    }
  }
  return result;
}

/**
 * Did the core and the golden model end the same way? Undefined when they agree, otherwise the sentence
 * that says how they differ (the golden model that never halted counts as a difference too).
 */
export function endDifference(r: LockstepResult): string | undefined {
  if (r.mismatch || !r.end) return undefined;
  const core = `${r.end.reason} = ${r.end.value >>> 0}`;
  const coreEnded = r.end.reason !== 'limit' && r.end.reason !== 'stopped';
  if (!r.goldEnd) return coreEnded ? `the core ended (${core}) and the golden model did not: it never halted` : undefined;
  const gold = `${r.goldEnd.reason} = ${r.goldEnd.value >>> 0}`;
  if (!coreEnded) return `the golden model ended (${gold}) and the core did not: it ran to the cycle limit (${r.end.cycles} cycles)`;
  if (r.goldEnd.reason !== r.end.reason || r.goldEnd.value >>> 0 !== r.end.value >>> 0) return `the golden model ended with ${gold}, the core with ${core}`;
  return r.memoryDifference;
}

/** The mismatch report: the instruction, both records field by field, the last retirements, the cycle. */
export function formatMismatch(config: string, m: Mismatch): string {
  const isa = coreConfig(config).isa;
  const dis = (r: { insn: number; pc: number }) => instructionText(disassemble(r.insn, r.pc, { config: isa }));
  const lines: string[] = [];
  lines.push(`lockstep mismatch at cycle ${m.cycle}, retirement ${m.gold.order}: 0x${(m.gold.pc >>> 0).toString(16)}  ${dis(m.gold)}`);
  if (m.note) lines.push(`note: ${m.note}`);
  lines.push(`differing: ${m.fields.join(', ')}`);
  const a = new Map(recordFields(m.rtl));
  const b = new Map(recordFields(m.gold));
  const names = [...new Set([...b.keys(), ...a.keys()])];
  const width = Math.max(...names.map((n) => n.length));
  lines.push(`  ${'field'.padEnd(width)}  ${'RTL'.padEnd(44)}  golden model`);
  for (const n of names) {
    const mark = m.fields.includes(n) ? '!' : ' ';
    lines.push(`${mark} ${n.padEnd(width)}  ${(a.get(n) ?? '-').padEnd(44)}  ${b.get(n) ?? '-'}`);
  }
  lines.push(`last ${m.history.length} retirements (agreed):`);
  for (const r of m.history) lines.push(`  ${String(r.order).padStart(8)}  0x${(r.pc >>> 0).toString(16).padStart(8, '0')}  ${dis(r)}`);
  if (m.fst) lines.push(`waveform of the cycles around the mismatch: ${m.fst}`);
  return lines.join('\n');
}

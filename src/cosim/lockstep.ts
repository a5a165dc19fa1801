import { disassemble, instructionText } from '../asm/index.ts';
import { buildCoreSim } from './build.ts';
import type { CoreOptions } from '../core/configs.ts';
import { differingFields, readsCycleCount, recordFields, sameRecord } from './compare.ts';
import { runCore, type CoreRunEnd } from './run.ts';
import { decodeRecord, newCoreRetirement } from './protocol.ts';
import { coreConfig } from '../core/configs.ts';
import { readElfFile } from '../elf/read.ts';
import { Hart } from '../iss/hart.ts';
import { loadElf } from '../iss/loader.ts';
import { Memory } from '../iss/memory.ts';
import { copyRetirement, type Retirement } from '../iss/retire.ts';

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
  /** Run this core harness executable instead of the configuration's own build (mutant schemata, src/mutate). */
  exe?: string;
}

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

export interface HistoryEntry {
  order: number;
  pc: number;
  insn: number;
}

/** The last retirements, overwritten in place (no allocation per retirement). */
class History {
  private readonly order: Float64Array;
  private readonly pc: Int32Array;
  private readonly insn: Uint32Array;
  private n = 0;

  constructor(private readonly size: number) {
    this.order = new Float64Array(size);
    this.pc = new Int32Array(size);
    this.insn = new Uint32Array(size);
  }

  push(r: Retirement): void {
    if (this.size === 0) return;
    const i = this.n++ % this.size;
    this.order[i] = r.order;
    this.pc[i] = r.pc;
    this.insn[i] = r.insn;
  }

  entries(): HistoryEntry[] {
    const count = Math.min(this.n, this.size);
    return Array.from({ length: count }, (_, k) => {
      const i = (this.n - count + k) % this.size;
      return { order: this.order[i]!, pc: this.pc[i]!, insn: this.insn[i]! };
    });
  }
}

export interface LockstepResult {
  compared: number;
  mismatch?: Mismatch;
  /** The core's end of run; undefined when lockstep stopped it at a mismatch. */
  end?: CoreRunEnd;
  /** The golden model's end (halted reason and value) when it halted. */
  goldEnd?: { reason: string; value: number };
  seconds: number;
}

/**
 * Runs a program on the core with the golden model in lockstep: per RTL retirement, the model steps one
 * instruction and every field of the two records is compared. Stops at the first difference.
 */
export async function lockstep(config: string, elfPath: string, opts: LockstepOptions = {}): Promise<LockstepResult> {
  const cfg = coreConfig(config);
  const sim = opts.exe ? { exe: opts.exe } : await buildCoreSim(config, { core: opts.core ?? {} });
  const elf = await readElfFile(elfPath);
  const mem = new Memory();
  const hart = new Hart({ config: cfg.isa, mem, ...(opts.core?.extensionFormats === false ? { extensionFormats: false } : {}) });
  hart.pc = loadElf(mem, elf, elfPath);
  opts.prepareGolden?.(hart, mem);
  const history = new History(opts.history ?? 20);
  const observe = opts.observe;
  let compared = 0;
  let mismatch: Mismatch | undefined;
  const rtl = newCoreRetirement();
  const t0 = performance.now();
  // The golden model steps through a whole batch of RTL records in one run() call, comparing in its
  // retirement callback; a mismatch ends the run at once (limit = current count).
  const end = await runCore(sim.exe, elf, elfPath, {
    maxCycles: opts.maxCycles,
    stallSeed: opts.stallSeed,
    onChunk: (buf, count) => {
      let i = 0;
      let off = 0;
      const fail = (g: Retirement, fields: string[]) => {
        mismatch = { cycle: rtl.cycle, rtl: copyRetirement(rtl), gold: copyRetirement(g), fields, history: history.entries() };
        hart.limit = hart.n;
      };
      if (!mem.halted) {
        hart.run(count, (g) => {
          if (mismatch) return;
          off = decodeRecord(buf, off, rtl);
          i++;
          if (readsCycleCount(cfg.isa, g) && g.rd === rtl.rd) {
            hart.x[g.rd] = rtl.rdValue;
            g.rdValue = rtl.rdValue;
            // a load of the peripheral cycle counter: its bus beat carries the core's count too
            if (g.memCount === 1 && rtl.memCount === 1) g.mem[0]!.data = rtl.mem[0]!.data;
          }
          if (!sameRecord(rtl, g)) {
            fail(g, differingFields(rtl, g));
            return;
          }
          compared++;
          history.push(g);
          observe?.(g);
        });
      }
      if (!mismatch && i < count) {
        decodeRecord(buf, off, rtl);
        fail(hart.rec, ['(the golden model had halted)']);
      }
      return mismatch === undefined;
    },
  });
  // A bus error stops the core before the faulting access retires: the golden model must fault on that
  // very instruction too (same reason, same address), so it steps once more.
  if (!mismatch && end.reason === 'bus-error' && !mem.halted) hart.run(1);
  const result: LockstepResult = { compared, end: mismatch ? undefined : end, seconds: (performance.now() - t0) / 1000 };
  if (mem.halted) result.goldEnd = { reason: mem.haltReason!, value: mem.haltValue };
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
  if (!r.goldEnd) return r.end.reason === 'limit' ? undefined : `the core ended with ${core}, the golden model did not halt`;
  if (r.goldEnd.reason === r.end.reason && r.goldEnd.value >>> 0 === r.end.value >>> 0) return undefined;
  return `the golden model ended with ${r.goldEnd.reason} = ${r.goldEnd.value >>> 0}, the core with ${core}`;
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

import { regName } from '../../asm/index.ts';
import { instructionsFor, type Config, type InstrDef } from '../../isa/index.ts';
import { Rng } from '../../isa/random.ts';
import type { DMA_REG } from '../../platform/memory-map.ts';
import { Emitter } from '../emitter.ts';
import { kindOf } from '../generate.ts';
import { emitMemory } from '../memory-ops.ts';
import { pickOperands } from '../operands.ts';
import { DATA_BASE_REG, HANDLER_REGS, LOOP_REG, POINTERS, WRITABLE } from '../roles.ts';
import { clusterLayout, DMA_SLOT_BYTES, EVT_BIT, FAIL, L2_SRC_BYTES, PERIPH_BASE, PUBLISH_BYTES, REG, type ClusterLayout } from './layout.ts';
import { planPhases, type DmaPlan, type PhasePlan } from './plan.ts';

export interface ClusterGenOptions {
  config: Config;
  cores: number;
  seed: number;
  /** Phases, each ended by a barrier (default 4). */
  phases?: number;
  /** Random items per hart and phase (default 40). */
  length?: number;
  /** Table ids not to emit. */
  exclude?: readonly string[];
  /** The expected checksum of each hart (0 for all when absent: the calibration build). */
  expected?: readonly number[];
}

/** What the program does, counted by the generator (the report and the tests read it). */
export interface ClusterFacts {
  cores: number;
  phases: number;
  barriers: number;
  dma: { in: number; out: number; twoD: number; waits: Record<DmaPlan['wait'], number> };
  /** Phases with a software-event round (every hart triggers one and waits for one). */
  eventRounds: number;
  /** Per hart: loads of another hart's publish rows, of DMA destinations (TCDM and L2). */
  crossReads: number[];
  counterReads: number;
  /** Barriers reached with trigger + wait-on-event instead of BARRIER_WAIT (all harts). */
  splitBarriers: number;
}

export interface ClusterProgram {
  source: string;
  facts: ClusterFacts;
  layout: ClusterLayout;
}

const S8 = HANDLER_REGS[0], S9 = HANDLER_REGS[1];
/** The checksum register (never written by random instructions: reserved). */
const SUM = LOOP_REG;
const sum = regName(SUM), tmp = regName(S9), per = regName(S8);
/** Random instructions the multi-core bodies leave out: they move sp (the scratch base) or wait. */
const NOT_IN_BODIES = new Set(['c.addi16sp', 'wfi']);

/**
 * A random SPMD program for `cores` harts (docs/randprog.md, "Multi-core programs"): every hart branches
 * on mhartid to its own random body; phases of table-driven compute and memory traffic in its own scratch
 * row (banks shared with every other hart), a publish row written in full, a DMA transfer (one hart per
 * phase, waiting by polling STATUS, DONE_COUNT or sleeping on the DMA event), a software-event round, and
 * a barrier (BARRIER_WAIT or trigger + wait); after a barrier, loads of other harts' publish rows and of
 * earlier DMA destinations. Every value folded into a hart's checksum is independent of the interleaving.
 */
export function generateClusterProgram(o: ClusterGenOptions): ClusterProgram {
  const phases = o.phases ?? 4;
  const length = o.length ?? 40;
  const layout = clusterLayout(o.cores, phases);
  const plan = planPhases(new Rng((o.seed * 0x9e3779b1) ^ (o.cores * 0x2545f491)), o.cores, phases, layout);
  const skip = new Set([...(o.exclude ?? []), ...NOT_IN_BODIES]);
  const defs = instructionsFor(o.config).filter((d) => !skip.has(d.id));
  const compute = defs.filter((d) => kindOf(d) === 'compute');
  const memory = defs.filter((d) => kindOf(d) === 'memory');
  const facts: ClusterFacts = {
    cores: o.cores, phases, barriers: phases + 3, dma: { in: 0, out: 0, twoD: 0, waits: { status: 0, count: 0, event: 0 } },
    eventRounds: plan.filter((p) => p.eventShift !== undefined).length, crossReads: new Array(o.cores).fill(0), counterReads: 0, splitBarriers: 0,
  };
  const e = new Emitter(o.config, [...skip]);
  const fold = (r: number) => e.raw(`slli ${tmp}, ${sum}, 5`, `sub ${sum}, ${tmp}, ${sum}`, `add ${sum}, ${sum}, x${r}`);

  e.raw('.section .text.init', '.globl _start');
  e.place('_start');
  e.raw('la t0, trap_handler', 'csrw mtvec, t0', `li ${per}, 0x${PERIPH_BASE.toString(16)}`);
  e.raw(`lw ${tmp}, ${REG.coreCount}(${per})`, `li t0, ${o.cores}`, `bne ${tmp}, t0, fail_identity`);
  e.raw(`lw ${tmp}, ${REG.coreId}(${per})`, 'csrr t0, mhartid', `bne ${tmp}, t0, fail_identity`);
  for (let h = 0; h < o.cores; h++) e.raw(`li t0, ${h}`, `beq ${tmp}, t0, hart_${h}`);
  e.raw('j fail_identity');

  for (let h = 0; h < o.cores; h++) {
    const rng = new Rng(((o.seed + 1) * 0x85ebca6b) ^ ((h + 1) * 0xc2b2ae35));
    e.place(`hart_${h}`);
    e.raw(`li ${regName(DATA_BASE_REG)}, 0x${layout.block(h).toString(16)}`, `mv sp, ${regName(DATA_BASE_REG)}`, `li ${sum}, ${(rng.next() | 0)}`);
    for (const r of WRITABLE) if (r !== 0) e.set(r, rng.next() | 0);
    // Phase 0 opens with the scratch rows filled from L2 by one 2D DMA (hart 0), then a barrier.
    if (h === 0) {
      dma(e, { dir: 'in', issuer: 0, src: 'init_data', srcOffset: 0, dst: layout.block(0), len: 1024, rows: o.cores, srcStride: 1024, dstStride: layout.blockBytes, wait: 'event', reads: [] }, 1);
      facts.dma.in++;
      facts.dma.twoD++;
      facts.dma.waits.event++;
    }
    barrier(e, rng, facts, h);
    let dmaDone = 1;
    for (let p = 0; p < phases; p++) {
      const ph = plan[p]!;
      e.raw(`# hart ${h}, phase ${p}`);
      for (let i = 0; i < length; i++) item({ e, rng, h, plan, layout, compute, memory, fold, facts }, p);
      publish(e, rng, layout.publish(h, p));
      if (ph.dma) {
        dmaDone++;
        if (ph.dma.issuer === h) {
          dma(e, ph.dma, dmaDone);
          facts.dma[ph.dma.dir]++;
          if (ph.dma.rows > 1) facts.dma.twoD++;
          facts.dma.waits[ph.dma.wait]++;
          for (const r of ph.dma.reads) {
            const rd = rng.pick(POINTERS);
            e.raw(`${load(r)} ${tmp}, ${r}`, `lw x${rd}, 0(${tmp})`);
            fold(rd);
          }
        }
      }
      if (ph.eventShift !== undefined) {
        // Every hart raises the software event of hart (h + shift) mod N and waits for the one meant for it.
        e.raw(`li ${tmp}, ${1 << ((h + ph.eventShift) % o.cores)}`, `sw ${tmp}, ${REG.swTrigger}(${per})`);
        e.raw(`li ${tmp}, ${EVT_BIT.sw}`, `sw ${tmp}, ${REG.evtMask}(${per})`, `lw ${tmp}, ${REG.evtWaitClear}(${per})`);
      }
      barrier(e, rng, facts, h);
    }
    // The end: the checksum to the results table, a barrier, then each hart checks its own.
    e.raw(`la ${tmp}, results`, `sw ${sum}, ${4 * h}(${tmp})`);
    barrier(e, rng, facts, h);
    e.raw(`la ${tmp}, expected`, `lw ${tmp}, ${4 * h}(${tmp})`, `li t0, ${FAIL.checksum + h}`, `bne ${sum}, ${tmp}, fail`);
    if (h === 0) {
      // Hart 0 ends the program after a last barrier (every hart has checked its checksum).
      barrier(e, rng, facts, h);
      e.raw(`sw zero, ${REG.eoc}(${per})`);
    } else {
      barrier(e, rng, facts, h);
    }
    e.raw('j park');
  }

  e.place('park');
  e.raw(`sw zero, ${REG.evtMask}(${per})`, `lw ${tmp}, ${REG.evtWaitClear}(${per})`, 'j park');
  e.place('fail_identity');
  e.raw('csrr t0, mhartid', `addi t0, t0, ${FAIL.identity}`);
  e.place('fail_counter');
  e.raw('csrr t0, mhartid', `addi t0, t0, ${FAIL.counter}`);
  e.place('fail');
  e.raw(`li ${per}, 0x${PERIPH_BASE.toString(16)}`, `sw t0, ${REG.eoc}(${per})`, 'j park');
  e.raw('.align 2');
  e.place('trap_handler');
  e.raw('csrr t0, mcause', `addi t0, t0, ${FAIL.trap}`, 'j fail');

  const data = new Rng((o.seed * 0x27d4eb2f) ^ 0x165667b1);
  e.raw('.data', '.align 4');
  e.place('init_data');
  for (let i = 0; i < (o.cores * 1024) / 4; i++) e.raw(`.word 0x${data.next().toString(16)}`);
  e.place('l2_src');
  for (let i = 0; i < L2_SRC_BYTES / 4; i++) e.raw(`.word 0x${data.next().toString(16)}`);
  e.place('l2_out');
  e.raw(`.zero ${phases * DMA_SLOT_BYTES}`);
  e.place('results');
  e.raw(`.zero ${4 * o.cores}`);
  e.place('expected');
  for (let h = 0; h < o.cores; h++) e.raw(`.word 0x${((o.expected?.[h] ?? 0) >>> 0).toString(16)}`);
  const head = `# flexv randprog --config ${o.config} --cores ${o.cores} --seed ${o.seed} --phases ${phases} --length ${length}`;
  return { source: `${head}\n${e.lines.join('\n')}\n`, facts, layout };
}

/** `li` for a number, `la` for a label expression. */
const load = (addr: string) => (/^[0-9]/.test(addr) ? 'li' : 'la');

/**
 * A `size`-aligned address another hart or the DMA wrote in an earlier phase, as an assembler operand
 * (undefined in phase 0): a publish row of any hart, or a word of an earlier transfer's destination.
 */
function crossAddress(rng: Rng, p: number, plan: PhasePlan[], layout: ClusterLayout, size: number): string | undefined {
  if (p === 0) return undefined;
  const q = rng.int(0, p - 1);
  const d = plan[q]!.dma;
  const sub = rng.int(0, 4 / size - 1) * size;
  if (d && rng.int(0, 2) === 0) {
    const [base, off] = rng.pick(dmaWritten(d));
    return typeof base === 'number' ? `0x${(base + off + sub).toString(16)}` : `${base}+${off + sub}`;
  }
  const off = rng.int(0, PUBLISH_BYTES / size - 1) * size;
  return `0x${(layout.publish(rng.int(0, layout.cores - 1), q) + off).toString(16)}`;
}

/** Words a planned transfer writes: [base, offset] (base a number or a label). */
export function dmaWritten(d: DmaPlan): Array<[number | string, number]> {
  const out: Array<[number | string, number]> = [];
  for (let r = 0; r < d.rows; r++) for (let w = 0; w < d.len / 4; w++) out.push([d.dst, r * d.dstStride + 4 * w]);
  return out;
}

/** The publish row of this phase, written in full (values from the checksum: private, deterministic). */
function publish(e: Emitter, rng: Rng, addr: number): void {
  const v = rng.pick(POINTERS);
  e.raw(`li ${tmp}, 0x${addr.toString(16)}`);
  for (let off = 0; off < PUBLISH_BYTES; off += 4) e.raw(`add x${v}, x${v}, ${sum}`, `sw x${v}, ${off}(${tmp})`);
  // A few narrower stores over it (bytes and half-words, some misaligned).
  for (let k = rng.int(0, 3); k > 0; k--) {
    const [op, size] = rng.pick([['sb', 1], ['sh', 2], ['sw', 4]] as const);
    e.raw(`${op} x${rng.pick(POINTERS)}, ${rng.int(0, PUBLISH_BYTES - size)}(${tmp})`);
  }
}

/** Configure, start and wait for one transfer (`count`: DONE_COUNT once it is over). */
function dma(e: Emitter, d: DmaPlan, count: number): void {
  const set = (reg: keyof typeof DMA_REG, value: string) => e.raw(`li ${tmp}, ${value}`, `sw ${tmp}, ${REG.dma(reg)}(${per})`);
  const addr = (a: number | string, off: number) => (typeof a === 'number' ? `0x${(a + off).toString(16)}` : `${a}+${off}`);
  if (typeof d.src === 'string') e.raw(`la ${tmp}, ${d.src}+${d.srcOffset}`, `sw ${tmp}, ${REG.dma('src')}(${per})`);
  else set('src', addr(d.src, d.srcOffset));
  if (typeof d.dst === 'string') e.raw(`la ${tmp}, ${d.dst}`, `sw ${tmp}, ${REG.dma('dst')}(${per})`);
  else set('dst', addr(d.dst, 0));
  set('len', String(d.len));
  set('srcStride', String(d.srcStride));
  set('dstStride', String(d.dstStride));
  set('rows', String(d.rows));
  // Only one transfer is ever in flight: a stale DMA event of an earlier one is cleared before the start.
  if (d.wait === 'event') e.raw(`li ${tmp}, ${EVT_BIT.dma}`, `sw ${tmp}, ${REG.evtBufferClear}(${per})`, `sw ${tmp}, ${REG.evtMask}(${per})`);
  e.raw(`sw zero, ${REG.dma('start')}(${per})`);
  e.raw(`lw ${tmp}, ${REG.dma('status')}(${per})`, `andi ${tmp}, ${tmp}, 2`, `li t0, ${FAIL.dmaRefused}`, `bnez ${tmp}, fail`);
  const loop = e.label('dma');
  if (d.wait === 'event') e.raw(`lw ${tmp}, ${REG.evtWaitClear}(${per})`);
  else {
    e.place(loop);
    if (d.wait === 'status') e.raw(`lw ${tmp}, ${REG.dma('status')}(${per})`, `andi ${tmp}, ${tmp}, 1`, `bnez ${tmp}, ${loop}`);
    else e.raw(`lw ${tmp}, ${REG.dma('doneCount')}(${per})`, `addi ${tmp}, ${tmp}, ${-count}`, `bnez ${tmp}, ${loop}`);
  }
}

/** A barrier: BARRIER_WAIT, or (a third of the time) trigger, some private work, then wait on the event. */
function barrier(e: Emitter, rng: Rng, facts: ClusterFacts, h: number): void {
  if (rng.int(0, 2) !== 0) {
    e.raw(`lw ${tmp}, ${REG.barrierWait}(${per})`);
    return;
  }
  facts.splitBarriers++;
  e.raw(`sw zero, ${REG.barrierTrigger}(${per})`);
  e.raw(`li ${tmp}, ${EVT_BIT.barrier}`, `sw ${tmp}, ${REG.evtMask}(${per})`, `lw ${tmp}, ${REG.evtWaitClear}(${per})`);
  void h;
}

/** What one random item of hart `h` needs. */
interface ItemContext {
e: Emitter;
rng: Rng;
h: number;
plan: PhasePlan[];
layout: ClusterLayout;
compute: InstrDef[];
memory: InstrDef[];
fold: (r: number) => void;
facts: ClusterFacts;
}

/**
 * One random item of phase `p`: a table instruction, a checksum fold, a memory access of the scratch row
 * (every addressing mode; folded half of the time), a burst on the hot banks, a load of data another hart
 * or the DMA wrote in an earlier phase, or a pair of cycle-counter reads.
 */
function item(c: ItemContext, p: number): void {
const { e, rng, h, plan, layout, compute, memory, fold, facts } = c;
  const r = rng.int(0, 99);
  if (r < 40) {
    const def = rng.pick(compute);
    e.instr(def, pickOperands(def, rng, e.lastWritten));
  } else if (r < 50) {
    fold(rng.pick(POINTERS));
  } else if (r < 75) {
    emitMemory(e, rng, rng.pick(memory));
    if (rng.int(0, 1)) fold(e.lastWritten === 0 ? 1 : e.lastWritten);
  } else if (r < 82) {
    // A burst on the hot banks: columns 0..3 of the scratch row, the same banks in every hart.
    for (let k = rng.int(2, 4); k > 0; k--) {
      const off = 4 * rng.int(0, 3), rd = rng.pick(POINTERS);
      if (rng.int(0, 1)) e.raw(`sw x${rng.pick(POINTERS)}, ${off}(sp)`);
      else {
        e.raw(`lw x${rd}, ${off}(sp)`);
        fold(rd);
      }
    }
  } else if (r < 94) {
    const [op, size] = rng.pick([['lw', 4], ['lh', 2], ['lhu', 2], ['lb', 1], ['lbu', 1]] as const);
    const addr = crossAddress(rng, p, plan, layout, size);
    if (addr === undefined) return;
    const rd = rng.pick(POINTERS);
    e.raw(`${load(addr)} ${tmp}, ${addr}`, `${op} x${rd}, 0(${tmp})`);
    fold(rd);
    facts.crossReads[h]!++;
  } else if (r < 97) {
    // Two reads of one cycle counter: the second is not smaller (the values never reach the checksum).
    const which = rng.int(0, 2);
    const read = (reg: string) => which === 0 ? `csrr ${reg}, mcycle` : which === 1 ? `csrr ${reg}, cycle` : `lw ${reg}, ${REG.cycles}(${per})`;
    e.raw(read('t0'), read(tmp), `bltu ${tmp}, t0, fail_counter`, `li t0, ${rng.next() | 0}`);
    facts.counterReads += 2;
  } else {
    const def = rng.pick(compute);
    e.instr(def, pickOperands(def, rng, e.lastWritten));
  }
}

import * as A from './arith.ts';
import type { FetchedInsn } from './decode.ts';
import { EmitCtx } from './emit.ts';
import type { Hart } from './hart.ts';
import * as S from './lanes.ts';
import { PAGE_SHIFT } from './memory.ts';
import { DECODE_MODE_CSRS } from './status.ts';

/** Longest straight-line block compiled into one function. */
const MAX_BLOCK = 48;

/**
 * How a block is compiled:
 * - `fast`: inline memory access, no records;
 * - `step`: one instruction, accesses recorded only when the hart is tracing (the exact tail of a budget);
 * - `report`: records every instruction and calls the hart's retirement callback after each one;
 * - `report1`: the same, one instruction per block (the tail of a traced budget).
 */
export type BlockMode = 'fast' | 'step' | 'report' | 'report1';

/**
 * A compiled block: straight-line code (conditional branches are side exits) ending at a jump, a
 * hardware-loop end, a serial instruction, MAX_BLOCK, or a branch in one-instruction modes. `fn` runs it (looping in place when it branches to itself), adds the retired
 * instructions to `h.n` and returns the next pc.
 */
export interface Block {
  start: number;
  /** Instructions in one pass. */
  len: number;
  /** Bytes covered, for invalidation. */
  bytes: number;
  fn: () => number;
  valid: boolean;
  /** Successor cache: the last two distinct next pcs and their blocks. */
  pc1: number;
  b1: Block | undefined;
  pc2: number;
  b2: Block | undefined;
  /**
   * The block's instruction may write `sb_legacy` or `ivec_fmt` (a CSR instruction on one of them): its
   * successor belongs to the caches of the decoding mode after it, so it never chains (pc1 = pc2 = NO_PC).
   */
  modeSwitch: boolean;
  /** Start pcs of its instructions (a hardware-loop end among them decides whether it still fits). */
  pcs: Int32Array;
  /** Its last instruction was a hardware-loop end when it was compiled (it carries the end-of-body check). */
  endsLoop: boolean;
  /**
   * The half-words the compiler read from `start` on (its instructions and the serial one that cut it
   * short): a dropped block whose half-words are unchanged is taken back instead of compiled again.
   */
  code: Uint16Array;
}

/** A successor pc no instruction has (pcs are even): the successor cache of a mode switch never hits. */
const NO_PC = 1;

/** A CSR instruction on `sb_legacy` or `ivec_fmt`. */
const switchesMode = (f: FetchedInsn): boolean => f.ops.csr !== undefined && DECODE_MODE_CSRS.has(f.ops.csr);

/**
 * Is a block still the one `compileBlock` would build with the hardware-loop ends `e0`, `e1`? Blocks are
 * cut at a loop end and their last instruction, when it is one, carries the end-of-body check, which looks
 * at the loop registers when it runs: a block stops fitting only when an end lies on one of its
 * instructions but the last, or on the last of a block compiled without the check. (A block cut at an end
 * that moved away is shorter than needed, not wrong.)
 */
export function fitsLoopEnds(b: Block, e0: number, e1: number): boolean {
  const n = b.pcs.length;
  for (let i = 0; i < n - 1; i++) if (b.pcs[i] === e0 || b.pcs[i] === e1) return false;
  return n === 0 || b.endsLoop || (b.pcs[n - 1] !== e0 && b.pcs[n - 1] !== e1);
}

/** Builds the block starting at `pc`. */
export function compileBlock(h: Hart, pc: number, mode: BlockMode): Block {
  const traced = mode !== 'fast';
  const max = mode === 'step' || mode === 'report1' ? 1 : MAX_BLOCK;
  const insns: FetchedInsn[] = [];
  let at = pc;
  let scanned = pc;
  let lastSerial = false;
  while (insns.length < max) {
    const f = h.fetch(at);
    if (!f) break; // fetch outside memory: ends the block (or halts, when it is the first)
    scanned = (at + f.size) | 0;
    const probe = f.sem ? f.sem(new EmitCtx(f.def!, f.ops, f.pc, f.size, f.insn, traced, 0, 't', '', h.decodeMode)) : { code: '', serial: true };
    // A serial instruction ends the block it is in; one that may change the decoding mode is alone in
    // its block (the dispatcher looks its successor up in the caches of the new mode).
    if (probe.serial && insns.length > 0 && switchesMode(f)) break;
    insns.push(f);
    at = (at + f.size) | 0;
    lastSerial = probe.serial === true;
    if (probe.serial || probe.jump !== undefined) break;
    if (f.pc === h.lp[1] || f.pc === h.lp[4]) break; // a hardware-loop end closes the block
    // A conditional branch inside a multi-instruction block becomes a side exit; compilation goes on
    // along the fall-through path (a superblock), so not-taken branches cost no dispatch.
    if (probe.branch && max === 1) break;
  }
  const modeSwitch = insns.length === 1 && switchesMode(insns[0]);
  const last = insns[insns.length - 1];
  const endsLoop = last !== undefined && (last.pc === h.lp[1] || last.pc === h.lp[4]);
  const code = h.codeAt(pc, (scanned - pc) >>> 1);
  const block = (len: number, bytes: number, fn: () => number): Block => ({
    start: pc, len, bytes, fn, valid: true, pc1: modeSwitch ? NO_PC : 0, b1: undefined, pc2: modeSwitch ? NO_PC : 0, b2: undefined, modeSwitch,
    pcs: Int32Array.from(insns, (f) => f.pc), endsLoop, code,
  });
  if (insns.length === 0) {
    return block(1, 0, () => {
      h.fetchFault(pc);
      return pc;
    });
  }
  const src = generate(h, insns, mode, lastSerial);
  return block(insns.length, at - pc, bind(h, pc, src, traced));
}

/**
 * The block's function bound to the hart's state. Fast blocks run many times: a factory binds the state
 * once into the closure of the block function (the region views included), so a call reads no property.
 * Traced blocks mostly run a few times (lockstep runs ever new programs) and compiling dominates: they are
 * one function that takes the state as arguments, which V8 parses once instead of twice (the factory's
 * inner function is compiled again on its first call).
 */
function bind(h: Hart, pc: number, src: string, traced: boolean): () => number {
  const x = h.x, m = h.mem, r = h.rec, nn = h.nn, sb = h.sb;
  if (traced) {
    const f = compiled(pc, src, traced) as (...a: unknown[]) => number;
    return () => f(x, h, m, A, S, nn, sb, r);
  }
  return (compiled(pc, src, traced) as Factory)(x, h, m, A, S, m.l2, m.tcdm, PAGE_SHIFT, r);
}

type Factory = (...a: unknown[]) => () => number;

/**
 * Compiled functions by kind and generated source: the harts of a cluster run the same code, and the
 * source says everything a block depends on (pcs, operands, loop ends, the decoding mode's lane widths),
 * so each is compiled once and bound to each hart's state. Bounded: cleared when it grows past
 * MAX_FACTORIES.
 */
const FACTORIES = new Map<string, Factory | ((...a: unknown[]) => number)>();
const MAX_FACTORIES = 50_000;

function compiled(pc: number, src: string, traced: boolean): Factory | ((...a: unknown[]) => number) {
  const key = (traced ? 't' : 'f') + src;
  let fn = FACTORIES.get(key);
  if (fn) return fn;
  try {
    fn = traced
      ? (new Function('x', 'h', 'm', 'A', 'S', 'NN', 'SB', 'r', src) as (...a: unknown[]) => number)
      : (new Function(
          'x', 'h', 'm', 'A', 'S', 'L2', 'TC', 'PAGE', 'r',
          `const L2base = L2.base | 0, L2size = L2.size, L2W = L2.i32, L2H = L2.u16, L2HS = L2.i16, L2B = L2.u8, L2BS = L2.i8, L2watch = L2.watch;\n` +
            `const TCbase = TC.base | 0, TCsize = TC.size, TCW = TC.i32, TCH = TC.u16, TCHS = TC.i16, TCB = TC.u8, TCBS = TC.i8, TCwatch = TC.watch;\n` +
            `const NN = h.nn, SB = h.sb;\n` +
            `return function block_${(pc >>> 0).toString(16)}() {\n${src}\n};`,
        ) as Factory);
  } catch (e) {
    throw new Error(`iss: generated code for block at 0x${(pc >>> 0).toString(16)} does not compile: ${(e as Error).message}\n${src}`);
  }
  if (FACTORIES.size >= MAX_FACTORIES) FACTORIES.clear();
  FACTORIES.set(key, fn);
  return fn;
}

/** The statement that opens instruction k's retirement record (`Hart.openRecord`). */
function openRecord(f: FetchedInsn, k: number): string {
  return `h.openRecord(${k}, ${f.pc}, ${f.insn}, ${f.size});\n`;
}

/** The statement that completes instruction f's record and hands it to the callback (`Hart.closeRecord`). */
function closeRecord(f: FetchedInsn, next: string): string {
  const rd = f.def?.writesRd ? (f.ops.rd ?? 0) : 0;
  return `h.closeRecord(${rd}, ${next});\n`;
}

/** The block's code; `lastSerial`: its last instruction is serial (or illegal). */
function generate(h: Hart, insns: FetchedInsn[], mode: BlockMode, lastSerial: boolean): string {
  const traced = mode !== 'fast';
  const report = mode === 'report' || mode === 'report1';
  const start = insns[0].pc;
  const last = insns[insns.length - 1];
  const temps: string[] = [];
  // A serial instruction is the last of its block. The instructions before it are counted first
  // (`h.n += base`), so that `h.n` is exact when it reads a counter or traps, and its own index is 0.
  const base = lastSerial ? insns.length - 1 : 0;
  // A trapping instruction does not retire, so it ends no hardware loop (CV32E40P): only serial
  // instructions trap.
  const endsLoop = last.pc === h.lp[1] || last.pc === h.lp[4];
  const trapGuard = endsLoop && (lastSerial || insns.length === 1);
  let body = '';
  let tail = '';
  let loopsBack = false;
  for (let i = 0; i < insns.length; i++) {
    const f = insns[i];
    const isLast = i === insns.length - 1;
    if (isLast && base > 0) body += `h.n += ${base};\n`;
    const k = i - (isLast ? base : 0);
    if (report) body += openRecord(f, k);
    if (isLast && trapGuard) body += `tb = h.traps;\n`;
    if (!f.sem) {
      body += `npc = h.illegal(${f.pc}, ${f.insn}, ${f.size});\n`;
      continue;
    }
    // A store that stops the block reports its instruction before leaving (stores write no rd).
    const finish = report ? closeRecord(f, String((f.pc + f.size) | 0)) : '';
    const c = new EmitCtx(f.def!, f.ops, f.pc, f.size, f.insn, traced, k, `i${i}_`, finish, h.decodeMode);
    const e = c.sem(f);
    temps.push(...c.temps);
    body += `// 0x${(f.pc >>> 0).toString(16)} ${f.def!.id}\n${e.code}`;
    if (isLast) {
      if (e.branch) tail = `npc = (${e.branch.cond}) ? ${e.branch.target} : ${c.nextPc};\n`;
      else if (e.jump !== undefined) tail = `npc = ${e.jump};\n`;
      else if (!e.serial) tail = `npc = ${c.nextPc};\n`;
    } else {
      if (e.branch) {
        // Side exit: the instructions up to this branch retired.
        const toStart = e.branch.target === start;
        loopsBack ||= toStart;
        body +=
          `if (${e.branch.cond}) { h.n += ${i + 1}; ${report ? closeRecord(f, String(e.branch.target)) : ''}` +
          `${toStart ? LOOP_AGAIN : ''}return ${e.branch.target}; }\n`;
      }
      if (report) body += closeRecord(f, String(c.nextPc));
    }
  }
  const len = insns.length;
  let epilogue = `h.n += ${len - base};\n`;
  if (endsLoop) {
    const check = traced ? `npc = h.hwloopEnd(${last.pc}, npc);\n` : hwloopInline(last.pc);
    epilogue += trapGuard ? `if (h.traps === tb) {\n${check}}\n` : check;
  }
  if (report) epilogue += closeRecord(last, 'npc');
  const decl = `let npc = 0${trapGuard ? ', tb = 0' : ''}${temps.length ? ', ' + temps.join(', ') : ''};\n`;
  // A block that may continue at its own start loops in place while the instruction budget allows.
  if (mode !== 'step' && mode !== 'report1' && (loopsBack || mayLoop(body + tail + epilogue, start))) {
    const again = `if (h.n + ${len} <= h.limit && !m.halted) continue; `;
    return `${decl}for (;;) {\n${body.replaceAll(LOOP_AGAIN, again)}${tail}${epilogue}if (npc !== ${start} || h.n + ${len} > h.limit || m.halted) return npc;\n}`;
  }
  return `${decl}${body.replaceAll(LOOP_AGAIN, '')}${tail}${epilogue}return npc;`;
}

/** Placeholder of a side exit back to the block start: `continue` when the block loops in place. */
const LOOP_AGAIN = '/*again*/';

/** GVSoC semantics: loop 0 first; loop 1 is checked when loop 0 did not jump back. */
function hwloopInline(pc: number): string {
  return (
    `if (h.lp[2] !== 0 && h.lp[1] === ${pc} && --h.lp[2] !== 0) npc = h.lp[0];\n` +
    `else if (h.lp[5] !== 0 && h.lp[4] === ${pc} && --h.lp[5] !== 0) npc = h.lp[3];\n`
  );
}

function mayLoop(code: string, start: number): boolean {
  return code.includes(`? ${start} :`) || code.includes(`npc = ${start};`) || code.includes('h.lp[0]') || code.includes('h.lp[3]') || code.includes('h.hwloopEnd');
}

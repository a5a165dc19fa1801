import * as A from './arith.ts';
import { decodeForIss, type FetchedInsn } from './decode.ts';
import { EmitCtx } from './emit.ts';
import type { Hart } from './hart.ts';
import * as S from './lanes.ts';
import { PAGE_SHIFT } from './memory.ts';

/** Longest straight-line block compiled into one function. */
const MAX_BLOCK = 48;

/**
 * A compiled basic block: straight-line code ending at a branch, a jump, a hardware-loop end, a serial
 * instruction or MAX_BLOCK. `fn` runs it (looping in place when it branches to itself), adds the retired
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
  /** The instruction, for single-instruction (traced) blocks. */
  insn?: FetchedInsn;
  /** Successor cache: the last two distinct next pcs and their blocks. */
  pc1: number;
  b1: Block | undefined;
  pc2: number;
  b2: Block | undefined;
}

/**
 * Builds the block starting at `pc`. `traced` blocks hold exactly one instruction and record every
 * access into the hart's retirement record.
 */
export function compileBlock(h: Hart, pc: number, traced: boolean): Block {
  const insns: FetchedInsn[] = [];
  let at = pc;
  while (insns.length < (traced ? 1 : MAX_BLOCK)) {
    const f = h.fetch(at);
    if (!f) break; // fetch outside memory: ends the block (or halts, when it is the first)
    const probe = f.sem ? f.sem(new EmitCtx(f.def!, f.ops, f.pc, f.size, f.insn, traced, 0)) : { code: '', serial: true };
    if (probe.serial && insns.length > 0) break;
    insns.push(f);
    at = (at + f.size) | 0;
    if (probe.serial || probe.branch || probe.jump !== undefined) break;
    if (f.pc === h.lp[1] || f.pc === h.lp[4]) break; // a hardware-loop end closes the block
  }
  if (insns.length === 0) {
    const fn = () => {
      h.fetchFault(pc);
      return pc;
    };
    return { start: pc, len: 1, bytes: 0, fn, valid: true, pc1: 0, b1: undefined, pc2: 0, b2: undefined };
  }
  const src = generate(h, insns, traced);
  let factory: (...a: unknown[]) => () => number;
  try {
    factory = new Function(
      'x', 'h', 'm', 'A', 'S', 'L2', 'TC', 'PAGE',
      `const L2base = L2.base | 0, L2size = L2.size, L2W = L2.i32, L2H = L2.u16, L2HS = L2.i16, L2B = L2.u8, L2BS = L2.i8, L2watch = L2.watch;\n` +
        `const TCbase = TC.base | 0, TCsize = TC.size, TCW = TC.i32, TCH = TC.u16, TCHS = TC.i16, TCB = TC.u8, TCBS = TC.i8, TCwatch = TC.watch;\n` +
        `return function block_${(pc >>> 0).toString(16)}() {\n${src}\n};`,
    ) as typeof factory;
  } catch (e) {
    throw new Error(`iss: generated code for block at 0x${(pc >>> 0).toString(16)} does not compile: ${(e as Error).message}\n${src}`);
  }
  const fn = factory(h.x, h, h.mem, A, S, h.mem.l2, h.mem.tcdm, PAGE_SHIFT);
  const bytes = at - pc;
  return { start: pc, len: insns.length, bytes, fn, valid: true, insn: traced ? insns[0] : undefined, pc1: 0, b1: undefined, pc2: 0, b2: undefined };
}

function generate(h: Hart, insns: FetchedInsn[], traced: boolean): string {
  const start = insns[0].pc;
  const last = insns[insns.length - 1];
  const temps: string[] = [];
  let body = '';
  let tail = '';
  for (let i = 0; i < insns.length; i++) {
    const f = insns[i];
    if (!f.sem) {
      body += `npc = h.illegal(${f.pc}, ${f.insn}, ${f.size});\n`;
      tail = '';
      continue;
    }
    const c = new EmitCtx(f.def!, f.ops, f.pc, f.size, f.insn, traced, i, `i${i}_`);
    const e = f.sem(c);
    temps.push(...c.temps);
    body += `// 0x${(f.pc >>> 0).toString(16)} ${f.def!.id}\n${e.code}`;
    if (i === insns.length - 1) {
      if (e.branch) tail = `npc = (${e.branch.cond}) ? ${e.branch.target} : ${c.nextPc};\n`;
      else if (e.jump !== undefined) tail = `npc = ${e.jump};\n`;
      else if (!e.serial) tail = `npc = ${c.nextPc};\n`;
    }
  }
  const len = insns.length;
  let epilogue = `h.n += ${len};\n`;
  if (last.pc === h.lp[1] || last.pc === h.lp[4]) {
    epilogue += traced ? `npc = h.hwloopEnd(${last.pc}, npc);\n` : hwloopInline(last.pc);
  }
  const decl = `let npc = 0${temps.length ? ', ' + temps.join(', ') : ''};\n`;
  // A block that may continue at its own start loops in place while the instruction budget allows.
  const selfLoop = !traced && mayLoop(body + tail + epilogue, start);
  if (selfLoop) {
    return `${decl}for (;;) {\n${body}${tail}${epilogue}if (npc !== ${start} || h.n + ${len} > h.limit) return npc;\n}`;
  }
  return `${decl}${body}${tail}${epilogue}return npc;`;
}

/** GVSoC semantics: loop 0 first; loop 1 is checked when loop 0 did not jump back. */
function hwloopInline(pc: number): string {
  return (
    `if (h.lp[2] !== 0 && h.lp[1] === ${pc} && --h.lp[2] !== 0) npc = h.lp[0];\n` +
    `else if (h.lp[5] !== 0 && h.lp[4] === ${pc} && --h.lp[5] !== 0) npc = h.lp[3];\n`
  );
}

function mayLoop(code: string, start: number): boolean {
  return code.includes(`? ${start} :`) || code.includes(`npc = ${start};`) || code.includes('h.lp[0]') || code.includes('h.lp[3]');
}

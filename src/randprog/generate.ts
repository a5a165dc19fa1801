import { regName } from '../asm/index.ts';
import { ALL_INSTRUCTIONS, hasStatusBased, instructionsFor, type Config, type InstrDef } from '../isa/index.ts';
import { Rng } from '../isa/random.ts';
import { emitBranch, emitJump, emitSoftwareLoop, withLabel } from './control-ops.ts';
import { Emitter, type GenFacts } from './emitter.ts';
import { emitHardwareLoops } from './hwloop-ops.ts';
import { emitMemory } from './memory-ops.ts';
import { emitMacLoads, emitWidthMix } from './nn-ops.ts';
import { emitStatusBlock } from './status-ops.ts';
import { StatusState } from './status-state.ts';
import { pickOperands } from './operands.ts';
import { DATA_BASE_REG, DATA_BYTES, POINTERS, SP, WRITABLE } from './roles.ts';
import { emitCsr, emitTrap, trapHandler } from './system-ops.ts';

export interface GenOptions {
  config: Config;
  seed: number;
  /** Random items (an instruction with its setup, a branch, a loop nest, ...). */
  length: number;
  /** Table ids not to emit (e.g. instructions an RTL under test does not implement yet). */
  exclude?: readonly string[];
  /**
   * Runs of the random body (default 1). Each run starts from the registers the previous one left, so
   * data-dependent paths differ; every address, target and count is set up inside the body, so any
   * register state is legal. The count lives in memory outside the data region.
   */
  repeat?: number;
}

export interface GeneratedProgram {
  source: string;
  facts: GenFacts;
}

/**
 * Instructions the generator never emits, with why (the coverage report and tests list them).
 * `mret` runs only in the handler, where it is produced anyway; `wfi` is emitted (a no-op without interrupts).
 */
export const NOT_GENERATED: Record<string, string> = {
  'p.elw': 'event-unit load: needs the cluster event unit (the golden model does not map it; a lone core would sleep)',
};

type Kind = 'compute' | 'memory' | 'branch' | 'jump' | 'csr' | 'trap' | 'hwloop' | 'macload' | 'qnt' | 'handler-only' | 'never';

/** What block an instruction of the table is produced by, from its semantic class (so new rows need no edits). */
export function kindOf(def: InstrDef): Kind {
  if (def.id in NOT_GENERATED) return 'never';
  if (def.id === 'mret') return 'handler-only';
  switch (def.sem) {
    case 'load': case 'load.postinc': case 'load.rr': case 'load.rr.postinc':
    case 'store': case 'store.postinc': case 'store.rr': case 'store.rr.postinc':
      return 'memory';
    case 'load.event': return 'never';
    case 'branch': case 'branch.imm': return 'branch';
    case 'jal': case 'jalr': return 'jump';
    case 'csr': case 'csr.imm': return 'csr';
    case 'system': return 'trap';
    case 'hwloop': return 'hwloop';
    case 'mac.load': return 'macload';
    case 'simd.qnt': return 'qnt';
    default: return 'compute';
  }
}

export function generateProgram(opts: GenOptions): GeneratedProgram {
  const skip = new Set(opts.exclude ?? []);
  const rng = new Rng((opts.seed * 0x9e3779b1) ^ 0x5bd1e995);
  const e = new Emitter(opts.config, [...skip]);
  // The status-based state the generator keeps track of (flexv); undefined in the other configurations.
  const st = hasStatusBased(opts.config) ? new StatusState() : undefined;
  const defs = instructionsFor(opts.config).filter((d) => !skip.has(d.id));
  const byKind = (k: Kind) => defs.filter((d) => kindOf(d) === k);
  const compute = byKind('compute');
  const loads = byKind('memory').filter((d) => d.sem.startsWith('load') && d.writesRd);
  const compressedCompute = compute.filter((d) => d.size === 2);
  const chosen = defs.filter((d) => !['never', 'handler-only', 'hwloop'].includes(kindOf(d)));

  const straight = (def: InstrDef = rng.pick(rng.int(0, 3) ? compute : byKind('memory'))): void => {
    if (kindOf(def) === 'memory') emitMemory(e, rng, def);
    else {
      e.instr(def, pickOperands(def, rng, e.lastWritten));
      // c.addi16sp moves sp: put it back on the data base.
      if (def.expand?.operands.rd === SP) e.raw(`mv sp, ${regName(DATA_BASE_REG)}`);
    }
  };
  const controls = defs.filter((d) => kindOf(d) === 'branch' || d.sem === 'jal');
  // The last instruction of a loop body: mostly compute (compressed half of the time), sometimes a memory
  // access (not in lp.setupi bodies: its setup may not fit the 62-byte reach), a forward branch / jump
  // to the next instruction, which the loop end overrides while the loop goes on, or a trap.
  const lastOfBody = (label: string, short: boolean): void => {
    const r = rng.int(0, 9);
    if (r === 0 && !short) {
      emitMemory(e, rng, rng.pick(byKind('memory')), label);
      return;
    }
    if (r === 2) {
      // A trap ends no loop: the handler returns past it with the count untouched (the nest is left).
      e.place(label);
      emitTrap(e, rng);
      return;
    }
    if (r === 1) {
      const after = e.label('lpx');
      const def = rng.pick(controls);
      e.place(label);
      e.raw(withLabel(def, pickOperands(def, rng, e.lastWritten), after));
      e.place(after);
      return;
    }
    const def = rng.int(0, 1) ? rng.pick(compressedCompute.filter((d) => d.expand?.operands.rd !== SP)) : rng.pick(compute.filter((d) => d.size === 4));
    e.instr(def, pickOperands(def, rng, e.lastWritten), label);
  };

  e.raw('.section .text.init', '.globl _start');
  e.place('_start');
  e.raw('la t0, trap_handler', 'csrw mtvec, t0', `la ${regName(DATA_BASE_REG)}, data`, `mv sp, ${regName(DATA_BASE_REG)}`);
  for (const r of WRITABLE) if (r !== 0) e.set(r, rng.next() | 0);
  const repeat = opts.repeat ?? 1;
  if (repeat > 1) {
    e.place('.Lbody');
    // A later run starts in whatever status-based state the last one left.
    st?.forget();
  }

  for (let i = 0; i < opts.length; i++) {
    const r = rng.int(0, 99);
    if (r < 4) emitHardwareLoops(e, rng, () => straight(), () => straight(rng.pick(compute)), lastOfBody);
    else if (r < 6) emitSoftwareLoop(e, rng, () => straight());
    else if (r < 9) emitTrap(e, rng);
    else if (r < 14 && st) emitStatusBlock(e, rng, st);
    else if (r < 16 && opts.config !== 'baseline') emitWidthMix(e, rng, st);
    else {
      const def = rng.pick(chosen);
      switch (kindOf(def)) {
        case 'memory': emitMemory(e, rng, def); break;
        case 'branch': emitBranch(e, rng, def, () => straight(), () => emitMemory(e, rng, rng.pick(loads))); break;
        case 'jump': emitJump(e, rng, def, () => straight()); break;
        case 'csr': emitCsr(e, rng, def); break;
        case 'trap': emitTrap(e, rng, def); break;
        case 'macload': emitMacLoads(e, rng, def, st); break;
        case 'qnt': {
          // pv.qnt.n reads its threshold tree at rs2.
          const p = rng.pick(POINTERS);
          e.pointer(p, rng.int(0, (DATA_BYTES - 128) >> 2) << 2);
          e.instr(def, pickOperands(def, rng, e.lastWritten, { rs2: p }));
          break;
        }
        default: straight(def);
      }
    }
  }

  if (repeat > 1) e.raw('la t0, runs_left', 'lw t1, 0(t0)', 'addi t1, t1, -1', 'sw t1, 0(t0)', 'bnez t1, .Lbody');
  e.raw('li t0, 1', 'la t1, tohost', 'sw t0, 0(t1)');
  e.place('.Lspin');
  e.raw('j .Lspin');
  e.raw(...trapHandler('trap_handler'));
  e.raw('.data', '.align 8');
  e.place('data');
  for (let i = 0; i < DATA_BYTES / 4; i++) e.raw(`.word 0x${rng.next().toString(16)}`);
  if (repeat > 1) {
    e.place('runs_left');
    e.raw(`.word ${repeat}`);
  }
  e.raw('.section .tohost, "aw"', '.align 2', '.globl tohost');
  e.place('tohost');
  e.raw('.word 0');
  const repeatOpt = repeat > 1 ? ` --repeat ${repeat}` : '';
  return { source: `# flexv randprog --config ${opts.config} --seed ${opts.seed} --length ${opts.length}${repeatOpt}\n${e.lines.join('\n')}\n`, facts: e.facts };
}

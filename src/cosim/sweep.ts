import { decodeWord, encode, expandCompressed, instructionById, operandRange, type Config, type InstrDef, type OperandValues } from '../isa/index.ts';
import { Rng } from '../randprog/rng.ts';
import { TOHOST_PASS, TOHOST_SECTION } from './programs.ts';

/** Registers the sweep keeps for itself: the jump helper and the data pointer. */
const JUMP_REG = 30;
const DATA_SPAN = 4096;

export interface SweepOptions {
  config: Config;
  /** Table ids to execute (32-bit and compressed). */
  ids: readonly string[];
  seed: number;
  /** Encodings per instruction. */
  perInstruction: number;
  /** Random words illegal in `config`, each 32-bit and 16-bit. */
  illegal: number;
}

/**
 * The decoder sweep: a program that executes every listed table entry with random operands (encoded by the
 * ISA table's encoder and placed as raw words, so the assembler chooses nothing), then words that are illegal
 * in the configuration. A trap handler skips trapping instructions. Run in lockstep it shows that every entry
 * decodes as the table says and that every illegal word traps with its bits in mtval.
 *
 * Operands are random except where the program must stay on its rails: memory bases point into the data
 * area, branch and jump targets are the next instruction, jalr bases hold the return point, rd avoids the
 * reserved registers, hardware-loop counts are 0. mret is left out (it would return to the last trap).
 */
export function decoderSweep(opts: SweepOptions): string {
  const rng = new Rng(opts.seed);
  const out = [
    `# flexv decoder sweep, ${opts.config}, seed ${opts.seed}`,
    '  .section .text.init', '  .globl _start', '_start:',
    '  la t0, trap_handler', '  csrw mtvec, t0',
  ];
  let label = 0;
  for (const id of opts.ids) {
    const def = instructionById(id);
    if (!def || id === 'mret' || id === 'c.mret') continue;
    for (let k = 0; k < opts.perInstruction; k++) {
      const picked = pickOperands(def, rng, opts.config);
      if (!picked) continue;
      const [values, word] = picked;
      const exp = def.size === 2 ? expandCompressed({ def, operands: values }) : { def, operands: values };
      const base = exp.def;
      const ops = exp.operands;
      out.push(`# ${id}`);
      // Random source values (edge cases often), except where an address or offset goes.
      const fixed = new Set<number>([0]);
      if (isMemory(base.sem) || base.sem === 'jalr') fixed.add(ops.rs1!);
      const off = offsetRegister(base);
      if (off !== undefined) fixed.add(ops[off]!);
      for (const role of base.reads) {
        const r = ops[role === 'rd' ? 'rd' : role];
        if (r === undefined || fixed.has(r)) continue;
        fixed.add(r);
        // Hardware loops stay inactive (count 0): a random loop would send the program anywhere.
        out.push(`  li x${r}, ${base.sem === 'hwloop' ? 0 : rng.interesting()}`);
      }
      if (isMemory(base.sem)) {
        out.push(`  la x${ops.rs1}, data + ${DATA_SPAN / 2}`);
        if (off !== undefined && ops[off]) out.push(`  li x${ops[off]}, ${rng.int(-64, 64)}`);
      }
      const l = `s${label++}`;
      if (base.sem === 'jalr') out.push(`  la x${ops.rs1}, ${l}`, `  addi x${ops.rs1}, x${ops.rs1}, ${-ops.imm!}`);
      out.push(def.size === 2 ? `  .2byte 0x${word.toString(16)}` : `  .word 0x${word.toString(16)}`, `${l}:`);
    }
  }
  out.push('# illegal encodings');
  for (let k = 0; k < opts.illegal; k++) {
    out.push(`  .word 0x${randomIllegal(rng, opts.config, 4).toString(16)}`);
    out.push(`  .2byte 0x${randomIllegal(rng, opts.config, 2).toString(16)}`);
  }
  out.push(...TOHOST_PASS);
  out.push(
    '  .align 2',
    'trap_handler:',
    '  csrr t5, mepc',
    '  lhu t6, 0(t5)',
    '  andi t6, t6, 3',
    '  addi t5, t5, 2',
    '  addi t6, t6, -3',
    '  bnez t6, 1f',
    '  addi t5, t5, 2',
    '1: csrw mepc, t5',
    '  mret',
    '  .data', '  .align 4', 'data:', `  .space ${DATA_SPAN + 64}`,
    ...TOHOST_SECTION,
  );
  return out.join('\n') + '\n';
}

/** Random operand values the program survives, and the encoded word; undefined after too many tries. */
function pickOperands(def: InstrDef, rng: Rng, config: Config): [OperandValues, number] | undefined {
  for (let attempt = 0; attempt < 200; attempt++) {
    const v: OperandValues = {};
    for (const op of def.operands) {
      const { min, max, align } = operandRange(op);
      v[op.name] = min + align * rng.int(0, (max - min) / align);
    }
    const exp = def.size === 2 ? expandCompressed({ def, operands: v }) : { def, operands: v };
    const b = exp.operands;
    const sem = exp.def.sem;
    if (exp.def.writesRd && (b.rd === JUMP_REG || b.rd === 31)) continue;
    if ((isMemory(sem) || sem === 'jalr') && (b.rs1 === 0 || b.rs1 === JUMP_REG || b.rs1 === 31)) continue;
    if (isMemory(sem) && b.imm !== undefined && Math.abs(b.imm) > DATA_SPAN / 2 - 8) continue;
    const off = offsetRegister(exp.def);
    if (off !== undefined && b[off] === b.rs1) continue;
    // a Mac&Load that loads writes both rd and rs1: keep them apart (its ordering is not what is swept)
    if (sem.endsWith('mac.load') && b.rd === b.rs1) continue;
    if (sem === 'csr' || sem === 'csr.imm') {
      // Keep the trap vector; any other CSR (or none) is fair game.
      if (b.csr === 0x305) continue;
    }
    if ('target' in v) v.target = def.size; // branches and jumps land on the next instruction
    if (def.sem === 'hwloop' && 'uimm' in v) v.uimm = 0;
    let word: number;
    try {
      word = encode(def, v);
    } catch {
      continue;
    }
    const back = decodeWord(config, word);
    if (!back || back.def.id !== def.id) continue; // an alias or a more specific entry took it
    return [v, word];
  }
  return undefined;
}

/** Instructions whose rs1 is an address: loads, stores and Mac&Load (which may load through rs1). */
function isMemory(sem: string): boolean {
  return sem.startsWith('load') || sem.startsWith('store') || sem.endsWith('mac.load');
}

/** The register holding the address offset of a register-offset access (set to a small value first). */
function offsetRegister(def: InstrDef): string | undefined {
  if (!def.sem.includes('.rr')) return undefined;
  return def.sem.startsWith('load') ? 'rs2' : 'rs3';
}

function randomIllegal(rng: Rng, config: Config, size: 2 | 4): number {
  for (;;) {
    const w = size === 4 ? (rng.u32() | 3) >>> 0 : rng.u32() & 0xffff;
    if (size === 2 && (w & 3) === 3) continue;
    if (!decodeWord(config, w)) return w;
  }
}

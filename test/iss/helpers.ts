import { encode, instructionById, type Config, type OperandValues } from '../../src/isa/index.ts';
import { Hart } from '../../src/iss/hart.ts';
import { Memory } from '../../src/iss/memory.ts';
import { L2_BASE } from '../../src/platform/memory-map.ts';
import { copyRetirement, type Retirement } from '../../src/iss/retire.ts';

/** Test machine: one hart on a fresh memory map, pc at the start of L2. */
export function machine(config: Config = 'flexv'): { mem: Memory; hart: Hart } {
  const mem = new Memory({ l2: 1 << 20 });
  const hart = new Hart({ config, mem });
  hart.pc = L2_BASE | 0;
  return { mem, hart };
}

/** An instruction word (or half-word) from the ISA table's encoder. */
export function enc(id: string, ops: OperandValues = {}): { word: number; size: 2 | 4 } {
  const def = instructionById(id);
  if (!def) throw new Error(`no instruction ${id}`);
  return { word: encode(def, ops), size: def.size };
}

export type Asm = Array<[string, OperandValues?] | number>;

/**
 * Writes a program at `at` (default: L2 base): `[id, operands]` items are encoded with the table, plain
 * numbers are raw 32-bit words. Returns the address of each item.
 */
export function put(mem: Memory, prog: Asm, at = L2_BASE | 0): number[] {
  const addrs: number[] = [];
  let pc = at;
  for (const item of prog) {
    addrs.push(pc);
    if (typeof item === 'number') {
      mem.write(pc, 4, item);
      pc += 4;
      continue;
    }
    const { word, size } = enc(item[0], item[1] ?? {});
    mem.write(pc, size, word);
    pc += size;
  }
  return addrs;
}

/** Runs until halt or `max` instructions and returns every retirement record. */
export function trace(hart: Hart, max = 10_000): Retirement[] {
  const out: Retirement[] = [];
  hart.run(max, (r) => out.push(copyRetirement(r)));
  return out;
}

import type { Config } from '../isa/index.ts';
import type { ElfImage } from '../elf/read.ts';
import { Hart } from './hart.ts';
import { loadElf } from './loader.ts';
import { Memory } from './memory.ts';
import type { MemorySizes } from './memory-map.ts';
import type { RetireCallback } from './retire.ts';

/**
 * N harts sharing one memory map (TCDM, peripherals, L2), run round-robin in quanta of instructions.
 * Instruction-accurate, not cycle-accurate: the interleaving is deterministic for a given quantum. The
 * event unit and DMA windows are not modelled (an access there halts with a bus error).
 */
export class Cluster {
  readonly mem: Memory;
  readonly harts: Hart[];

  constructor(config: Config, cores: number, sizes: Partial<MemorySizes> = {}) {
    if (!Number.isInteger(cores) || cores < 1) throw new RangeError(`core count must be a positive integer, got ${cores}`);
    this.mem = new Memory(sizes);
    this.mem.coreCount = cores;
    this.harts = Array.from({ length: cores }, (_, i) => new Hart({ config, mem: this.mem, hartId: i }));
    this.mem.cycles = () => this.harts[0].n;
  }

  /** Loads the program; every hart starts at its entry point (software reads mhartid to split work). */
  load(image: ElfImage, fileName = '<elf>'): void {
    const entry = loadElf(this.mem, image, fileName);
    for (const h of this.harts) h.pc = entry;
  }

  /**
   * Runs until the simulation halts or every hart has retired `maxInstr` instructions. Each turn gives one
   * hart `quantum` instructions; with `onRetire` the records of all harts are streamed (field `hart`).
   */
  run(maxInstr: number, quantum = 1000, onRetire?: RetireCallback): void {
    const limits = this.harts.map((h) => h.n + maxInstr);
    while (!this.mem.halted) {
      let progressed = false;
      for (let i = 0; i < this.harts.length && !this.mem.halted; i++) {
        const h = this.harts[i];
        const left = limits[i] - h.n;
        if (left <= 0) continue;
        h.run(Math.min(quantum, left), onRetire);
        progressed = true;
      }
      if (!progressed) return;
    }
  }
}

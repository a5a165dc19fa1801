/**
 * Reading a finished run back by symbol (golden model memory or the RTL harness's final L2): every layer's
 * output from its dump slot (bytes minus the zero point, packed sub-byte elements, or 32-bit accumulators), the per-layer cycle
 * counts and per-core instruction counts.
 */
import type { ElfImage } from '../elf/read.ts';
import { UserError } from '../util/errors.ts';
import type { DeviceNet } from './lower.ts';
import type { MemoryPlan } from './plan.ts';
import type { Activations } from './reference.ts';
import { unpackElement } from './packed.ts';

export interface WordReader {
  read(addr: number, size: 4): number;
}

export interface RunReadback {
  acts: Activations;
  /** hart 0's cycle counter over each layer's timed region */
  cycles: number[];
  /** [layer][core] retired instructions */
  instr: number[][];
}

export function readRun(image: ElfImage, mem: WordReader, dev: DeviceNet, plan: MemoryPlan, cores: number, maxCores: number, where: string): RunReadback {
  const sym = (name: string) => {
    const s = image.symbol(name);
    if (!s) throw new UserError(`symbol '${name}' missing`, where);
    return s.value >>> 0;
  };
  const dump = sym('dp_dump');
  const acts: Activations = new Map();
  for (const l of dev.layers) {
    const t = dev.tensors.get(l.output)!;
    const n = t.h * t.w * t.c;
    const base = dump + plan.dump.get(l.output)!;
    const out = new Float64Array(n);
    if (t.dtype === 'i32') for (let i = 0; i < n; i++) out[i] = mem.read(base + 4 * i, 4) | 0;
    else if (t.bits < 8) {
      const per = 32 / t.bits;
      for (let i = 0; i < n; i += per) {
        const w = mem.read(base + (i / per) * 4, 4) >>> 0;
        for (let j = 0; j < per && i + j < n; j++) out[i + j] = unpackElement(w, j, t.bits);
      }
    } else {
      for (let i = 0; i < n; i += 4) {
        const w = mem.read(base + i, 4) >>> 0;
        for (let j = 0; j < 4 && i + j < n; j++) out[i + j] = ((w >>> (8 * j)) & 0xff) - t.zp;
      }
    }
    acts.set(l.output, out);
  }
  const cyc = sym('dp_cycles'), ins = sym('dp_instr');
  const cycles = dev.layers.map((_, i) => mem.read(cyc + 4 * i, 4) >>> 0);
  const instr = dev.layers.map((_, i) => Array.from({ length: cores }, (_, c) => mem.read(ins + 4 * (i * maxCores + c), 4) >>> 0));
  return { acts, cycles, instr };
}

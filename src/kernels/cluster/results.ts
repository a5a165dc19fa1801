import type { ElfImage } from '../../elf/read.ts';
import { UserError } from '../../util/errors.ts';
import { unpack } from '../ref/pack.ts';
import type { ClusterLayer } from './layer.ts';

/** EOC statuses of sw/cluster/layer.h. */
export const EOC_STATUS = { ok: 1, badChecksum: 2, tooManyCores: 3 } as const;

export function describeStatus(status: number): string {
  const name = Object.entries(EOC_STATUS).find(([, v]) => v === status)?.[0];
  return name ?? `unknown status ${status}`;
}

/** Where results are read from after a run: the golden model's memory, or the RTL harness's L2. */
export interface WordReader {
  read(addr: number, size: 4): number;
}

export interface ClusterOutputs {
  /** Requantized outputs read back, [pixel][channel]. */
  out: Int32Array;
  /** Outputs that differ from the TypeScript reference (0: bit-exact). */
  wrong: number;
  /** First differing output index, or -1. */
  firstWrong: number;
  /** Instructions each core retired inside the timed region. */
  perfInstr: number[];
  /** Hart 0's cluster-cycle-counter reading of the timed region. */
  perfCycles: number;
}

/** Reads a finished run's outputs and counters by symbol and compares the outputs with the reference. */
export function readClusterOutputs(image: ElfImage, mem: WordReader, c: ClusterLayer, cores: number, where: string): ClusterOutputs {
  const addr = (name: string) => {
    const s = image.symbol(name);
    if (!s) throw new UserError(`symbol '${name}' missing`, where);
    return s.value | 0;
  };
  const l = c.layer;
  const count = l.pixels * l.n;
  const base = addr('y_result');
  const words = Array.from({ length: (count * l.outBits) / 32 }, (_, i) => mem.read(base + 4 * i, 4));
  const out = unpack(words, l.outBits, count, false);
  let wrong = 0, firstWrong = -1;
  for (let i = 0; i < count; i++) {
    if (out[i] !== l.out[i]) {
      wrong++;
      if (firstWrong < 0) firstWrong = i;
    }
  }
  const perf = addr('perf_instr');
  const perfInstr = Array.from({ length: cores }, (_, i) => mem.read(perf + 4 * i, 4) >>> 0);
  return { out, wrong, firstWrong, perfInstr, perfCycles: mem.read(addr('perf_cycles'), 4) >>> 0 };
}

/** Bytes of TCDM the ELF uses (its .l1 and .l1_bss sections), from the linker's `__l1_end`. */
export function tcdmBytesUsed(image: ElfImage, tcdmBase: number): number {
  const end = image.symbol('__l1_end');
  return end ? ((end.value >>> 0) - tcdmBase) : 0;
}

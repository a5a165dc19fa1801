import { DMA_REG, EU_REG, PERIPH, PERIPH_BASE, TCDM_BASE } from '../../platform/memory-map.ts';

/** A directed cluster program: SPMD assembly for every core, ending with EOC 0 from hart 0. */
export interface ClusterDirectedProgram {
  name: string;
  source: string;
}

const hex = (v: number) => `0x${(v >>> 0).toString(16)}`;
const dma = (r: keyof typeof DMA_REG) => PERIPH.dma + DMA_REG[r];
const eu = (r: keyof typeof EU_REG) => PERIPH.eventUnit + EU_REG[r];
/** Register patterns the readbacks write: all ones, all zeros, the two checkerboards, a walking pattern. */
const PATTERNS = [0xffffffff, 0, 0xaaaaaaaa, 0x55555555, 0x12345678] as const;

/** Every hart waits at the barrier, then hart 0 ends the run with EOC 0 and the others sleep for good. */
function finish(): string[] {
  return [
    `  lw t0, ${eu('barrierWait')}(s0)`,
    '  csrr t0, mhartid',
    '  bnez t0, 9f',
    `  sw zero, ${PERIPH.eoc}(s0)`,
    `9: sw zero, ${eu('mask')}(s0)`,
    `  lw t0, ${eu('waitClear')}(s0)`,
    '  j 9b',
  ];
}

/**
 * The readable registers of the DMA and the event unit written with each pattern and read back by every hart
 * in turn (hart h after h software-event rounds): a register bit stuck, a dropped enable or a decode
 * constant off by one shows in the value lockstep compares, with no program logic depending on it. The
 * peripheral registers that read the core id, the core count and the cycle counter are read by every hart.
 */
function registerReadback(cores: number): ClusterDirectedProgram {
  const rw = (['src', 'dst', 'len', 'srcStride', 'dstStride', 'rows'] as const).map(dma);
  const lines = ['.globl _start', '_start:', `  li s0, ${hex(PERIPH_BASE)}`, '  csrr s1, mhartid'];
  lines.push(`  lw a0, ${PERIPH.coreCount}(s0)`, `  lw a1, ${PERIPH.coreId}(s0)`, `  lw a2, ${PERIPH.cycles}(s0)`, `  lw a3, ${PERIPH.eoc}(s0)`);
  // hart h takes its turn after h barriers: one hart at a time programs the DMA registers
  for (let h = 0; h < cores; h++) {
    lines.push(`  li t0, ${h}`, `  bne s1, t0, 1f`);
    for (const p of PATTERNS) {
      const v = (p ^ (h * 0x01010101)) >>> 0;
      lines.push(`  li t1, ${hex(v)}`);
      for (const off of rw) lines.push(`  sw t1, ${off}(s0)`);
      for (const off of rw) lines.push(`  lw t2, ${off}(s0)`);
      lines.push(`  sw t1, ${eu('mask')}(s0)`, `  lw t2, ${eu('mask')}(s0)`, `  lw t2, ${eu('buffer')}(s0)`);
    }
    lines.push(`  lw t2, ${dma('status')}(s0)`, `  lw t2, ${dma('doneCount')}(s0)`);
    lines.push(`  sw zero, ${eu('mask')}(s0)`, `1: lw t0, ${eu('barrierWait')}(s0)`);
  }
  lines.push(`  lw t2, ${eu('barrierMask')}(s0)`);
  lines.push(...finish());
  return { name: 'register-readback', source: lines.join('\n') + '\n' };
}

export function clusterDirectedPrograms(cores: number): ClusterDirectedProgram[] {
  void TCDM_BASE;
  return [registerReadback(cores)];
}

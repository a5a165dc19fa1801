import { DMA_REG, EU_REG, EVENT, PERIPH, PERIPH_BASE, TCDM_BASE } from '../../platform/memory-map.ts';

/** A directed cluster program: SPMD assembly for every core, ending with EOC 0 from hart 0. */
export interface ClusterDirectedProgram {
  name: string;
  source: string;
  /** it moves data through the L2 port: run it with a slow L2 too */
  usesL2: boolean;
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
  // the write-only registers read (0), and stored to with a zero value (no event, no clear)
  for (const r of ['bufferClear', 'swTrigger'] as const) lines.push(`  lw t2, ${eu(r)}(s0)`, `  sw zero, ${eu(r)}(s0)`, `  lw t2, ${eu('buffer')}(s0)`);
  lines.push(...finish());
  return { name: 'register-readback', source: lines.join('\n') + '\n', usesL2: false };
}

/** The DMA registers hart 0 reads back after each transfer (what it wrote, status, completed count). */
const DMA_READBACK = (['src', 'dst', 'len', 'srcStride', 'dstStride', 'rows', 'status', 'doneCount'] as const).map((r) => `  lw t2, ${dma(r)}(s0)`);

interface Transfer {
  src: string;
  dst: string;
  len: number;
  rows?: number;
  srcStride?: number;
  dstStride?: number;
  /** how hart 0 waits: STATUS busy bit, DONE_COUNT moving on from its value before the start, or asleep on the DMA event */
  wait: 'status' | 'count' | 'event' | 'none';
}

function transfer(t: Transfer): string[] {
  const out = [`  la t1, ${t.src}`, `  sw t1, ${dma('src')}(s0)`, `  la t1, ${t.dst}`, `  sw t1, ${dma('dst')}(s0)`, `  li t1, ${hex(t.len)}`, `  sw t1, ${dma('len')}(s0)`,
    `  li t1, ${hex(t.rows ?? 1)}`, `  sw t1, ${dma('rows')}(s0)`, `  li t1, ${hex(t.srcStride ?? 0)}`, `  sw t1, ${dma('srcStride')}(s0)`, `  li t1, ${hex(t.dstStride ?? 0)}`, `  sw t1, ${dma('dstStride')}(s0)`];
  if (t.wait === 'event') out.push(`  li t1, ${hex(1 << EVENT.dma)}`, `  sw t1, ${eu('bufferClear')}(s0)`, `  sw t1, ${eu('mask')}(s0)`);
  out.push(`  lw t3, ${dma('doneCount')}(s0)`, `  sw zero, ${dma('start')}(s0)`);
  if (t.wait === 'status') out.push(`1: lw t1, ${dma('status')}(s0)`, '  andi t1, t1, 1', '  bnez t1, 1b');
  if (t.wait === 'count') out.push(`1: lw t1, ${dma('doneCount')}(s0)`, '  beq t1, t3, 1b');
  if (t.wait === 'event') out.push(`  lw t1, ${eu('waitClear')}(s0)`, `  sw zero, ${eu('mask')}(s0)`);
  out.push(...DMA_READBACK);
  return out;
}

/**
 * Hart 0 drives the DMA through its shapes: 1D and 2D in both directions with source and destination
 * strides, a long transfer (the read-ahead FIFO and the L2 port's queue fill, more so with a slow L2), a
 * start while busy and starts with both sides in the TCDM or both outside (refused), junk in the ignored
 * bits of LEN and ROWS, a transfer of 0 rows, each waited for by STATUS, DONE_COUNT or the DMA event, every
 * register read back after it. Meanwhile the other harts store bytes, halves and words at every lane into
 * their own rows of the banks the DMA writes and load them back (interconnect priority against the DMA, the
 * banks' byte enables). Nothing loads a DMA destination: the completion check compares each one.
 */
function dmaShapes(): ClusterDirectedProgram {
  const transfers: Transfer[] = [
    { src: 'l2src', dst: 'tcdm_a', len: 64, wait: 'status' },
    { src: 'tcdm_a', dst: 'l2out', len: 8, rows: 5, srcStride: 12, dstStride: 20, wait: 'count' },
    { src: 'l2src', dst: 'tcdm_b', len: 12, rows: 3, srcStride: 20, dstStride: 0x44, wait: 'event' },
    { src: 'l2src', dst: 'tcdm_c', len: 0x400, wait: 'none' },
    // started while the long one runs: refused
    { src: 'l2src', dst: 'tcdm_a', len: 4, wait: 'status' },
    { src: 'tcdm_a', dst: 'tcdm_b', len: 16, wait: 'status' },
    { src: 'l2src', dst: 'l2out', len: 16, wait: 'status' },
    // LEN bits [1:0] and [31:18], ROWS bits [31:16] ignored: 16 bytes, 2 rows
    { src: 'tcdm_b', dst: 'l2out2', len: 0xfffc0013, rows: 0xffff0002, srcStride: 0x40, dstStride: 0x10, wait: 'status' },
    { src: 'l2src', dst: 'tcdm_d', len: 32, rows: 0, wait: 'status' },
    { src: 'tcdm_c', dst: 'l2out3', len: 0x200, rows: 2, srcStride: 0x200, dstStride: 0x204, wait: 'count' },
  ];
  const lines = ['.globl _start', '_start:', `  li s0, ${hex(PERIPH_BASE)}`, '  csrr s1, mhartid', `  lw t0, ${eu('barrierWait')}(s0)`, '  bnez s1, 5f'];
  for (const t of transfers) lines.push(...transfer(t));
  lines.push(`1: lw t1, ${dma('status')}(s0)`, '  andi t1, t1, 1', '  bnez t1, 1b', ...DMA_READBACK, '  j 8f');
  // harts 1..: 4 passes over 16 words of their own row in the DMA's banks, every lane
  lines.push('5: la a0, tcdm_rows', '  slli t0, s1, 6', '  add a0, a0, t0', '  li a5, 4');
  lines.push('6: mv a1, a0', '  li a2, 16');
  lines.push('7: sb a5, 0(a1)', '  sb s1, 1(a1)', '  sh a2, 2(a1)', '  lbu t0, 1(a1)', '  lb t1, 0(a1)', '  lhu t2, 2(a1)', '  lh t0, 0(a1)',
    '  sw a1, 0(a1)', '  lw t1, 0(a1)', '  sh a5, 0(a1)', '  sb a2, 3(a1)', '  lw t2, 0(a1)', '  addi a1, a1, 4', '  addi a2, a2, -1', '  bnez a2, 7b');
  lines.push('  addi a5, a5, -1', '  bnez a5, 6b');
  lines.push('8:', ...finish());
  lines.push('.data', '.align 4', 'l2src:', ...Array.from({ length: 0x400 / 4 }, (_, i) => `  .word ${hex(Math.imul(i + 1, 0x9e3779b1))}`));
  lines.push('l2out:', '  .zero 128', 'l2out2:', '  .zero 64', 'l2out3:', '  .zero 2048');
  const tcdm = (name: string, off: number) => `.equ ${name}, ${hex(TCDM_BASE + off)}`;
  lines.push(tcdm('tcdm_a', 0x1000), tcdm('tcdm_b', 0x1400), tcdm('tcdm_c', 0x2000), tcdm('tcdm_d', 0x2800), tcdm('tcdm_rows', 0x3000));
  return { name: 'dma-shapes', source: lines.join('\n') + '\n', usesL2: true };
}

/**
 * Event-unit traffic beyond the random programs': hart 0 raises the software event in each other core
 * alone (each sleeps on it, by WAIT or WAIT_CLEAR), then in all cores at once; after a barrier every hart
 * WAITs on the pending event (answered at once), reads its pending events, clears them bit by bit and
 * reads again; barriers by trigger + sleep on the barrier event; every hart's mask written with patterns
 * and read back.
 */
function eventUnit(cores: number): ClusterDirectedProgram {
  const sw = 1 << EVENT.sw, bar = 1 << EVENT.barrier;
  const lines = ['.globl _start', '_start:', `  li s0, ${hex(PERIPH_BASE)}`, '  csrr s1, mhartid', `  lw t0, ${eu('barrierWait')}(s0)`];
  lines.push('  bnez s1, 2f');
  for (let t = 1; t < cores; t++) lines.push(`  li t1, ${hex(1 << t)}`, `  sw t1, ${eu('swTrigger')}(s0)`);
  lines.push('  j 3f');
  // odd harts sleep on WAIT (the event stays pending: read, then cleared), even ones on WAIT_CLEAR
  lines.push(`2: li t1, ${sw}`, `  sw t1, ${eu('mask')}(s0)`, '  andi t0, s1, 1', '  beqz t0, 6f', `  lw t2, ${eu('wait')}(s0)`, `  lw t2, ${eu('buffer')}(s0)`, `  sw t1, ${eu('bufferClear')}(s0)`, '  j 7f',
    `6: lw t2, ${eu('waitClear')}(s0)`, `7: sw zero, ${eu('mask')}(s0)`);
  lines.push(`3: lw t0, ${eu('barrierWait')}(s0)`);
  lines.push('  bnez s1, 4f', `  li t1, ${hex((1 << cores) - 1)}`, `  sw t1, ${eu('swTrigger')}(s0)`);
  lines.push(`4: lw t0, ${eu('barrierWait')}(s0)`);
  // the software event is pending in every core: WAIT on it answers at once with it, and leaves it pending
  lines.push(`  li t1, ${sw}`, `  sw t1, ${eu('mask')}(s0)`, `  lw t2, ${eu('wait')}(s0)`, `  sw zero, ${eu('mask')}(s0)`);
  lines.push(`  lw t2, ${eu('buffer')}(s0)`, `  li t1, ${hex(bar)}`, `  sw t1, ${eu('bufferClear')}(s0)`, `  lw t2, ${eu('buffer')}(s0)`, `  li t1, ${hex(sw)}`, `  sw t1, ${eu('bufferClear')}(s0)`, `  lw t2, ${eu('buffer')}(s0)`);
  for (let k = 0; k < 2; k++) {
    lines.push(`  sw zero, ${eu('barrierTrigger')}(s0)`, `  li t1, ${bar}`, `  sw t1, ${eu('mask')}(s0)`, `  lw t2, ${eu('waitClear')}(s0)`, `  lw t2, ${eu('buffer')}(s0)`);
  }
  for (const p of PATTERNS) lines.push(`  li t1, ${hex(p)}`, `  sw t1, ${eu('mask')}(s0)`, `  lw t2, ${eu('mask')}(s0)`);
  lines.push(`  sw zero, ${eu('mask')}(s0)`, `  lw t2, ${eu('barrierMask')}(s0)`, `  lw t2, ${PERIPH.coreCount}(s0)`);
  lines.push(...finish());
  return { name: 'event-unit', source: lines.join('\n') + '\n', usesL2: false };
}

/**
 * Every hart at once on the shared L2 port: each stores words, halves and bytes at every lane into its own
 * L2 row and loads them back, in rounds that start together after a barrier, while hart 0 also has the DMA
 * move a block no hart writes from L2 to the TCDM: the L2 port's arbiter and its response routing see every master,
 * the DMA's included, with distinct addresses, data and byte enables.
 */
function l2Traffic(cores: number): ClusterDirectedProgram {
  const lines = ['.globl _start', '_start:', `  li s0, ${hex(PERIPH_BASE)}`, '  csrr s1, mhartid', '  la a0, l2rows', '  slli t0, s1, 7', '  add a0, a0, t0'];
  lines.push('  bnez s1, 1f', ...transfer({ src: 'l2const', dst: 'tcdm_l2copy', len: 4 * 32 * cores, wait: 'none' }), '1:');
  lines.push('  li a5, 3');
  lines.push(`2: lw t0, ${eu('barrierWait')}(s0)`, '  mv a1, a0', '  li a2, 8');
  lines.push('3: sw a1, 0(a1)', '  sb s1, 1(a1)', '  sh a5, 2(a1)', '  lw t1, 0(a1)', '  lbu t2, 3(a1)', '  lh t1, 2(a1)', '  sb a2, 0(a1)', '  sb a2, 3(a1)', '  lw t2, 0(a1)', '  lb t1, 1(a1)', '  lhu t2, 0(a1)',
    '  addi a1, a1, 4', '  addi a2, a2, -1', '  bnez a2, 3b', '  addi a5, a5, -1', '  bnez a5, 2b');
  lines.push('  bnez s1, 8f', `4: lw t1, ${dma('status')}(s0)`, '  andi t1, t1, 1', '  bnez t1, 4b', '8:', ...finish());
  lines.push('.data', '.align 4', 'l2rows:', '  .zero ' + 128 * cores, 'l2const:', ...Array.from({ length: 32 * cores }, (_, i) => `  .word ${hex(Math.imul(i + 7, 0x2545f491))}`));
  lines.push(`.equ tcdm_l2copy, ${hex(TCDM_BASE + 0x6000)}`);
  return { name: 'l2-traffic', source: lines.join('\n') + '\n', usesL2: true };
}

/** Loop iterations of the bank hammer: each hart makes 2 x this many accesses to one bank. */
export const HAMMER_ITERATIONS = 1 << 13;

/**
 * Every hart loads and stores its own word of one TCDM bank (1 KiB apart: the same bank for any bank
 * count) for HAMMER_ITERATIONS rounds: long enough that the interconnect's per-master access, conflict and
 * stall counters and the peripheral cycle counter carry into their bits 13 to 17, where the short programs
 * leave them 0; the cycle counter is read before and after by every hart.
 */
function bankHammer(): ClusterDirectedProgram {
  const lines = ['.globl _start', '_start:', `  li s0, ${hex(PERIPH_BASE)}`, '  csrr s1, mhartid', `  li a0, ${hex(TCDM_BASE + 0x10000)}`, '  slli t0, s1, 10', '  add a0, a0, t0'];
  lines.push(`  lw t0, ${eu('barrierWait')}(s0)`, `  lw a3, ${PERIPH.cycles}(s0)`, `  li a2, ${HAMMER_ITERATIONS}`);
  lines.push('1: lw t1, 0(a0)', '  add t1, t1, a2', '  sw t1, 0(a0)', '  addi a2, a2, -1', '  bnez a2, 1b');
  lines.push(`  lw a4, ${PERIPH.cycles}(s0)`, '  lw t1, 0(a0)', ...finish());
  return { name: 'bank-hammer', source: lines.join('\n') + '\n', usesL2: false };
}

export function clusterDirectedPrograms(cores: number): ClusterDirectedProgram[] {
  return [registerReadback(cores), dmaShapes(), eventUnit(cores), l2Traffic(cores), bankHammer()];
}

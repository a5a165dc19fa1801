import { assemble, toElf } from '../../src/asm/index.ts';
import { readElf, type ElfImage } from '../../src/elf/read.ts';
import { Cluster, type ClusterOptions } from '../../src/iss/cluster.ts';

/**
 * SPMD test programs for the golden cluster (and, through synthetic streams, the cluster lockstep). Each
 * ends with core 0 writing the end-of-computation register: 0 on success, else an error code; the other
 * cores park on EVT_WAIT with an empty mask (they never wake, as on the RTL).
 */

const PROLOGUE = `
.equ P, 0x10200000
.equ EU, 0x10200100
.equ DMA, 0x10200400
.equ TC, 0x10000000
.globl _start
_start:
  li s0, P
  li s1, EU
  li s2, DMA
  li s3, TC
  csrr s4, mhartid
  lw s5, 0(s0)
  lw t0, 0x0c(s0)
  bne t0, s4, fail
`;

const EPILOGUE = `
park:
  sw zero, 0(s1)
  lw t0, 0x0c(s1)
  j park
fail:
  li t0, 0xbad
  sw t0, 8(s0)
  j fail
`;

/** Slots in the TCDM, two barriers, every core sums every slot; core 0 checks the sum (n(n+1)/2). */
export const BARRIER_SUM = `${PROLOGUE}
  slli t0, s4, 2
  add t0, t0, s3
  addi t1, s4, 1
  sw t1, 0(t0)
  lw t2, 0x20(s1)
  li t4, 0
  li t5, 0
1: slli t0, t4, 2
  add t0, t0, s3
  lw t0, 0(t0)
  add t5, t5, t0
  addi t4, t4, 1
  bne t4, s5, 1b
  slli t0, s4, 2
  add t0, t0, s3
  sw t5, 0x100(t0)
  lw t2, 0x20(s1)
  li t0, 2
  bne t2, t0, fail
  bnez s4, park
  addi t0, s5, 1
  mul t0, t0, s5
  srli t0, t0, 1
  li t4, 0
2: slli t1, t4, 2
  add t1, t1, s3
  lw t1, 0x100(t1)
  bne t1, t0, fail
  addi t4, t4, 1
  bne t4, s5, 2b
  sw zero, 8(s0)
${EPILOGUE}`;

/**
 * Barrier over a subset: core 0 sets BARRIER_MASK to the even cores and releases the others with a
 * software event; odd cores park, even cores run 3 rounds of write-slot / barrier / core 0 checks / barrier.
 */
export const SUBSET_BARRIER = `${PROLOGUE}
  li t0, 1
  sw t0, 0(s1)
  bnez s4, 1f
  li t0, 1
  sll t0, t0, s5
  addi t0, t0, -1
  li t1, 0x55555555
  and t1, t1, t0
  sw t1, 0x18(s1)
  lw t2, 0x18(s1)
  bne t2, t1, fail
  andi t0, t0, -2
  sw t0, 0x14(s1)
  j 2f
1: lw t0, 0x10(s1)
  li t1, 1
  bne t0, t1, fail
  andi t0, s4, 1
  bnez t0, park
2: li s6, 0
3: li t0, 100
  mul t0, t0, s6
  add t0, t0, s4
  slli t1, s4, 2
  add t1, t1, s3
  sw t0, 0(t1)
  lw t2, 0x20(s1)
  bnez s4, 5f
  li t4, 0
4: li t0, 100
  mul t0, t0, s6
  add t0, t0, t4
  slli t1, t4, 2
  add t1, t1, s3
  lw t1, 0(t1)
  bne t1, t0, fail
  addi t4, t4, 2
  blt t4, s5, 4b
5: lw t2, 0x20(s1)
  addi s6, s6, 1
  li t0, 3
  blt s6, t0, 3b
  bnez s4, park
  sw zero, 8(s0)
${EPILOGUE}`;

/**
 * A token passed around the ring of cores with software events (sleeping EVT_WAIT_CLEAR): each holder
 * increments a TCDM counter and wakes the next core; after 4 turns each, core 0 checks the count.
 */
export const EVENT_RING = `${PROLOGUE}
  li t0, 1
  sw t0, 0(s1)
  addi s6, s4, 1
  bne s6, s5, 1f
  li s6, 0
1: li s7, 1
  sll s7, s7, s6
  li s8, 4
  mul s8, s8, s5
  bnez s4, 2f
  sw zero, 0x200(s3)
  sw s7, 0x14(s1)
2: lw t0, 0x10(s1)
  li t1, 1
  bne t0, t1, fail
  lw t0, 0x200(s3)
  addi t0, t0, 1
  sw t0, 0x200(s3)
  bnez s4, 3f
  beq t0, s8, 4f
3: sw s7, 0x14(s1)
  j 2b
4: sw zero, 8(s0)
${EPILOGUE}`;

const SRC_WORDS = 64;
const srcData = Array.from({ length: SRC_WORDS }, (_, i) => (i * 0x01030507 + 0x11) >>> 0);

/**
 * DMA: core 0 copies 64 words L2 -> TCDM (1D, polling STATUS, checks DONE_COUNT); every core transforms its
 * share (x -> 2x + 1) between barriers; core 0 copies a 2D block back TCDM -> L2 (8 rows of 4 words, source
 * stride 32, destination stride 16) sleeping on the DMA event, checks it, then checks a refused START.
 * EOC = number of wrong words.
 */
export const DMA_ROUNDTRIP = `${PROLOGUE}
  bnez s4, 2f
  la t0, srcbuf
  sw t0, 0(s2)
  sw s3, 4(s2)
  li t0, ${SRC_WORDS * 4}
  sw t0, 8(s2)
  sw zero, 0x18(s2)
1: lw t0, 0x1c(s2)
  andi t0, t0, 1
  bnez t0, 1b
  lw t0, 0x1c(s2)
  bnez t0, fail
  lw t0, 0x20(s2)
  li t1, 1
  bne t0, t1, fail
2: lw t0, 0x20(s1)
  mv t1, s4
  li t2, ${SRC_WORDS}
3: bge t1, t2, 4f
  slli t3, t1, 2
  add t3, t3, s3
  lw t4, 0(t3)
  slli t4, t4, 1
  addi t4, t4, 1
  sw t4, 0(t3)
  add t1, t1, s5
  j 3b
4: lw t0, 0x20(s1)
  bnez s4, park
  sw s3, 0(s2)
  la t0, dstbuf
  sw t0, 4(s2)
  li t0, 16
  sw t0, 8(s2)
  li t0, 32
  sw t0, 0x0c(s2)
  li t0, 16
  sw t0, 0x10(s2)
  li t0, 8
  sw t0, 0x14(s2)
  li t0, 4
  sw t0, 0(s1)
  sw t0, 8(s1)
  sw zero, 0x18(s2)
  lw t0, 0x10(s1)
  li t1, 4
  bne t0, t1, fail
  li s6, 0
  li t1, 0
5: srli t2, t1, 2
  slli t2, t2, 3
  andi t3, t1, 3
  add t2, t2, t3
  slli t2, t2, 2
  la t3, srcbuf
  add t3, t3, t2
  lw t3, 0(t3)
  slli t3, t3, 1
  addi t3, t3, 1
  slli t2, t1, 2
  la t4, dstbuf
  add t4, t4, t2
  lw t4, 0(t4)
  beq t3, t4, 6f
  addi s6, s6, 1
6: addi t1, t1, 1
  li t2, 32
  blt t1, t2, 5b
  la t0, srcbuf
  sw t0, 0(s2)
  sw t0, 4(s2)
  sw zero, 0x18(s2)
  lw t0, 0x1c(s2)
  li t1, 2
  bne t0, t1, fail
  lw t0, 0x20(s2)
  bne t0, t1, fail
  sw s6, 8(s0)
${EPILOGUE}
.data
.align 2
srcbuf:
${srcData.map((w) => `  .word 0x${w.toString(16)}`).join('\n')}
dstbuf:
  .space 128
`;

/** The last core writes EOC with a status that encodes its id and the core count. */
export const EOC_STATUS = `${PROLOGUE}
  addi t0, s5, -1
  bne s4, t0, park
  slli t0, s4, 8
  or t0, t0, s5
  li t1, 0x5a0000
  or t0, t0, t1
  sw t0, 8(s0)
${EPILOGUE}`;

/** Every core sleeps on EVT_WAIT with an empty mask: nothing can ever wake them. */
export const DEADLOCK = `${PROLOGUE}
  j park
${EPILOGUE}`;

export function image(src: string, name = 'cluster-test.S'): ElfImage {
  return readElf(toElf(assemble(src, { fileName: name })), name);
}

/** A golden cluster with the program loaded. */
export function cluster(src: string, cores: number, opts: ClusterOptions = {}): Cluster {
  const c = new Cluster('flexv', cores, {}, opts);
  c.load(image(src), 'cluster-test.S');
  return c;
}

/**
 * Shared memory without events: core 0 works, writes data then a flag; the others spin on the flag (the
 * spin count depends on the interleaving) and check the data; then a barrier and EOC.
 */
export const SPIN_FLAG = `${PROLOGUE}
  bnez s4, 2f
  li t0, 40
1: addi t0, t0, -1
  bnez t0, 1b
  li t0, 0x1234
  sw t0, 0x304(s3)
  li t0, 1
  sw t0, 0x300(s3)
  j 3f
2: lw t0, 0x300(s3)
  beqz t0, 2b
  lw t0, 0x304(s3)
  li t1, 0x1234
  bne t0, t1, fail
3: lw t0, 0x20(s1)
  bnez s4, park
  lw t0, 4(s0)
  sw zero, 8(s0)
${EPILOGUE}`;

/**
 * DMA completion observed two other ways: core 0 polls EVT_BUFFER for the DMA event (1D L2 -> TCDM), then
 * polls DONE_COUNT (1D TCDM -> L2 back to a second buffer); checks the words. EOC = wrong words.
 */
export const DMA_POLLS = `${PROLOGUE}
  bnez s4, park
  li t0, 4
  sw t0, 8(s1)
  la t0, pollsrc
  sw t0, 0(s2)
  sw s3, 4(s2)
  li t0, 64
  sw t0, 8(s2)
  sw zero, 0x18(s2)
1: lw t0, 4(s1)
  andi t0, t0, 4
  beqz t0, 1b
  sw s3, 0(s2)
  la t0, polldst
  sw t0, 4(s2)
  sw zero, 0x18(s2)
2: lw t0, 0x20(s2)
  li t1, 2
  bne t0, t1, 2b
  li s6, 0
  li t1, 0
3: slli t2, t1, 2
  la t3, pollsrc
  add t3, t3, t2
  lw t3, 0(t3)
  la t4, polldst
  add t4, t4, t2
  lw t4, 0(t4)
  beq t3, t4, 4f
  addi s6, s6, 1
4: addi t1, t1, 1
  li t2, 16
  blt t1, t2, 3b
  sw s6, 8(s0)
${EPILOGUE}
.data
.align 2
pollsrc:
${Array.from({ length: 16 }, (_, i) => `  .word ${0x7000 + 3 * i}`).join('\n')}
polldst:
  .space 64
`;

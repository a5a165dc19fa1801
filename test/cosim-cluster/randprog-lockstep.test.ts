import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble, toElf } from '../../src/asm/index.ts';
import { clusterCosim } from '../../src/cosim/cluster/cosim.ts';
import { formatClusterMismatch } from '../../src/cosim/cluster/lockstep.ts';
import { DMA_REG, EU_REG, L2_BASE, PERIPH, PERIPH_BASE, TCDM_BASE } from '../../src/platform/memory-map.ts';
import { buildClusterProgram } from '../../src/randprog/cluster/build.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const DIR = join(ROOT, 'build', 'test-cosim-cluster-randprog');
const hex = (v: number) => `0x${(v >>> 0).toString(16)}`;

function writeElf(name: string, bytes: Uint8Array): string {
  mkdirSync(DIR, { recursive: true });
  const path = join(DIR, name);
  writeFileSync(path, bytes);
  return path;
}

const asmElf = (name: string, src: string) => writeElf(name, toElf(assemble(src, { config: 'baseline', rvc: true, textBase: L2_BASE, fileName: name })));

const dma = (r: keyof typeof DMA_REG) => PERIPH.dma + DMA_REG[r];
const PARK = [
  'park:',
  `  sw zero, ${PERIPH.eventUnit + EU_REG.mask}(s0)`,
  `  lw t0, ${PERIPH.eventUnit + EU_REG.waitClear}(s0)`,
  '  j park',
];

/** Hart 0 moves 64 bytes L2 -> TCDM, then 32 bytes TCDM -> L2, polling STATUS; nothing ever loads a destination. */
const DMA_PROGRAM = [
  '.globl _start',
  '_start:',
  `  li s0, ${hex(PERIPH_BASE)}`,
  '  csrr t0, mhartid',
  '  bnez t0, park',
  '  la t1, src', `  sw t1, ${dma('src')}(s0)`,
  `  li t1, ${hex(TCDM_BASE + 0x100)}`, `  sw t1, ${dma('dst')}(s0)`,
  `  li t1, 64`, `  sw t1, ${dma('len')}(s0)`,
  `  sw zero, ${dma('start')}(s0)`,
  `1: lw t1, ${dma('status')}(s0)`, '  andi t1, t1, 1', '  bnez t1, 1b',
  `  li t1, ${hex(TCDM_BASE + 0x100)}`, `  sw t1, ${dma('src')}(s0)`,
  '  la t1, out', `  sw t1, ${dma('dst')}(s0)`,
  `  li t1, 32`, `  sw t1, ${dma('len')}(s0)`,
  `  sw zero, ${dma('start')}(s0)`,
  `2: lw t1, ${dma('status')}(s0)`, '  andi t1, t1, 1', '  bnez t1, 2b',
  `  sw zero, ${PERIPH.eoc}(s0)`,
  ...PARK,
  '.data',
  'src:', ...Array.from({ length: 16 }, (_, i) => `  .word ${hex(0x01020304 * (i + 1))}`),
  'out:', '  .zero 32',
].join('\n');

/** Every hart reads the peripheral cycle counter and mcycle twice; the values go nowhere. */
const COUNTER_PROGRAM = [
  '.globl _start',
  '_start:',
  `  li s0, ${hex(PERIPH_BASE)}`,
  `  lw a0, ${PERIPH.cycles}(s0)`,
  '  csrr a1, mcycle',
  '  addi a4, a4, 1', '  addi a4, a4, 1',
  `  lw a2, ${PERIPH.cycles}(s0)`,
  '  csrr a3, cycle',
  '  li a0, 0', '  li a1, 0', '  li a2, 0', '  li a3, 0',
  '  csrr t0, mhartid',
  '  bnez t0, park',
  `  sw zero, ${PERIPH.eoc}(s0)`,
  ...PARK,
].join('\n');

describe('random multi-core programs in cluster lockstep (RTL)', { timeout: 1_800_000 }, () => {
  for (const cores of [2, 4, 8]) {
    it(`${cores} cores: a random SPMD program agrees retirement by retirement, every DMA destination and counter read checked`, async () => {
      const p = buildClusterProgram({ config: 'baseline', cores, seed: 1, length: 20 });
      const elf = writeElf(`rand-${cores}.elf`, p.elf);
      const r = await clusterCosim({ cores }, elf);
      expect(r.mismatch, r.mismatch && formatClusterMismatch('baseline', r.mismatch)).toBeUndefined();
      expect(r.end.reason).toBe('eoc');
      expect(r.end.value).toBe(0);
      expect(r.summary.goldEnd).toMatchObject({ reason: 'eoc', value: 0 });
      expect(r.summary.barriers).toBe(p.facts.barriers);
      expect(r.summary.dmaTransfers).toBe(p.facts.dma.in + p.facts.dma.out);
      expect(r.summary.dmaChecked).toBe(r.summary.dmaTransfers);
      expect(r.summary.dmaBytesChecked).toBeGreaterThanOrEqual(1024 * cores);
      expect(r.summary.counterReads).toBe(p.facts.counterReads);
      expect(r.end.tcdmConflicts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    });
  }

  it('a wrong DMA byte in the RTL\'s memory fails at the transfer\'s completion, in either direction, with no load of it', async () => {
    const elf = asmElf('dma.elf', DMA_PROGRAM);
    const ok = await clusterCosim({ cores: 2 }, elf);
    expect(ok.mismatch).toBeUndefined();
    expect(ok.summary.dmaChecked).toBe(2);
    expect(ok.summary.dmaBytesChecked).toBe(96);
    expect(ok.end).toMatchObject({ reason: 'eoc', value: 0 });
    for (const [k, addr, dir] of [[1, TCDM_BASE + 0x100 + 63, 'L2 -> TCDM'], [2, -1, 'TCDM -> L2']] as const) {
      const bad = await clusterCosim({ cores: 2 }, elf, { plant: { dmaByte: k } });
      expect(bad.mismatch).toBeDefined();
      const m = bad.mismatch!;
      expect(m.dma?.transfer).toBe(k);
      if (addr >= 0) expect(m.dma?.byte?.addr).toBe(addr >>> 0);
      else expect(m.dma?.byte?.addr).toBeGreaterThanOrEqual(L2_BASE);
      expect((m.dma!.byte!.rtl ^ m.dma!.byte!.gold)).toBe(1);
      const text = formatClusterMismatch('baseline', m);
      expect(text).toContain(`DMA transfer ${k} completed with another destination`);
      expect(text).toContain(dir);
      expect(text).toMatch(/byte 0x[0-9a-f]+ = 0x[0-9a-f]+ in the RTL's memory, 0x[0-9a-f]+ in the golden model's/);
    }
  });

  it('a stuck peripheral cycle counter fails at its first read, with no later use of the value', async () => {
    const elf = asmElf('counter.elf', COUNTER_PROGRAM);
    const ok = await clusterCosim({ cores: 2 }, elf);
    expect(ok.mismatch).toBeUndefined();
    expect(ok.summary.counterReads).toBe(8);
    const bad = await clusterCosim({ cores: 2 }, elf, { plant: { stuckCycles: true } });
    expect(bad.mismatch).toBeDefined();
    expect(bad.mismatch!.fields).toEqual(['cycle counter']);
    expect(bad.mismatch!.note).toMatch(/the peripheral cycle counter read \d+ in the instruction retired in cycle \d+: the counter must show \d+/);
  });
});

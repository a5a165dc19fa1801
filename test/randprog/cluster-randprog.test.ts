import { execa } from 'execa';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble, toElf } from '../../src/asm/index.ts';
import { readElf } from '../../src/elf/read.ts';
import { Cluster } from '../../src/iss/cluster.ts';
import { L2_BASE } from '../../src/platform/memory-map.ts';
import { buildClusterProgram, CALIBRATION_QUANTA } from '../../src/randprog/cluster/build.ts';
import { FAIL } from '../../src/randprog/cluster/layout.ts';
import type { ClusterFacts } from '../../src/randprog/cluster/generate.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const DIR = join(ROOT, 'build', 'test-randprog-cluster');
const flexv = (...args: string[]) => execa('node', [join(ROOT, 'bin', 'flexv.js'), ...args], { cwd: ROOT, reject: false });

describe('random multi-core programs (golden cluster)', { timeout: 180_000 }, () => {
  it('1, 2, 4 and 8 cores, a few seeds: EOC 0 under every quantum, with DMA, events, barriers and cross-core reads', () => {
    const all: ClusterFacts[] = [];
    for (const [cores, seed] of [[1, 1], [2, 1], [4, 1], [8, 1], [2, 2], [2, 3]] as const) {
      {
        // buildClusterProgram throws unless the final program ends with EOC 0 under every calibration quantum
        const p = buildClusterProgram({ config: 'baseline', cores, seed, length: 25 });
        expect(p.expected).toHaveLength(cores);
        expect(p.facts.barriers).toBe(p.facts.phases + 3);
        all.push(p.facts);
      }
    }
    const sum = (f: (x: ClusterFacts) => number) => all.reduce((a, x) => a + f(x), 0);
    expect(CALIBRATION_QUANTA.length).toBeGreaterThanOrEqual(2);
    expect(sum((f) => f.dma.in)).toBeGreaterThan(6); // the initial fill of every program plus phases
    expect(sum((f) => f.dma.out)).toBeGreaterThan(0);
    expect(sum((f) => f.dma.twoD)).toBeGreaterThan(6);
    for (const w of ['status', 'count', 'event'] as const) expect(sum((f) => f.dma.waits[w])).toBeGreaterThan(0);
    expect(sum((f) => f.eventRounds)).toBeGreaterThan(0);
    expect(sum((f) => f.splitBarriers)).toBeGreaterThan(0);
    expect(sum((f) => f.counterReads)).toBeGreaterThan(0);
    expect(sum((f) => f.crossReads.reduce((a, b) => a + b, 0))).toBeGreaterThan(50);
  });

  it('flexv and xpulpnn tables: the random bodies use the configuration\'s instructions', () => {
    for (const [config, cores] of [['flexv', 8], ['xpulpnn', 4]] as const) {
      const p = buildClusterProgram({ config, cores, seed: 3, length: 30 });
      expect(p.source).toMatch(/# pv\.\w+/);
    }
  });

  it('same seed, same bytes; another seed, other bytes; the printed source assembles to the ELF', () => {
    const a = buildClusterProgram({ config: 'baseline', cores: 2, seed: 7, length: 20 });
    const b = buildClusterProgram({ config: 'baseline', cores: 2, seed: 7, length: 20 });
    const c = buildClusterProgram({ config: 'baseline', cores: 2, seed: 8, length: 20 });
    expect(Buffer.from(a.elf).equals(Buffer.from(b.elf))).toBe(true);
    expect(a.source).toBe(b.source);
    expect(Buffer.from(a.elf).equals(Buffer.from(c.elf))).toBe(false);
    const again = toElf(assemble(a.source, { config: 'baseline', rvc: true, textBase: L2_BASE, fileName: 'p.S' }));
    expect(Buffer.from(again).equals(Buffer.from(a.elf))).toBe(true);
  });

  it('the program checks itself: a wrong expected checksum ends with EOC 0x100 + hart', () => {
    const p = buildClusterProgram({ config: 'baseline', cores: 4, seed: 5, length: 20 });
    const wrong = p.source.replace(`.word 0x${p.expected[2]!.toString(16)}`, `.word 0x${((p.expected[2]! ^ 1) >>> 0).toString(16)}`);
    expect(wrong).not.toBe(p.source);
    const c = new Cluster('baseline', 4);
    c.load(readElf(toElf(assemble(wrong, { config: 'baseline', rvc: true, textBase: L2_BASE, fileName: 'w.S' }))));
    const r = c.run(1e7, 1000);
    expect(r.reason).toBe('eoc');
    expect(r.value).toBe(FAIL.checksum + 2);
  });

  it('flexv randprog --cores: writes the ELF and the source, prints the plan, refuses bad flags', async () => {
    mkdirSync(DIR, { recursive: true });
    const elf = join(DIR, 'p.elf'), src = join(DIR, 'p.S'), json = join(DIR, 'p.json');
    const r = await flexv('randprog', '--cores', '2', '--seed', '3', '--length', '15', '-o', elf, '--asm', src, '--coverage', json);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^2 harts, 4 phases, 7 barriers/);
    expect(r.stdout).toMatch(/DMA: \d+ into the TCDM/);
    expect(readFileSync(src, 'utf8')).toMatch(/^# flexv randprog --config baseline --cores 2 --seed 3 --phases 4 --length 15/);
    expect(JSON.parse(readFileSync(json, 'utf8')).expected).toHaveLength(2);
    const run = await flexv('run', '--cores', '2', elf);
    expect(run.exitCode).toBe(0);
    const cases: Array<[string[], RegExp]> = [
      [['--cores', '17'], /--cores: error: --cores must be an integer in \[1, 16\], got '17'/],
      [['--cores', '2', '--repeat', '3'], /--repeat: error: --repeat applies to single-core programs/],
      [['--phases', '3'], /--phases: error: --phases applies to multi-core programs/],
    ];
    for (const [args, msg] of cases) {
      const e = await flexv('randprog', ...args, '-o', join(DIR, 'x.elf'));
      expect(e.exitCode).not.toBe(0);
      expect(e.stderr).toMatch(msg);
      expect(e.stderr).not.toMatch(/at .*\.ts:\d+/);
    }
  });
});

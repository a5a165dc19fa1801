import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clusterDesign } from '../../src/cluster/cluster.ts';
import { buildClusterSim } from '../../src/cosim/cluster/build.ts';
import { DMA_DONE_CORE } from '../../src/cosim/cluster/protocol.ts';
import { runCluster } from '../../src/cosim/cluster/run.ts';
import { readElf } from '../../src/elf/read.ts';
import { buildClusterSchemaSim, clusterMutantSim } from '../../src/mutate/cluster/build.ts';
import { runClusterMutationCampaign } from '../../src/mutate/cluster/run.ts';
import { clusterSchema, fabricPoints } from '../../src/mutate/cluster/schema.ts';
import { buildClusterProgram } from '../../src/randprog/cluster/build.ts';
import { hasTool } from '../../src/util/tools.ts';

const ready = (await hasTool('verilator')) && (await hasTool('gcc'));
const CORES = 2;

/** A few fixed mutants of the 2-core fabric, found by what they change (not by line numbers). */
function pick(): string[] {
  const ps = fabricPoints(clusterDesign({ cores: CORES }).design);
  const find = (f: (p: (typeof ps)[number]) => boolean, what: string) => {
    const p = ps.find(f);
    if (!p) throw new Error(`no mutation point: ${what}`);
    return p.key;
  };
  const stuck = (op: 'stuck-0' | 'stuck-1', file: string, detail: string) => find((p) => p.operator === op && p.where.startsWith(`src/cluster/${file}:`) && p.detail === detail, `${op} ${detail}`);
  return [
    // bit 3 of the DMA's source address register reads 0: transfers copy from the wrong place
    stuck('stuck-0', 'dma.ts', "bit 3 of 'src'"),
    // bit 0 of the peripheral cycle counter reads 1: the counter reads are implausible
    stuck('stuck-1', 'periph.ts', "bit 0 of 'cycles'"),
    // bit 2 of master 0's granted-access counter reads 1: only the end counters show it
    stuck('stuck-1', 'interconnect.ts', "bit 2 of 'requests_0'"),
    // an event-unit condition inverted
    find((p) => p.operator === 'negate-cond' && p.where.startsWith('src/cluster/event-unit.ts:'), 'an event-unit when condition'),
  ];
}

describe.skipIf(!ready)('mutant schema on the cluster fabric (Verilator)', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('select 0 is the plain cluster cycle for cycle: every core\'s retirements (cycle, pc, insn, rd value, bus beats), DMA completions, end and L2', async () => {
    const work = await mkdtemp(join(tmpdir(), 'flexv-mutc-'));
    dirs.push(work);
    const schema = clusterSchema({ options: { cores: CORES }, count: 0, seed: 0, operators: [], keys: pick() });
    const sim = await buildClusterSchemaSim(schema.params, schema.design, schema.selectWidth);
    const plain = await buildClusterSim({ cores: CORES });
    const off = await clusterMutantSim(sim, 0, work);
    const on = await clusterMutantSim(sim, 1, work);
    const prog = buildClusterProgram({ config: 'baseline', cores: CORES, seed: 5, length: 12 });
    const elfPath = join(work, 'p.elf');
    await writeFile(elfPath, prog.elf);
    const elf = readElf(prog.elf);
    for (const l2Latency of [1, 4]) {
      const trace = async (exe: string) => {
        const rows: string[] = [];
        const end = await runCluster(exe, elf, elfPath, schema.params, {
          l2Latency, dmaCheck: true, keepL2: true,
          onRetire: (r) => void rows.push(r.core === DMA_DONE_CORE ? `dma ${r.dma!.cycle} ${r.dma!.dst} ${Buffer.from(r.dma!.data).toString('hex')}`
            : `${r.core} ${r.cycle} ${r.pc} ${r.insn} ${r.rd} ${r.rdValue} ${r.mem.slice(0, r.memCount).map((m) => `${m.addr}:${m.data}:${m.mask}:${m.write}`).join(',')}`),
        });
        const { seconds: _s, cpuSeconds: _c, l2, ...rest } = end;
        return { rows, end: rest, l2 };
      };
      const a = await trace(plain.exe);
      const b = await trace(off.exe);
      expect(a.end.reason).toBe('eoc');
      expect(a.rows.length).toBeGreaterThan(1000);
      expect(a.rows.some((r) => r.startsWith('dma '))).toBe(true);
      expect(b.end).toEqual(a.end);
      expect(b.rows).toEqual(a.rows);
      expect(b.l2!.equals(a.l2!)).toBe(true);
      // the comparison can fail: mutant 1 (a DMA source bit stuck at 0) changes what the DMA copies
      expect((await trace(on.exe)).rows).not.toEqual(a.rows);
    }
  }, 1_200_000);

  it('known fabric mutants are killed in cluster lockstep: DMA destination, counter read, end counters, event unit', async () => {
    const keys = pick();
    const r = await runClusterMutationCampaign({ target: 'cluster', config: 'baseline', cores: CORES, count: 0, seed: 1, operators: [], regression: 'quick', keys, equivalents: new Map(), limitPrograms: 2 });
    expect(r.mutants.map((m) => m.key)).toEqual(keys);
    for (const m of r.mutants) {
      expect(m.status, `${m.key}: ${m.message ?? ''}`).toBe('killed');
      expect(m.killedBy).toMatch(/^random --cores 2 --seed \d+/);
    }
    expect(r.mutants.map((m) => m.cause).slice(0, 3)).toEqual(['dma', 'mismatch', 'counters']);
    expect(r.mutants[1]!.message).toMatch(/differing: cycle counter/);
    expect(r.mutants[2]!.message).toMatch(/tcdm requests\[0\] = \d+, the original cluster's \d+/);
    expect(r).toMatchObject({ target: 'cluster', cores: 2, killed: 4, survived: 0, equivalent: 0, kill_rate: 1 });
    expect(r.units.map((u) => u.unit)).toEqual(['src/cluster/dma.ts', 'src/cluster/event-unit.ts', 'src/cluster/interconnect.ts', 'src/cluster/periph.ts']);
    const listed = await runClusterMutationCampaign({ target: 'cluster', config: 'baseline', cores: CORES, count: 0, seed: 1, operators: [], regression: 'quick', keys: keys.slice(0, 1), equivalents: new Map([[keys[0]!, 'test']]), limitPrograms: 1 });
    expect(listed.wronglyListed).toEqual([keys[0]]);
  }, 1_200_000);
});

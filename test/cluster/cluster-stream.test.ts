// The cluster harness's retirement stream and activity record, on the 2-core model (shared with the
// lockstep test's cache): order of the records, the counts in the summary, a corrupted record caught by
// lockstep, the timeline's spans covering every cycle, L2 read back, bad images refused.
import { readFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildClusterSim, type ClusterSim } from '../../src/cosim/cluster/build.ts';
import { ClusterLockstep, type ClusterMismatch } from '../../src/cosim/cluster/lockstep.ts';
import { decodeClusterRecord, newClusterRetirement } from '../../src/cosim/cluster/protocol.ts';
import { readL2Word, runCluster } from '../../src/cosim/cluster/run.ts';
import { ACTIVITY, activityToTrace } from '../../src/cosim/cluster/timeline.ts';
import { readElfFile, type ElfImage } from '../../src/elf/read.ts';
import { hasTool } from '../../src/util/tools.ts';
import { buildClusterProgram } from './programs.ts';

const tools = (await hasTool('verilator')) && (await hasTool('gcc'));

describe('activity timeline', () => {
  it('turns state changes into one span per stretch, per core', () => {
    const t = activityToTrace('0 0 0\n0 1 0\n5 1 2\n9 0 1\n10 0 0\n12 -1 -1\n', 2);
    const spans = t.traceEvents.filter((e) => e.ph === 'X').map((e) => [e.tid, e.name, e.ts, e.dur]);
    expect(spans).toEqual([[1, 'running', 0, 5], [0, 'running', 0, 9], [0, ACTIVITY[1], 9, 1], [0, 'running', 10, 2], [1, 'sleeping', 5, 7]]);
    expect(t.traceEvents.filter((e) => e.ph === 'M').map((e) => e.args?.name)).toContain('core 1');
  });
  it('refuses a record without its end or with a bad line', () => {
    expect(() => activityToTrace('0 0 0\n', 1)).toThrow(/no end line/);
    expect(() => activityToTrace('0 3 0\n1 -1 -1\n', 2)).toThrow(/line 1: core or state out of range/);
    expect(() => activityToTrace('zero\n', 1)).toThrow(/line 1: not 'cycle core state'/);
  });
});

describe.skipIf(!tools)('cluster harness stream (2 cores)', () => {
  let sim: ClusterSim;
  let elf: ElfImage;
  let path: string;
  beforeAll(async () => {
    sim = await buildClusterSim({ cores: 2, config: 'baseline' });
    path = await buildClusterProgram('dma-double-buffer.c');
    elf = await readElfFile(path);
  }, 1_500_000);

  it('streams every retirement in cycle order, core order within a cycle, per-core order without gaps', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'flexv-test-'));
    const r = newClusterRetirement();
    const next = [0, 0];
    let last = { cycle: -1, core: -1 };
    let bad = '';
    const end = await runCluster(sim.exe, elf, path, sim.params, {
      timeline: join(dir, 'a.txt'),
      keepL2: true,
      onChunk: (buf, count) => {
        let off = 0;
        for (let i = 0; i < count; i++) {
          off = decodeClusterRecord(buf, off, r);
          if (r.cycle < last.cycle || (r.cycle === last.cycle && r.core <= last.core)) bad ||= `record of core ${r.core} cycle ${r.cycle} after core ${last.core} cycle ${last.cycle}`;
          if (r.order !== next[r.core]) bad ||= `core ${r.core}: order ${r.order}, expected ${next[r.core]}`;
          next[r.core]!++;
          last = { cycle: r.cycle, core: r.core };
        }
      },
    });
    expect(bad).toBe('');
    expect(end.reason).toBe('eoc');
    expect(next).toEqual(end.instret);
    // the timeline covers every cycle of every core, and its sleeping and stalled totals are the summary's
    const trace = activityToTrace(await readFile(join(dir, 'a.txt'), 'utf8'), 2);
    for (let c = 0; c < 2; c++) {
      const spans = trace.traceEvents.filter((e) => e.ph === 'X' && e.tid === c);
      expect(spans.reduce((a, e) => a + e.dur!, 0)).toBe(end.cycles);
      expect(spans.filter((e) => e.name === 'sleeping').reduce((a, e) => a + e.dur!, 0)).toBe(end.sleepCycles[c]);
      expect(spans.filter((e) => e.name === ACTIVITY[1]).reduce((a, e) => a + e.dur!, 0)).toBe(end.stallCycles[c]);
    }
    // the program's results in the final L2: out[0][0] = 3 * in[0][0] + 1
    const inAddr = elf.symbol('in')!.value;
    const outAddr = elf.symbol('out')!.value;
    expect(readL2Word(end, outAddr) | 0).toBe((3 * (readL2Word(end, inAddr) | 0) + 1) | 0);
    expect(() => readL2Word(end, 0x1000_0000)).toThrow(/outside the L2/);
  }, 300_000);

  it('lockstep catches a corrupted record (a load value changed in flight)', async () => {
    const lock = new ClusterLockstep({ config: 'baseline', cores: 2, image: elf, fileName: path });
    const r = newClusterRetirement();
    let loads = 0;
    let mismatch: ClusterMismatch | undefined;
    await runCluster(sim.exe, elf, path, sim.params, {
      onChunk: (buf, count) => {
        let off = 0;
        for (let i = 0; i < count && !mismatch; i++) {
          off = decodeClusterRecord(buf, off, r);
          if (r.core === 1 && r.memCount === 1 && !r.mem[0]!.write && r.rd !== 0 && ++loads === 50) r.rdValue ^= 4;
          mismatch = lock.push(r.core, r);
        }
        return mismatch === undefined;
      },
    });
    expect(mismatch?.core).toBe(1);
    expect(mismatch?.fields).toContain('rd value');
  }, 300_000);
});

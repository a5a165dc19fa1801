import { describe, expect, it } from 'vitest';
import { formatSweepTable, parseFormat, parseIntList, runSweep, sweepCsv, sweepPoints, type SweepEvent } from '../../src/sweep/index.ts';
import { fakeRunner } from './fake-runner.ts';

const kernel = { name: 'conv3x3', a: 4, w: 2 };

describe('sweep grid', () => {
  it('parses lists and refuses bad ones with the flag named', () => {
    expect(parseIntList('1,2, 4,8', '--cores')).toEqual([1, 2, 4, 8]);
    expect(() => parseIntList('1,,2', '--cores')).toThrow(/--cores: expected a comma-separated list/);
    expect(() => parseIntList('1,x', '--cores')).toThrow(/--cores: 'x' is not a positive integer/);
    expect(() => parseIntList('0', '--banking')).toThrow(/--banking: '0' is not a positive integer/);
    expect(() => parseIntList('2,4,2', '--cores')).toThrow(/--cores: 2 appears twice/);
    expect(() => sweepPoints([1], [3], 'flexv', kernel)).toThrow(/--banking: 3 is not a power of two/);
    expect(parseFormat('a4w2')).toEqual({ a: 4, w: 2 });
    expect(() => parseFormat('a3w2')).toThrow(/--format: expected aXwY/);
  });

  it('orders points banking outer, cores inner', () => {
    const pts = sweepPoints([1, 2], [1, 4], 'flexv', kernel).map((p) => `${p.cores}/${p.banking}`);
    expect(pts).toEqual(['1/1', '2/1', '1/4', '2/4']);
  });
});

describe('sweep engine', () => {
  it('runs every point, derives MAC/cycle and speed-up against the 1-core point of the same banking', async () => {
    const runner = fakeRunner();
    const results = await runSweep(sweepPoints([1, 2, 4, 8], [2], 'flexv', kernel), runner);
    expect(runner.calls).toEqual(['perf 1/2', 'area 1/2', 'perf 2/2', 'area 2/2', 'perf 4/2', 'area 4/2', 'perf 8/2', 'area 8/2']);
    expect(results.every((r) => r.failures.length === 0)).toBe(true);
    const one = results[0]!.perf!.cycles;
    for (const r of results) {
      expect(r.macPerCycle).toBeCloseTo(73728 / r.perf!.cycles, 12);
      expect(r.speedup).toBeCloseTo(one / r.perf!.cycles, 12);
    }
    expect(results[0]!.speedup).toBe(1);
    expect(results[3]!.speedup!).toBeGreaterThan(5);
  });

  it('reports a failing point with its stage and goes on', async () => {
    const runner = fakeRunner({ failAt: { cores: 2, stage: 'build', message: 'verilator: %Error: flexv_cluster.sv:12: bad "x", stop' } });
    const events: SweepEvent[] = [];
    const results = await runSweep(sweepPoints([1, 2, 4], [2], 'flexv', kernel), runner, { onEvent: (e) => events.push(e) });
    expect(results.map((r) => r.failures.map((f) => `${f.stage}: ${f.message}`))).toEqual([[], ['build: verilator: %Error: flexv_cluster.sv:12: bad "x", stop'], []]);
    // The failed point still gets its area; the next point runs.
    expect(results[1]!.perf).toBeUndefined();
    expect(results[1]!.area).toBeDefined();
    expect(results[2]!.perf).toBeDefined();
    // Progress: start, stages, end per point, in order.
    const kinds = events.filter((e) => e.index === 1).map((e) => (e.kind === 'stage' ? e.stage : e.kind));
    expect(kinds).toEqual(['point-start', 'kernel', 'build', 'synth', 'point-end']);
    const table = formatSweepTable(results);
    expect(table).toMatch(/^ +2 +2 +- +- +- +- +- +[\d.]+ +[\d.]+ +FAILED \(build\)$/m);
    expect(table).toContain('1 of 3 points failed:\n  cores=2 banking=2 flexv conv3x3 a4w2: build: verilator: %Error: flexv_cluster.sv:12: bad "x", stop');
    const csv = sweepCsv(results).split('\n');
    expect(csv[2]).toMatch(/^2,2,4,flexv,conv3x3,4,2,failed,build,"build: verilator: %Error: flexv_cluster.sv:12: bad ""x"", stop",,,,,,,,275000,/);
  });

  it('treats a run with no cycles as a failure of the runner, not as infinite MAC/cycle', async () => {
    const runner = fakeRunner();
    const broken = { ...runner, perf: async () => ({ cycles: 0, totalCycles: 0, macs: 10, conflicts: 0, retirementsCompared: 0 }) };
    const [r] = await runSweep(sweepPoints([1], [2], 'flexv', kernel), broken, { area: false });
    expect(r!.failures).toEqual([{ stage: 'kernel', message: 'the run reported 0 cycles and 10 MACs' }]);
    expect(r!.area).toBeUndefined();
  });

  it('skips area or throughput when asked', async () => {
    const runner = fakeRunner();
    await runSweep(sweepPoints([1, 2], [1], 'flexv', kernel), runner, { area: false });
    expect(runner.calls).toEqual(['perf 1/1', 'perf 2/1']);
  });
});

import { describe, expect, it } from 'vitest';
import { benchCommand, suiteCommand } from '../../src/conformance/figures.ts';
import { itemsPerShard } from '../../src/conformance/parallel.ts';
import { clusterLockstepFailure } from '../../src/conformance/run.ts';
import { explain } from '../../src/conformance/known.ts';
import { conformanceTables } from '../../src/docs-tables/tables/conformance.ts';

describe('conformance selections', () => {
  it('name the flexv conformance and bench commands of a selection', () => {
    const rtl = { config: 'baseline,xpulpnn,flexv', kernels: '*', targets: ['rtl' as const], every: 1 };
    expect(suiteCommand(rtl, 1)).toBe('npx flexv conformance --config all --no-golden --no-cluster --rtl --jobs 1');
    expect(benchCommand(rtl, true)).toBe('npm run bench -- conformance --targets rtl --config all --partial --merge');
    const cl = { config: 'baseline,flexv', kernels: 'XpulpNN-mixed/*', targets: ['cluster-golden' as const, 'cluster-rtl' as const], every: 12 };
    expect(suiteCommand(cl, 2)).toBe("npx flexv conformance --config baseline,flexv --kernels 'XpulpNN-mixed/*' --every 12 --no-golden --cluster-rtl --jobs 2");
    expect(suiteCommand({ ...cl, targets: ['golden', 'cluster-golden'] }, 1)).toBe("npx flexv conformance --config baseline,flexv --kernels 'XpulpNN-mixed/*' --every 12 --jobs 1");
  });
  it('give cluster RTL selections small shards', () => {
    expect(itemsPerShard(['golden', 'rtl'])).toBe(24);
    expect(itemsPerShard(['cluster-golden', 'cluster-rtl'])).toBe(4);
  });
});

describe('cluster lockstep failures', () => {
  it('are a failing row, never explained; other errors are not', () => {
    const report = 'core 3, retirement 1234: pc 0x80000100\n  rd x5: RTL 0x1, golden 0x2\n812 retirements compared, 1 mismatch';
    const m = clusterLockstepFailure(report);
    expect(m).toMatch(/^lockstep mismatch: core 3, retirement 1234/);
    expect(clusterLockstepFailure('the golden model ended with bus-error = 3, the RTL cluster with eoc = 1')).toMatch(/^lockstep mismatch: the golden model ended/);
    expect(clusterLockstepFailure('verilator: build of cluster-flexv failed\nmake: *** [all] Error 1')).toBeUndefined();
    // A kernel with a known bug: the mismatch is still a failure.
    const row = { kernel: 'pulp_nn_maxpool_u4', family: 'XpulpV2', config: 'baseline', target: 'cluster-rtl' as const, cores: 8, calls: [], macPerCycle: 0, status: 'fail' as const, message: m! };
    expect(explain(row).status).toBe('fail');
  });
});

describe('docs tables', () => {
  const sel = {
    key: 'k', selection: { config: 'baseline,xpulpnn,flexv', kernels: '*', targets: ['rtl' as const], every: 1 }, command: 'npx flexv conformance --config all --no-golden --no-cluster --rtl --jobs 1',
    planned: 10, runs: 4, shards: 5, shardsDone: 2, pass: 2, explained: 1, fail: 1, skip: 0, seconds: 1, campaignWallSeconds: 30, campaignCpuSeconds: 20,
    groups: { 'baseline XpulpV2 add rtl': { runs: 3, pass: 2, explained: 1, fail: 0, skip: 0 }, 'baseline XpulpV2 conv rtl': { runs: 1, pass: 0, explained: 0, fail: 1, skip: 0 } },
    notPassing: [],
  };
  it('say how much of a campaign not yet finished they hold, and sum per configuration and target', () => {
    const [selections, perConfig] = conformanceTables;
    const figures = { selections: [sel] };
    const ref = { benchmark: 'conformance', args: [], startedAt: '', git: { commit: null, dirty: null }, machine: { cores: 2, cpuModel: '' }, figures };
    const a = selections.render(figures, ref);
    expect(a).toContain('| 4 of 10 (2/5 shards) | 2 | 1 | **1** | 0 |');
    expect(a).toContain('--targets rtl --config all --partial --merge');
    expect(perConfig.render(figures, ref)).toContain('| 1 | baseline | XpulpV2 | rtl | 4 | 2 | 1 | **1** | 0 |');
  });
});

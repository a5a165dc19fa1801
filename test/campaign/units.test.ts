// The campaign's pieces without a simulator: seeds and slices, the Slurm script and submissions, progress,
// plan errors, and the streaming merge over synthetic shard files (totals, first failure, failed and
// missing shards, the JSON's keys), including N shards against 1.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { campaignKind, campaignKinds, PENDING_KINDS, registerCampaignKind } from '../../src/campaign/kind.ts';
import { runShard } from '../../src/campaign/shard.ts';
import { mergeCampaign } from '../../src/campaign/merge.ts';
import { planOf, writePlan } from '../../src/campaign/plan.ts';
import { Progress } from '../../src/campaign/progress.ts';
import { itemSeed, shardItems } from '../../src/campaign/seeds.ts';
import { arraySpec, plannedSubmissions, slurmScript, timeLimitMinutes } from '../../src/campaign/slurm.ts';
import { CAMPAIGN_FORMAT, campaignPaths, readCampaign, SHARD_FORMAT, writeCampaign, type Campaign } from '../../src/campaign/spec.ts';
import { shardsToRun } from '../../src/campaign/status.ts';
import type { ShardResult } from '../../src/campaign/kind.ts';
import { writeSyntheticShards } from '../../src/campaign/synthetic.ts';

const tmp = mkdtempSync(join(tmpdir(), 'flexv-campaign-units-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('seeds and shard slices', () => {
  it('item seeds are fixed numbers, distinct, and differ by campaign seed', () => {
    // Fixed values: a change of the derivation would silently change every campaign.
    expect([itemSeed(7, 0), itemSeed(7, 1), itemSeed(0, 0), itemSeed(1, 2 ** 33)]).toEqual([1220097424, 3122294549, 2856213345, 2810804790]);
    const seeds = new Set(Array.from({ length: 10_000 }, (_, i) => itemSeed(7, i)));
    expect(seeds.size).toBe(10_000);
    expect(itemSeed(7, 5)).not.toBe(itemSeed(8, 5));
    for (const s of seeds) expect(Number.isInteger(s) && s >= 0 && s <= 0xffffffff).toBe(true);
  });

  it('the shards of a campaign cover every item exactly once, in order, sizes within one', () => {
    for (const [items, shards] of [[21, 4], [10, 10], [1000, 7], [5, 1], [10_001, 10_000]] as const) {
      let next = 0;
      const sizes: number[] = [];
      for (let s = 0; s < shards; s++) {
        const { start, end } = shardItems(items, shards, s);
        expect(start).toBe(next);
        sizes.push(end - start);
        next = end;
      }
      expect(next).toBe(items);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      expect(Math.min(...sizes)).toBeGreaterThan(0);
    }
  });
});

const lockstepCampaign = (shards: number, items = 21): Campaign => ({
  format: CAMPAIGN_FORMAT, kind: 'lockstep', seed: 7, shards, items, planned: 'test',
  params: { target: 'core', config: 'flexv', length: 300, repeat: 10, retirements: 200_000, perProgram: 9700, maxCycles: 10_000_000 },
});

describe('Slurm job', () => {
  it('array specs and chunked submissions with offsets under the largest array index', () => {
    expect(arraySpec([0, 1, 2, 3])).toBe('0-3');
    expect(arraySpec([0, 2, 3, 4, 9])).toBe('0,2-4,9');
    const one = plannedSubmissions({ shards: [0, 1, 2, 3], maxArrayIndex: 999, extra: [] });
    expect(one.args).toEqual([['--array=0-3', '--export=ALL,FLEXV_SHARD_OFFSET=0']]);
    const many = plannedSubmissions({ shards: Array.from({ length: 2500 }, (_, i) => i), maxArrayIndex: 999, extra: ['--partition=long'] });
    expect(many.offsets).toEqual([0, 1000, 2000]);
    expect(many.args.map((a) => a[0])).toEqual(['--array=0-999', '--array=0-999', '--array=0-499']);
    expect(many.args[1]).toContain('--partition=long');
    // A rerun of a few missing shards of a large campaign.
    const rerun = plannedSubmissions({ shards: [5, 1500, 1501], maxArrayIndex: 999, extra: [] });
    expect(rerun.args.map((a) => a.slice(0, 2))).toEqual([['--array=5', '--export=ALL,FLEXV_SHARD_OFFSET=0'], ['--array=0-1', '--export=ALL,FLEXV_SHARD_OFFSET=1500']]);
  });

  it('the script runs shard OFFSET + task id with the kind CPUs, a time bound and logs under DIR', () => {
    const c = lockstepCampaign(4);
    const kind = campaignKind('lockstep')!;
    const dir = join(tmp, 'slurm-script');
    const s = slurmScript(c, kind, dir, { array: '0-3' });
    expect(s).toMatch(/^#!\/bin\/bash\n/);
    expect(s).toContain('#SBATCH --array=0-3');
    expect(s).toContain('#SBATCH --cpus-per-task=1');
    expect(s).toContain(`#SBATCH --time=${timeLimitMinutes(c, kind)}`);
    expect(s).toContain(`#SBATCH --output=${campaignPaths(dir).logs}/slurm-%A_%a.out`);
    expect(s).toMatch(/campaign shard '.*slurm-script' --index "\$shard" --backend slurm/);
    expect(s).toContain('shard=$(( ${FLEXV_SHARD_OFFSET:-0} + SLURM_ARRAY_TASK_ID ))');
    // 6 programs of ~9.7 k retirements in the largest shard, 20 k/s at worst, twice that, plus 10 minutes.
    expect(timeLimitMinutes(c, kind)).toBe(Math.ceil((2 * 6 * Math.max(5, 9700 / 20_000)) / 60) + 10);
  });
});

describe('progress', () => {
  it('rate in the unit and an ETA from the mean units per finished shard', () => {
    let now = 0;
    const p = new Progress(4, 'retirements', () => now);
    expect(p.line()).toContain('shards 0/4 done');
    expect(p.line()).toContain('ETA ?');
    now = 10_000;
    p.shardDone(50_000);
    // 50 k in 10 s = 5 k/s; 150 k expected left -> 30 s.
    expect(p.rate()).toBe(5000);
    expect(p.eta()).toBe(30);
    expect(p.line()).toBe('shards 1/4 done | 50.0 k retirements, 5000 retirements/s | 10s elapsed, ETA 30s');
    p.shardFailed();
    expect(p.line()).toContain('1 failed');
  });
});

describe('plan', () => {
  it('the kind registry: lockstep, sweep, kernels, mutate, conformance built in; none pending', async () => {
    expect(campaignKinds().map((k) => k.name).filter((n) => !n.startsWith('test-'))).toEqual(['lockstep', 'sweep', 'kernels', 'mutate', 'conformance']);
    expect(PENDING_KINDS.mutate).toBeUndefined();
    expect(() => planOf('mutate', { config: 'nope' }, { shards: 1, seed: 1, command: '' })).toThrow(/unknown core configuration 'nope'/);
  });

  it('bad flags name the flag; more shards than items is refused', () => {
    const flags = { config: 'flexv', target: 'core', retirements: '20000', length: '50', repeat: '1' };
    expect(() => planOf('lockstep', { ...flags, config: 'nope' }, { shards: 1, seed: 1, command: '' })).toThrow(/unknown core configuration 'nope'/);
    expect(() => planOf('lockstep', { ...flags, target: 'soc' }, { shards: 1, seed: 1, command: '' })).toThrow(/unknown target 'soc'/);
    expect(() => planOf('lockstep', { ...flags, retirements: 'many' }, { shards: 1, seed: 1, command: '' })).toThrow(/--retirements must be an integer/);
    expect(() => planOf('lockstep', { ...flags, cores: '4' }, { shards: 1, seed: 1, command: '' })).toThrow(/--cores applies to --target cluster/);
    const c = planOf('lockstep', flags, { shards: 1, seed: 1, command: '' });
    expect(() => planOf('lockstep', flags, { shards: c.items + 1, seed: 1, command: '' })).toThrow(/--shards \d+ exceeds the \d+ items/);
    // The number of programs depends on the flags, never on the shards.
    expect(planOf('lockstep', flags, { shards: 3, seed: 1, command: '' }).items).toBe(c.items);
  });

  it('planning again: the same campaign is left as it is, a different one is refused unless forced', async () => {
    const dir = join(tmp, 'replan');
    const a = lockstepCampaign(4);
    expect((await writePlan(a, { out: dir })).unchanged).toBe(false);
    expect((await writePlan({ ...a, planned: 'other words' }, { out: dir })).unchanged).toBe(true);
    await expect(writePlan({ ...a, seed: 8 }, { out: dir })).rejects.toThrow(/holds a different campaign.*--force/);
    mkdirSync(campaignPaths(dir).shards, { recursive: true });
    writeFileSync(campaignPaths(dir).result(0), '{}');
    await writePlan({ ...a, seed: 8 }, { out: dir, force: true });
    expect(existsSync(campaignPaths(dir).result(0))).toBe(false);
    expect((await readCampaign(dir)).seed).toBe(8);
  });

  it('a broken campaign.json is reported with the file and the field', async () => {
    const dir = join(tmp, 'broken');
    await writeCampaign(dir, { ...lockstepCampaign(4), shards: 0 });
    await expect(readCampaign(dir)).rejects.toThrow(/field 'shards' must be a positive integer/);
    await expect(readCampaign(join(tmp, 'nothing'))).rejects.toThrow(/campaign.json is missing/);
  });
});

describe('merge', () => {
  it('totals, the first failure with its reproducer, failed and missing shards; the JSON keys', async () => {
    const dir = join(tmp, 'merge');
    const c = lockstepCampaign(6, 60);
    await writeCampaign(dir, c);
    await writeSyntheticShards(dir, c, { skip: [4], fail: [5], mismatchItems: [23, 41] });
    const lines: string[] = [];
    const json = join(tmp, 'm.json');
    const t = await mergeCampaign(dir, { json, print: (l) => lines.push(l) });
    const m = JSON.parse(readFileSync(json, 'utf8'));
    // Items 0..39 are in shards 0..3 (10 each); shard 4 (items 40..49) is missing, 5 failed: item 41 not counted.
    expect(m.retirements).toBe(40 * 1000 + (0 + 39) * 40 / 2);
    expect(m.mismatches).toBe(1);
    expect(m.shards).toBe(6);
    expect([m.shardsDone, m.shardsFailed, m.shardsMissing]).toEqual([4, 1, 1]);
    expect(m.programs).toBe(40);
    expect(m.firstFailure.item).toBe(23);
    expect(m.firstFailure.reproducer).toMatch(/^npx flexv randprog .* && npx flexv cosim /);
    expect(m.perShard).toHaveLength(6);
    expect(m.perShard[5]).toMatchObject({ status: 'failed', log: expect.stringContaining('logs/5.log') });
    expect(m.failedShards.map((r: { shard: number }) => r.shard)).toEqual([4, 5]);
    expect(t.units).toBe(m.retirements);
    expect(lines.join('\n')).toMatch(/first failure: item 23/);
    expect(lines.join('\n')).toMatch(/reproduce: npx flexv randprog/);
    expect(lines.join('\n')).toMatch(/5 +failed .*synthetic crash.*log: /);
  });

  it('N shards merge to the totals of 1 shard over the same items', async () => {
    const totals = async (shards: number) => {
      const dir = join(tmp, `n-vs-1-${shards}`);
      const c = lockstepCampaign(shards, 60);
      await writeCampaign(dir, c);
      await writeSyntheticShards(dir, c, { mismatchItems: [17, 50] });
      const json = join(tmp, `n-vs-1-${shards}.json`);
      await mergeCampaign(dir, { json });
      const { perShard: _p, shards: _s, shardsDone: _d, shardSeconds: _x, wallSeconds: _w, retirementsPerShardSecond: _r, ...rest } = JSON.parse(readFileSync(json, 'utf8'));
      return rest;
    };
    const one = await totals(1);
    expect(one.retirements).toBe(60 * 1000 + (59 * 60) / 2);
    for (const n of [2, 7, 60]) expect(await totals(n)).toEqual(one);
  });

  it('a result of another campaign in the directory is refused by name', async () => {
    const dir = join(tmp, 'foreign');
    const c = lockstepCampaign(2, 4);
    await writeCampaign(dir, c);
    await writeSyntheticShards(dir, c, {});
    const bad: ShardResult = { format: SHARD_FORMAT, kind: 'sweep', shard: 1, start: 2, end: 4, units: 2, mismatches: 0, totals: {}, failures: [] };
    writeFileSync(campaignPaths(dir).result(1), JSON.stringify(bad));
    await expect(mergeCampaign(dir)).rejects.toMatchObject({ message: expect.stringMatching(/^not shard 1 of this lockstep campaign \(.*kind sweep/), location: campaignPaths(dir).result(1) });
  });

  it('a rerun skips finished shards; failed ones only with --retry-failed', async () => {
    const dir = join(tmp, 'resume');
    const c = lockstepCampaign(5, 10);
    await writeCampaign(dir, c);
    await writeSyntheticShards(dir, c, { skip: [1, 3], fail: [4] });
    expect((await shardsToRun(dir, c, false)).todo).toEqual([1, 3]);
    expect((await shardsToRun(dir, c, true)).todo).toEqual([1, 3, 4]);
    expect(existsSync(campaignPaths(dir).failed(4))).toBe(false);
  });
});

describe('a failing shard', () => {
  // A kind whose shard 1 throws until the file `fixed` exists: the failure record names the log, a rerun
  // leaves the shard alone, a retry runs it.
  registerCampaignKind({
    name: 'test-flaky', description: 'test', unit: 'units', flags: [],
    plan: () => ({ params: {}, items: 3 }),
    check: () => {},
    prepare: async () => {},
    async runShard(c, shard, ctx) {
      if (shard === 1 && !existsSync(join(ctx.dir, 'fixed'))) throw new Error('harness died: broken pipe');
      ctx.log(`shard ${shard} ran`);
      return { format: SHARD_FORMAT, kind: c.kind, shard, start: shard, end: shard + 1, units: 10, mismatches: 0, totals: {}, failures: [] };
    },
    cpusPerShard: () => 1,
    secondsPerItem: () => 1,
  });

  it('is recorded with its message and log, skipped by a rerun, run again with --retry-failed', async () => {
    const dir = join(tmp, 'flaky');
    const c: Campaign = { format: CAMPAIGN_FORMAT, kind: 'test-flaky', seed: 1, shards: 3, items: 3, params: {}, planned: 'test' };
    await writeCampaign(dir, c);
    for (const s of [0, 1, 2]) await runShard(dir, s, { backend: 'test' });
    const paths = campaignPaths(dir);
    const failure = JSON.parse(readFileSync(paths.failed(1), 'utf8'));
    expect(failure).toMatchObject({ shard: 1, message: 'harness died: broken pipe', log: paths.log(1) });
    expect(readFileSync(paths.log(1), 'utf8')).toMatch(/Error: harness died: broken pipe\n\s+at /);
    const lines: string[] = [];
    const t = await mergeCampaign(dir, { print: (l) => lines.push(l) });
    expect([t.shardsDone, t.shardsFailed, t.units]).toEqual([2, 1, 20]);
    expect(lines.join('\n')).toContain(`harness died: broken pipe (log: ${paths.log(1)})`);
    expect((await shardsToRun(dir, c, false)).todo).toEqual([]);
    writeFileSync(join(dir, 'fixed'), '');
    const { todo } = await shardsToRun(dir, c, true);
    expect(todo).toEqual([1]);
    await runShard(dir, 1, { backend: 'test' });
    expect((await mergeCampaign(dir)).units).toBe(30);
    expect(existsSync(paths.work(1))).toBe(false);
  });
});

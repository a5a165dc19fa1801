// A real lockstep campaign end to end on this machine: the same random programs (flexv core, 80 k
// retirements) as 1 shard and as 4 shards on the local pool, the 4-shard run killed midway and resumed
// (only the missing shards run again), and the same 4 shards as a Slurm job array (each shard's bytes equal
// to the local run's) on a single-node Slurm started here (test/campaign/local-slurm.ts). Every merge must
// equal the 1-shard run's.
import { execa } from 'execa';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasTool } from '../../src/util/tools.ts';
import { slurmUnavailable, startLocalSlurm, type LocalSlurm } from './local-slurm.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const FLEXV = join(ROOT, 'bin', 'flexv.js');
const ready = (await hasTool('verilator')) && (await hasTool('make'));
const tmp = mkdtempSync(join(tmpdir(), 'flexv-campaign-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const PLAN = ['--config', 'flexv', '--retirements', '80000', '--seed', '7'];

function flexv(args: string[], env: NodeJS.ProcessEnv = process.env) {
  return execa('node', [FLEXV, ...args], { cwd: tmp, env, reject: false, all: true });
}

/** The merged JSON without what depends on how it ran (shard count, timing, hosts). */
async function merged(dir: string): Promise<Record<string, unknown>> {
  const json = join(tmp, `${dir}.merged.json`);
  const r = await flexv(['campaign', 'merge', dir, '--json', json]);
  expect(r.exitCode, r.all).toBe(0);
  const m = JSON.parse(readFileSync(json, 'utf8')) as Record<string, unknown>;
  for (const k of ['perShard', 'shards', 'shardsDone', 'shardSeconds', 'wallSeconds', 'retirementsPerShardSecond', 'cpuSeconds', 'retirementsPerCpuSecond']) delete m[k];
  return m;
}

describe.skipIf(!ready)('lockstep campaign, local', () => {
  let single: Record<string, unknown>;

  beforeAll(async () => {
    for (const [dir, shards] of [['one', '1'], ['four', '4'], ['slurm', '4']] as const) {
      const r = await flexv(['campaign', 'plan', 'lockstep', ...PLAN, '--shards', shards, '--out', dir]);
      expect(r.exitCode, r.all).toBe(0);
    }
    const r = await flexv(['campaign', 'run', 'one', '--workers', '1']);
    expect(r.exitCode, r.all).toBe(0);
    single = await merged('one');
  });

  it('one shard: about the retirements asked for, all in lockstep', () => {
    expect(single.retirements as number).toBeGreaterThan(60_000);
    expect(single.mismatches).toBe(0);
    expect(single).toMatchObject({ kind: 'lockstep', seed: 7, shardsFailed: 0, shardsMissing: 0 });
  });

  it('4 shards, killed after the first finished and run again: only the missing ones run; totals equal 1 shard', async () => {
    const results = join(tmp, 'four', 'shards');
    const child = spawn('node', [FLEXV, 'campaign', 'run', 'four', '--workers', '1'], { cwd: tmp, detached: true, stdio: 'ignore' });
    const t0 = Date.now();
    while (!(existsSync(results) && readdirSync(results).some((f) => f.endsWith('.json'))) && Date.now() - t0 < 300_000) {
      await new Promise((r) => setTimeout(r, 200));
    }
    process.kill(-child.pid!, 'SIGKILL'); // the whole group: the pool, its worker, the Verilator harness
    await new Promise((r) => setTimeout(r, 500));
    const finished = readdirSync(results).filter((f) => f.endsWith('.json'));
    expect(finished.length).toBeGreaterThanOrEqual(1);
    expect(finished.length).toBeLessThan(4);
    const before = new Map(finished.map((f) => [f, statSync(join(results, f)).mtimeMs]));

    const r = await flexv(['campaign', 'run', 'four']);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.all).toContain(`${finished.length} of 4 shards already have a result: skipped`);
    expect(r.all).toContain(`running ${4 - finished.length} shards`);
    for (const [f, mtime] of before) expect(statSync(join(results, f)).mtimeMs).toBe(mtime);
    expect(await merged('four')).toEqual(single);
  });

  describe('on a single-node Slurm', () => {
    let slurm: LocalSlurm | undefined;
    let why: string | undefined;

    beforeAll(async () => {
      why = await slurmUnavailable();
      if (why) {
        console.warn(`Slurm campaign test skipped: ${why}`);
        return;
      }
      slurm = await startLocalSlurm();
    }, 300_000);

    afterAll(async () => {
      await slurm?.stop();
    });

    it('--dry-run prints the job script and the sbatch command, submits nothing', async (ctx) => {
      if (!slurm) return ctx.skip();
      const r = await flexv(['campaign', 'run', 'slurm', '--backend', 'slurm', '--dry-run'], slurm.env);
      expect(r.exitCode, r.all).toBe(0);
      expect(r.all).toContain('#SBATCH --array=0-3');
      expect(r.all).toMatch(/sbatch --array=0-3 --export=ALL,FLEXV_SHARD_OFFSET=0 .*campaign\.sbatch/);
      expect(existsSync(join(tmp, 'slurm', 'shards'))).toBe(false);
    });

    it('4 shards as a job array: the merge equals the local 1-shard run', async (ctx) => {
      if (!slurm) return ctx.skip();
      const r = await flexv(['campaign', 'run', 'slurm', '--backend', 'slurm', '--poll', '1'], slurm.env);
      expect(r.exitCode, `${r.all}\n${slurm.logs()}`).toBe(0);
      expect(r.all).toMatch(/submitted 4 shards as Slurm job \d+/);
      expect(r.all).toContain('shards 4/4 done');
      const logs = readdirSync(join(tmp, 'slurm', 'logs'));
      expect(logs.filter((f) => /^slurm-\d+_[0-3]\.out$/.test(f))).toHaveLength(4);
      const timing = JSON.parse(readFileSync(join(tmp, 'slurm', 'timing', '0.json'), 'utf8'));
      expect(timing.backend).toBe('slurm');
      expect(await merged('slurm')).toEqual(single);
      // Each shard run twice (local pool, then a Slurm task) gave the same bytes.
      for (let i = 0; i < 4; i++) {
        expect(readFileSync(join(tmp, 'slurm', 'shards', `${i}.json`), 'utf8')).toBe(readFileSync(join(tmp, 'four', 'shards', `${i}.json`), 'utf8'));
      }
      // A rerun finds nothing to do.
      const again = await flexv(['campaign', 'run', 'slurm', '--backend', 'slurm'], slurm.env);
      expect(again.all).toContain('nothing to run');
    });
  });
});

// `flexv gen/sim/cosim --target cluster`: outputs, exit codes, the timeline file, errors naming the flag
// (no stack traces). Runs the 2-core baseline model (cached, shared with the other cluster tests).
import { execa } from 'execa';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasTool } from '../../src/util/tools.ts';
import { buildClusterProgram, CLUSTER_PROGRAM_BUILD } from './programs.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const flexv = (...args: string[]) => execa('node', [join(ROOT, 'bin', 'flexv.js'), ...args], { cwd: ROOT, reject: false });
const tools = (await hasTool('verilator')) && (await hasTool('gcc'));

describe('flexv gen --target cluster', { timeout: 120_000 }, () => {
  it('writes the cluster SV, the filelist and the SDC', async () => {
    const out = join(CLUSTER_PROGRAM_BUILD, 'gen-cluster-4');
    const r = await flexv('gen', '--target', 'cluster', '--cores', '4', '--banking', '4', '--out', out);
    expect(r.exitCode).toBe(0);
    for (const f of ['flexv_cluster.sv', 'flexv_cluster_fabric.sv', 'flexv_core.sv', 'filelist.f', 'flexv_cluster.sdc']) expect(existsSync(join(out, f))).toBe(true);
    expect(r.stdout).toMatch(/4 baseline cores, 16 TCDM banks of 4096 words \(256 KiB\)/);
    expect(readFileSync(join(out, 'flexv_cluster.sv'), 'utf8')).toMatch(/flexv_core u_core_3/);
  });
  it('refuses bad cluster flags, naming them', async () => {
    const a = await flexv('gen', '--target', 'cluster', '--cores', '40', '--out', join(CLUSTER_PROGRAM_BUILD, 'x'));
    expect(a.exitCode).toBe(1);
    expect(a.stderr).toMatch(/--cores: error: --cores must be an integer in 1\.\.31, got 40/);
    expect(a.stderr).not.toMatch(/at .*\.ts:\d+/);
    const b = await flexv('sim', '--target', 'cluster', '--cores', '2', '--banking', 'two', 'x.elf');
    expect(b.stderr).toMatch(/--banking: error: --banking must be a number, got 'two'/);
    const c = await flexv('cosim', '--cores', '2', 'x.elf');
    expect(c.stderr).toMatch(/--cores: error: --cores applies to --target cluster/);
  });
});

describe.skipIf(!tools)('flexv sim/cosim --target cluster (2 cores)', { timeout: 1_500_000 }, () => {
  const elf: Record<string, string> = {};
  beforeAll(async () => {
    for (const p of ['matmul.c', 'fail-status.S']) elf[p] = await buildClusterProgram(p);
  });

  it('cosim: every retirement compared, per-core figures, a Perfetto timeline', async () => {
    const timeline = join(CLUSTER_PROGRAM_BUILD, 'matmul-timeline.json');
    const r = await flexv('cosim', '--target', 'cluster', '--cores', '2', elf['matmul.c']!, '--timeline', timeline);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^\d+ retirements compared, 0 mismatches \(2 barriers, 0 DMA transfers\)/m);
    expect(r.stdout).toMatch(/^core\s+instructions\s+IPC\s+stall cycles\s+sleep cycles\s+TCDM accesses\s+conflicts$/m);
    expect(r.stdout).toMatch(/^1\s+\d+\s+0\.\d+/m);
    expect(r.stderr).toMatch(/PASS/);
    const trace = JSON.parse(readFileSync(timeline, 'utf8')) as { traceEvents: Array<{ ph: string; name: string; tid: number }> };
    const names = new Set(trace.traceEvents.filter((e) => e.ph === 'X').map((e) => e.name));
    expect(names).toEqual(new Set(['running', 'stalled on memory', 'sleeping']));
  });

  it('sim: free run, exit 0 on a passing program and 1 on a failing one', async () => {
    const ok = await flexv('sim', '--target', 'cluster', '--cores', '2', elf['matmul.c']!);
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toMatch(/^cycles \d+, 2 cores, \d+ instructions, \d+ TCDM conflicts/m);
    const bad = await flexv('sim', '--target', 'cluster', '--cores', '2', elf['fail-status.S']!);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(/FAIL: eoc = 5/);
    const badLock = await flexv('cosim', '--target', 'cluster', '--cores', '2', elf['fail-status.S']!);
    expect(badLock.exitCode).toBe(1);
    expect(badLock.stdout).toMatch(/0 mismatches/);
  });
});

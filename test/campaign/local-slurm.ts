// A real single-node Slurm for the campaign tests (not a mock): Debian's slurm-wlm and munge (installed by
// scripts/ensure-slurm.sh when missing), a private munge key and socket, a minimal slurm.conf for this
// machine (its CPUs, proctrack/linuxproc, no cgroups, no accounting), slurmctld and slurmd on localhost
// as root in the foreground (so this process owns and stops them), everything under one temporary
// directory. Nothing outside it is touched: the system's munged and /etc/slurm are left alone.
import { spawn, type ChildProcess } from 'node:child_process';
import { execa } from 'execa';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, hostname, tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LocalSlurm {
  /** Environment for sbatch/squeue/sacct and `flexv campaign run --backend slurm`: SLURM_CONF set. */
  env: NodeJS.ProcessEnv;
  node: string;
  dir: string;
  /** The daemons' logs, for a failing test's message. */
  logs(): string;
  stop(): Promise<void>;
}

const ROOT = join(import.meta.dirname, '..', '..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

/** Why the Slurm test cannot run here (packages not installable, not root), or undefined when it can. */
export async function slurmUnavailable(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return 'the local Slurm daemons run as root here (CI runs as root); this process is not root';
  const r = await execa('bash', [join(ROOT, 'scripts', 'ensure-slurm.sh')], { reject: false, all: true });
  if (r.exitCode !== 0) return `slurm-wlm and munge could not be installed from Debian: ${(r.all ?? '').trim()}`;
  return undefined;
}

async function waitFor(what: string, seconds: number, ok: () => Promise<boolean>, logs: () => string): Promise<void> {
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`local Slurm: ${what} within ${seconds} s\n${logs()}`);
}

/** Starts munged, slurmctld and slurmd; resolves when the node is idle. Stops what it started on any failure. */
export async function startLocalSlurm(): Promise<LocalSlurm> {
  const dir = mkdtempSync(join(tmpdir(), 'flexv-slurm-'));
  chmodSync(dir, 0o755);
  const node = hostname().split('.')[0]!;
  const sock = join(dir, 'munge', 'munge.socket');
  for (const d of ['munge', 'state', 'spool', 'log']) mkdirSync(join(dir, d), { recursive: true, mode: 0o755 });
  const key = join(dir, 'munge', 'munge.key');
  writeFileSync(key, randomBytes(1024), { mode: 0o400 });
  const conf = join(dir, 'slurm.conf');
  const [ctldPort, slurmdPort] = [await freePort(), await freePort()];
  writeFileSync(
    conf,
    [
      'ClusterName=flexvtest',
      `SlurmctldHost=${node}(127.0.0.1)`,
      'SlurmUser=root',
      'SlurmdUser=root',
      `SlurmctldPort=${ctldPort}`,
      `SlurmdPort=${slurmdPort}`,
      'AuthType=auth/munge',
      `AuthInfo=socket=${sock}`,
      'CredType=cred/munge',
      `StateSaveLocation=${join(dir, 'state')}`,
      `SlurmdSpoolDir=${join(dir, 'spool')}`,
      `SlurmctldPidFile=${join(dir, 'slurmctld.pid')}`,
      `SlurmdPidFile=${join(dir, 'slurmd.pid')}`,
      `SlurmctldLogFile=${join(dir, 'log', 'slurmctld.log')}`,
      `SlurmdLogFile=${join(dir, 'log', 'slurmd.log')}`,
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'JobAcctGatherType=jobacct_gather/none',
      'AccountingStorageType=accounting_storage/none',
      'JobCompType=jobcomp/none',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_CPU',
      'SchedulerType=sched/builtin',
      'MpiDefault=none',
      'ReturnToService=2',
      'SlurmdParameters=config_overrides',
      'SlurmctldTimeout=30',
      'SlurmdTimeout=60',
      'InactiveLimit=0',
      'MinJobAge=600',
      `NodeName=${node} NodeAddr=127.0.0.1 CPUs=${cpus().length} State=UNKNOWN`,
      `PartitionName=flexv Nodes=${node} Default=YES MaxTime=INFINITE State=UP`,
      '',
    ].join('\n'),
  );
  const env = { ...process.env, SLURM_CONF: conf };
  const children: ChildProcess[] = [];
  const logs = () =>
    ['munged.log', 'slurmctld.log', 'slurmd.log']
      .map((f) => {
        const p = join(dir, 'log', f);
        return existsSync(p) ? `--- ${f} (last lines)\n${readFileSync(p, 'utf8').split('\n').slice(-25).join('\n')}` : `--- ${f}: none`;
      })
      .join('\n');
  const daemon = (cmd: string, args: string[]) => {
    const c = spawn(cmd, args, { env, stdio: ['ignore', 'ignore', 'ignore'] });
    children.push(c);
    return c;
  };
  const stop = async () => {
    // slurmd first (it may hold job steps), then the controller, then munge; SIGKILL after 10 s.
    for (const c of [...children].reverse()) {
      if (c.exitCode !== null || c.signalCode !== null) continue;
      const gone = new Promise<void>((r) => c.once('exit', () => r()));
      c.kill('SIGTERM');
      const t = setTimeout(() => c.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(t);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    daemon('/usr/sbin/munged', ['--foreground', '--force', `--socket=${sock}`, `--key-file=${key}`, `--pid-file=${join(dir, 'munge', 'munged.pid')}`, `--log-file=${join(dir, 'log', 'munged.log')}`, `--seed-file=${join(dir, 'munge', 'munged.seed')}`]);
    await waitFor('munged did not answer', 20, async () => existsSync(sock), logs);
    daemon('/usr/sbin/slurmctld', ['-D', '-i', '-f', conf]);
    await waitFor('slurmctld did not answer', 40, async () => (await execa('scontrol', ['ping'], { env, reject: false })).stdout.includes('UP'), logs);
    daemon('/usr/sbin/slurmd', ['-D', '-N', node, '-f', conf]);
    await waitFor(`node ${node} did not become idle`, 60, async () => {
      const s = await execa('sinfo', ['-h', '-n', node, '-o', '%t'], { env, reject: false });
      const state = s.stdout.trim();
      if (/drain|down/.test(state)) await execa('scontrol', ['update', `nodename=${node}`, 'state=resume'], { env, reject: false });
      return state === 'idle';
    }, logs);
    return { env, node, dir, logs, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

// What every bench/results/<name>.json records besides its figures (bench/run.ts wraps them): the machine
// it ran on, the tool versions and the git commit, so a figure can be compared with a later one.
import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';

export interface ToolVersions {
  node: string;
  verilator: string | null;
  yosys: string | null;
  gcc: string | null;
  riscvGcc: string | null;
}

export interface Machine {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  os: string;
  /** 1-, 5- and 15-minute load averages when the benchmark started: a shared machine skews timings. */
  loadAverage: number[];
  tools: ToolVersions;
}

export interface GitState {
  commit: string | null;
  branch: string | null;
  /** Uncommitted changes to tracked files when the benchmark ran. */
  dirty: boolean | null;
}

/** First line of `cmd args` (stdout or stderr), or null when the tool is not installed. */
function firstLine(cmd: string, args: string[]): string | null {
  try {
    const out = execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000 });
    return out.trim().split('\n')[0]!.trim() || null;
  } catch {
    return null;
  }
}

export function toolVersions(): ToolVersions {
  return {
    node: process.version,
    verilator: firstLine('verilator', ['--version']),
    yosys: firstLine('yosys', ['-V']),
    gcc: firstLine('gcc', ['--version']),
    riscvGcc: firstLine('riscv64-unknown-elf-gcc', ['--version']),
  };
}

export function machine(): Machine {
  return {
    cores: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${process.platform} ${release()}`,
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
    tools: toolVersions(),
  };
}

export function gitState(cwd: string): GitState {
  const git = (...args: string[]) => firstLine('git', ['-C', cwd, ...args]);
  const commit = git('rev-parse', 'HEAD');
  if (commit === null) return { commit: null, branch: null, dirty: null };
  let dirty: boolean | null;
  try {
    dirty = execFileSync('git', ['-C', cwd, 'status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim() !== '';
  } catch {
    dirty = null;
  }
  return { commit, branch: git('rev-parse', '--abbrev-ref', 'HEAD'), dirty };
}

/** The file bench/run.ts writes: the figures wrapped with where and when they were measured. */
export interface BenchResult<T = unknown> {
  benchmark: string;
  args: string[];
  startedAt: string;
  seconds: number;
  git: GitState;
  machine: Machine;
  figures: T;
}

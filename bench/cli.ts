// `npm run bench -- cli [runs=15]`: start-up of the `flexv` command (issue 19, item 5). Scripts and campaigns
// call `flexv run` thousands of times, so what counts is the wall time of one call:
//  - `node bin/flexv.js --help`, goal <= 0.25 s, and `flexv run` of a 1007-instruction program, goal
//    <= 0.4 s, from the compiled dist/ (built first when missing or stale);
//  - the same from the TypeScript sources through tsx (FLEXV_FROM_SOURCE=1: how every call started before
//    dist/), `npx flexv --help`, and `node -e 0` (the floor: Node's own start-up on this machine).
// Each figure: median and minimum wall time of `runs` calls (fewer for the slow source runs), and the
// median CPU time (user + system) when /usr/bin/time is there: on a shared machine the wall time follows
// the load, the CPU time much less.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { distState } from '../scripts/dist-stamp.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'flexv.js');
const GOALS = { help: 0.25, run: 0.4 };

interface Timing {
  command: string;
  runs: number;
  median_s: number;
  min_s: number;
  /** user + system CPU seconds, median (null without /usr/bin/time). */
  cpu_median_s: number | null;
}

const TIME = '/usr/bin/time';

/** Runs `cmd` `runs` times (after one warm-up call: the file cache), checking its exit status. */
function measure(label: string, cmd: string[], runs: number, env: Record<string, string> = {}): Timing {
  const walls: number[] = [];
  const cpus: number[] = [];
  const withTime = existsSync(TIME);
  for (let i = 0; i <= runs; i++) {
    const argv = withTime ? [TIME, '-f', 'flexv-bench %e %U %S', ...cmd] : cmd;
    const t0 = performance.now();
    const r = spawnSync(argv[0]!, argv.slice(1), { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
    const wall = (performance.now() - t0) / 1000;
    if (r.status !== 0) throw new Error(`${label}: '${cmd.join(' ')}' exited with ${r.status}: ${r.stderr}`);
    if (i === 0) continue;
    walls.push(wall);
    const m = /flexv-bench ([\d.]+) ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
    if (m) cpus.push(Number(m[2]) + Number(m[3]));
  }
  const t: Timing = { command: cmd.join(' ').replaceAll(ROOT + '/', ''), runs, median_s: round(median(walls)), min_s: round(Math.min(...walls)), cpu_median_s: cpus.length ? round(median(cpus)) : null };
  console.log(`${label.padEnd(28)} median ${t.median_s.toFixed(3)} s  min ${t.min_s.toFixed(3)} s${t.cpu_median_s !== null ? `  cpu ${t.cpu_median_s.toFixed(3)} s` : ''}   (${t.command}, ${runs} runs)`);
  return t;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const round = (x: number) => Math.round(x * 1000) / 1000;

export default async function cli(args: string[]) {
  const runs = Number(args[0] ?? 15);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`runs must be a positive integer, got '${args[0]}'`);
  const slowRuns = Math.max(1, Math.round(runs / 3));
  const state = distState();
  if (!state.fresh) {
    console.log(`dist/: ${state.reason}; building it (npm run build)`);
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.js')], { cwd: ROOT, stdio: 'inherit' });
  }
  const dir = join(ROOT, 'build', 'bench-cli');
  mkdirSync(dir, { recursive: true });
  const elf = join(dir, 'loop-1000.elf');
  execFileSync(process.execPath, [BIN, 'asm', join(ROOT, 'test', 'cli', 'fixtures', 'loop-1000.S'), '-o', elf], { cwd: ROOT });
  const instructions = /PASS \((\d+) instructions\)/.exec(spawnSync(process.execPath, [BIN, 'run', elf], { encoding: 'utf8' }).stderr)?.[1];

  const node = measure('node -e 0 (floor)', ['node', '-e', '0'], runs);
  const help = measure('help, dist/', ['node', BIN, '--help'], runs);
  const run = measure(`run ${instructions} instr, dist/`, ['node', BIN, 'run', elf], runs);
  const npxHelp = measure('npx flexv --help, dist/', ['npx', 'flexv', '--help'], slowRuns);
  const helpSrc = measure('help, sources (tsx)', ['node', BIN, '--help'], slowRuns, { FLEXV_FROM_SOURCE: '1' });
  const runSrc = measure(`run ${instructions} instr, sources`, ['node', BIN, 'run', elf], slowRuns, { FLEXV_FROM_SOURCE: '1' });
  const npxHelpSrc = measure('npx flexv --help, sources', ['npx', 'flexv', '--help'], slowRuns, { FLEXV_FROM_SOURCE: '1' });

  const goals = {
    help_s: GOALS.help,
    run_s: GOALS.run,
    help_met: help.median_s <= GOALS.help,
    run_met: run.median_s <= GOALS.run,
    // On a shared machine the wall time is mostly waiting for a core: the CPU time says whether a call
    // fits its goal by itself, and the floor's wall/CPU ratio how much the load stretched every figure.
    help_cpu_met: help.cpu_median_s !== null ? help.cpu_median_s <= GOALS.help : null,
    run_cpu_met: run.cpu_median_s !== null ? run.cpu_median_s <= GOALS.run : null,
    floor_wall_per_cpu: node.cpu_median_s ? round(node.median_s / node.cpu_median_s) : null,
  };
  console.log(
    `\ngoals (median wall): --help ${help.median_s.toFixed(3)} s <= ${GOALS.help} s: ${goals.help_met ? 'met' : 'NOT met'}; ` +
      `run ${run.median_s.toFixed(3)} s <= ${GOALS.run} s: ${goals.run_met ? 'met' : 'NOT met'}` +
      `\nin CPU time (user + sys): --help ${help.cpu_median_s ?? '-'} s, run ${run.cpu_median_s ?? '-'} s; ` +
      `Node alone takes ${goals.floor_wall_per_cpu ?? '-'} times its CPU time in wall time here (the load)` +
      `\nspeed-up over the sources: --help x${(helpSrc.median_s / help.median_s).toFixed(1)}, run x${(runSrc.median_s / run.median_s).toFixed(1)}`,
  );
  return {
    program_instructions: Number(instructions),
    dist: { help, run, npx_help: npxHelp },
    sources: { help: helpSrc, run: runSrc, npx_help: npxHelpSrc },
    node_floor: node,
    goals,
  };
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFilelist } from './filelist.ts';
import { renderScript } from './scripts.ts';
import { runYosys, yosysErrors } from './yosys.ts';

export interface YosysCheckResult {
  ok: boolean;
  /** `ERROR:` lines and the problems `check -assert` found, one per entry. */
  errors: string[];
  log: string;
}

/**
 * Does Yosys 0.23 accept an emitted design? Reads every file of `dir/filelist.f` with `read_verilog -sv`,
 * runs `synth -top <top>` and `check -assert` (constraints/check.ys). Nothing is written into `dir`:
 * Yosys works in a temporary directory, removed afterwards; the log comes back in the result.
 */
export async function yosysCheck(dir: string, top: string, opts: { light?: boolean } = {}): Promise<YosysCheckResult> {
  const files = await readFilelist(dir);
  // light: constraints/check-coarse.ys, the word-level synthesis only (the integrated cluster in CI)
  const script = await renderScript(opts.light ? 'check-coarse.ys' : 'check.ys', { FILES: files, TOP: top });
  const work = await mkdtemp(join(tmpdir(), 'flexv-yosys-check-'));
  const run = await runYosys(script, {
    cwd: work,
    scriptFile: join(work, 'check.ys'),
    logFile: join(work, 'yosys.log'),
  }).finally(() => rm(work, { recursive: true, force: true }));
  const errors = yosysErrors(run.log);
  if (!run.ok && errors.length === 0) errors.push(run.stderr || `yosys exited with code ${run.exitCode}`);
  return { ok: run.ok && errors.length === 0, errors, log: run.log };
}

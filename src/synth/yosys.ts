import { execa } from 'execa';
import { readFile, writeFile } from 'node:fs/promises';
import { requireTool } from '../util/tools.ts';

/** What a Yosys run left behind: its exit code and the full log (also written to `logFile`). */
export interface YosysRun {
  ok: boolean;
  exitCode: number;
  log: string;
  /** What Yosys wrote to stderr (its errors again, or a crash message). */
  stderr: string;
}

export interface YosysRunOptions {
  /** Working directory; relative paths in the script resolve from here. */
  cwd: string;
  /** The script is written here before Yosys runs it, so a user can rerun it by hand. */
  scriptFile: string;
  /** Full log of the run (Yosys `-l`). */
  logFile: string;
  /** Called with the name of each pass as Yosys starts it (`PROC`, `ABC`, ...), for progress output. */
  onPass?: (pass: string) => void;
}

/** `2.3. Executing PROC pass (...)` / `1. Executing Verilog-2005 frontend: file` -> `PROC` / `Verilog-2005 frontend`. */
const PASS_LINE = /^[\d.]+\s+Executing (.+?)(?: pass)?(?: \(|\.$|:|$)/;

/**
 * Runs one Yosys script and never throws on a Yosys failure: the caller reads `ok` and the log. The log
 * is read back from the `-l` file rather than buffered from stdout (a cluster's log runs to tens of MB);
 * stdout is only streamed for progress, stderr kept for a crash that leaves no ERROR line.
 */
export async function runYosys(script: string, opts: YosysRunOptions): Promise<YosysRun> {
  const yosys = await requireTool('yosys');
  await writeFile(opts.scriptFile, script);
  const child = execa(yosys, ['-l', opts.logFile, '-s', opts.scriptFile], {
    cwd: opts.cwd,
    reject: false,
    stdout: opts.onPass ? 'pipe' : 'ignore',
    buffer: { stdout: false, stderr: true },
  });
  if (opts.onPass) {
    let pending = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const m = PASS_LINE.exec(line);
        if (m) opts.onPass!(m[1]!);
      }
    });
  }
  const r = await child;
  const log = await readFile(opts.logFile, 'utf8').catch(() => '');
  const stderr = typeof r.stderr === 'string' ? r.stderr.trim() : '';
  return { ok: r.exitCode === 0, exitCode: r.exitCode ?? -1, log, stderr };
}

/** The `ERROR:` lines of a Yosys log, and the problems `check -assert` listed before failing. */
export function yosysErrors(log: string): string[] {
  const lines = log.split('\n');
  const errors: string[] = [];
  let inCheck = false;
  for (const line of lines) {
    if (/Executing CHECK pass/.test(line)) inCheck = true;
    else if (/^[\d.]+\s+Executing /.test(line)) inCheck = false;
    if (/ERROR:/.test(line)) errors.push(line.trim());
    else if (inCheck && /^Warning:/.test(line)) errors.push(line.trim());
  }
  return [...new Set(errors)];
}

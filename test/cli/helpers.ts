import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const TRACE = fileURLToPath(new URL('./fixtures/trace-loads.mjs', import.meta.url));

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** Files the process loaded as modules: relative to `root` when inside it, else absolute paths. */
  loads: string[];
}

/**
 * Runs `<root>/bin/flexv.js args` (root: the working tree or a staged package) and records which files it
 * loaded. `fromSource` sets FLEXV_FROM_SOURCE=1 (the TypeScript sources through tsx).
 */
export async function flexvAt(root: string, args: string[], opts: { cwd?: string; fromSource?: boolean } = {}): Promise<CliResult> {
  const dir = mkdtempSync(join(tmpdir(), 'flexv-trace-'));
  const traceFile = join(dir, 'loads.txt');
  try {
    const env: Record<string, string> = { FLEXV_TRACE_LOADS: traceFile };
    if (opts.fromSource) env.FLEXV_FROM_SOURCE = '1';
    const r = await execa('node', ['--import', TRACE, join(root, 'bin', 'flexv.js'), ...args], { reject: false, cwd: opts.cwd ?? root, env });
    let loads: string[] = [];
    try {
      loads = readFileSync(traceFile, 'utf8').trim().split('\n').filter(Boolean).map((url) => {
        const path = fileURLToPath(url.replace(/\?.*$/, ''));
        const rel = relative(root, path);
        return rel.startsWith('..') ? path : rel;
      });
    } catch {
      loads = [];
    }
    return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr), loads };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A fresh directory outside the repository (removed by the caller). */
export function outsideDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `flexv-${prefix}-`));
}

import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../util/errors.ts';
import { requireTool } from '../util/tools.ts';

export interface LintResult {
  /** True when Verilator exited cleanly and printed no warning or error. */
  clean: boolean;
  /** One entry per Verilator diagnostic, its first line followed by its context lines. */
  messages: string[];
}

export interface LintOptions {
  /** Top module; Verilator picks the uninstantiated module when omitted. */
  top?: string;
  /** Extra Verilator arguments (e.g. `-Wno-UNUSEDSIGNAL`), appended after `-Wall`. */
  extraArgs?: string[];
}

/** Name of the file list the emitter writes next to the `.sv` files. */
export const FILELIST = 'filelist.f';

/**
 * Runs `verilator --lint-only -Wall` on an emitted directory (one holding `filelist.f`). The file list
 * is passed with `-F`, so its relative paths resolve against the directory, wherever we run from.
 */
export async function lintVerilator(dir: string, opts: LintOptions = {}): Promise<LintResult> {
  const filelist = join(resolve(dir), FILELIST);
  if (!existsSync(filelist)) {
    throw new UserError(`no ${FILELIST} in ${dir}: lint expects a directory written by 'flexv emit'`, dir);
  }
  const bin = await requireTool('verilator');
  const args = ['--lint-only', '-Wall', '--no-timing', '-F', filelist];
  if (opts.top) args.push('--top-module', opts.top);
  args.push(...(opts.extraArgs ?? []));
  const r = await execa(bin, args, { reject: false, all: true, cwd: resolve(dir) });
  const messages = splitDiagnostics(r.all ?? '');
  if (r.exitCode !== 0 && messages.length === 0) {
    // Verilator failed without a diagnostic we recognise (crash, bad flag): show what it printed.
    messages.push((r.all ?? '').trim() || `verilator exited with code ${r.exitCode}`);
  }
  return { clean: r.exitCode === 0 && messages.length === 0, messages };
}

/**
 * Groups Verilator's output into diagnostics: each starts with `%Warning`/`%Error`; the indented lines
 * after it (source excerpt, caret, hints) belong to it. The closing "Exiting due to N warning(s)" is
 * a summary, not a diagnostic.
 */
export function splitDiagnostics(output: string): string[] {
  const messages: string[] = [];
  for (const line of output.split('\n')) {
    if (line.startsWith('%')) {
      if (/^%Error: Exiting due to/.test(line)) continue;
      messages.push(line);
    } else if (messages.length > 0 && line.trim() !== '') {
      messages[messages.length - 1] += '\n' + line;
    }
  }
  return messages;
}

import { basename } from 'node:path';
import { UserError } from '../util/errors.ts';
import { displayName } from './names.ts';
import { yosysErrors } from './yosys.ts';

/**
 * A failed Yosys run turned into a message a user can act on: which module, what Yosys said, where the
 * full log is. `location` is the SV `file:line` when Yosys gave one, so editors can jump to it.
 */
export function synthesisFailure(opts: { label: string; step: string; top: string; log: string; stderr: string; logFile: string; exitCode: number }): UserError {
  const errors = yosysErrors(opts.log);
  const crash = opts.stderr.split('\n').filter((l) => l.trim()).pop();
  const first = errors.find((e) => /ERROR:/.test(e)) ?? errors[0] ?? crash ?? `yosys exited with code ${opts.exitCode}`;
  const located = /^(\S+?\.s?vh?):(\d+):\s*ERROR:\s*(.*)$/.exec(first);
  const module = located ? basename(located[1]!).replace(/\.s?vh?$/, '') : moduleOf(errors) ?? opts.top;
  const message = located ? located[3]! : first.replace(/^ERROR:\s*/, '');
  const details = errors.filter((e) => e !== first).slice(0, 8).map((e) => `\n  ${e}`).join('');
  return new UserError(
    `synthesis of ${opts.label} failed (${opts.step}) in module ${displayName(module)}: ${message}${details}\n  full Yosys log: ${opts.logFile}`,
    located ? `${located[1]}:${located[2]}` : undefined,
  );
}

/** The module a Yosys message names: "in module X", "module `\X'", or a hierarchical "X.\sig". */
function moduleOf(errors: string[]): string | undefined {
  for (const e of errors) {
    const m =
      /module `?\\?([^\s`':]+)/.exec(e) ??
      /for ([A-Za-z_$][\w$]*)\.\\/.exec(e) ??
      /(?:^|\s)([A-Za-z_][\w$]*)\.\\/.exec(e);
    if (m) return m[1];
  }
  return undefined;
}

import type { Command } from 'commander';
import { lintVerilator } from '../../sim/lint.ts';

/** `flexv lint <dir>`: Verilator `-Wall` lint of an emitted directory; exit 1 when it is not clean. */
export function registerLint(program: Command): void {
  program
    .command('lint')
    .description("lint an emitted directory (its filelist.f) with 'verilator --lint-only -Wall'")
    .argument('<dir>', "directory written by 'flexv emit' (holds filelist.f)")
    .option('--top <module>', 'top module (default: the one module nothing instantiates)')
    .action(async (dir: string, opts: { top?: string }) => {
      const r = await lintVerilator(dir, { top: opts.top });
      for (const m of r.messages) console.log(m);
      if (r.clean) {
        console.log(`${dir}: lint clean (verilator -Wall)`);
      } else {
        console.error(`${dir}: ${r.messages.length} lint message(s)`);
        process.exitCode = 1;
      }
    });
}
